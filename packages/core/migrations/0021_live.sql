CREATE TABLE "live_connection" (
	"connection_id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_subscription" (
	"connection_id" text NOT NULL,
	"topic" text NOT NULL,
	CONSTRAINT "live_subscription_connection_id_topic_pk" PRIMARY KEY("connection_id","topic")
);
--> statement-breakpoint
CREATE TABLE "live_ticket" (
	"hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "live_connection" ADD CONSTRAINT "live_connection_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_connection" ADD CONSTRAINT "live_connection_session_id_auth_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."auth_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_subscription" ADD CONSTRAINT "live_subscription_connection_id_live_connection_connection_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."live_connection"("connection_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_ticket" ADD CONSTRAINT "live_ticket_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_ticket" ADD CONSTRAINT "live_ticket_session_id_auth_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."auth_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_connection_user_idx" ON "live_connection" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "live_connection_seen_idx" ON "live_connection" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "live_subscription_topic_idx" ON "live_subscription" USING btree ("topic");--> statement-breakpoint
CREATE INDEX "live_ticket_expires_idx" ON "live_ticket" USING btree ("expires_at");