CREATE TABLE "recovery_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"portal" text NOT NULL,
	"email" text NOT NULL,
	"request_id" text,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
