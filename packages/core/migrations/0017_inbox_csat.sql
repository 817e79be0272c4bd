CREATE TABLE "inbox_csat" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"agent_id" uuid,
	"team_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"rating" integer,
	"comment" text,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_csat_rating_range" CHECK ("inbox_csat"."rating" is null or "inbox_csat"."rating" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "inbox_csat" ADD CONSTRAINT "inbox_csat_conversation_id_inbox_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."inbox_conversation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_csat_conversation_idx" ON "inbox_csat" USING btree ("conversation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_csat_token_idx" ON "inbox_csat" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "inbox_csat_responded_idx" ON "inbox_csat" USING btree ("responded_at");