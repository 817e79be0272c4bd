CREATE TABLE "email_delivery" (
	"id" uuid PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"template" text NOT NULL,
	"subject" text NOT NULL,
	"data" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"ticket_id" uuid,
	"dedupe_key" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_filter" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"filters" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_alert" (
	"ticket_id" uuid NOT NULL,
	"clock" text NOT NULL,
	"kind" text NOT NULL,
	"cycle" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_alert_ticket_id_clock_kind_cycle_pk" PRIMARY KEY("ticket_id","clock","kind","cycle")
);
--> statement-breakpoint
CREATE TABLE "support_setting" (
	"id" text PRIMARY KEY DEFAULT 'default' NOT NULL,
	"pause_statuses" text[] DEFAULT '{pending,waiting_on_customer,on_hold}'::text[] NOT NULL,
	"confirmation_grace_hours" integer DEFAULT 24 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_attachment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"comment_id" uuid,
	"upload_id" uuid NOT NULL,
	"is_internal" boolean DEFAULT false NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticket_confirmation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"email" text,
	"expires_at" timestamp with time zone NOT NULL,
	"outcome" text,
	"decided_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_link" (
	"id" uuid PRIMARY KEY NOT NULL,
	"from_ticket_id" uuid NOT NULL,
	"to_ticket_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_sla" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"cycle" integer DEFAULT 0 NOT NULL,
	"first_response_state" text,
	"first_response_deadline" timestamp with time zone,
	"first_response_warning_at" timestamp with time zone,
	"first_response_breached_at" timestamp with time zone,
	"resolution_state" text,
	"resolution_deadline" timestamp with time zone,
	"resolution_warning_at" timestamp with time zone,
	"resolution_breached_at" timestamp with time zone,
	"next_check_at" timestamp with time zone,
	"computed_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_filter" ADD CONSTRAINT "saved_filter_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_alert" ADD CONSTRAINT "sla_alert_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachment" ADD CONSTRAINT "ticket_attachment_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachment" ADD CONSTRAINT "ticket_attachment_comment_id_ticket_comment_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."ticket_comment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachment" ADD CONSTRAINT "ticket_attachment_upload_id_upload_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."upload"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachment" ADD CONSTRAINT "ticket_attachment_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_confirmation" ADD CONSTRAINT "ticket_confirmation_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_link" ADD CONSTRAINT "ticket_link_from_ticket_id_ticket_id_fk" FOREIGN KEY ("from_ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_link" ADD CONSTRAINT "ticket_link_to_ticket_id_ticket_id_fk" FOREIGN KEY ("to_ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_link" ADD CONSTRAINT "ticket_link_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_sla" ADD CONSTRAINT "ticket_sla_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "email_delivery_dedupe_idx" ON "email_delivery" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "email_delivery_due_idx" ON "email_delivery" USING btree ("next_attempt_at") WHERE "email_delivery"."status" in ('pending', 'failed');--> statement-breakpoint
CREATE UNIQUE INDEX "notification_dedupe_idx" ON "notification" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "notification_user_idx" ON "notification" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_unread_idx" ON "notification" USING btree ("user_id") WHERE "notification"."read_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_filter_user_name_idx" ON "saved_filter" USING btree ("user_id","name");--> statement-breakpoint
CREATE INDEX "sla_alert_at_idx" ON "sla_alert" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_attachment_upload_idx" ON "ticket_attachment" USING btree ("upload_id");--> statement-breakpoint
CREATE INDEX "ticket_attachment_ticket_idx" ON "ticket_attachment" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_confirmation_token_idx" ON "ticket_confirmation" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "ticket_confirmation_open_idx" ON "ticket_confirmation" USING btree ("expires_at") WHERE "ticket_confirmation"."outcome" is null;--> statement-breakpoint
CREATE INDEX "ticket_confirmation_ticket_idx" ON "ticket_confirmation" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_link_pair_idx" ON "ticket_link" USING btree ("from_ticket_id","to_ticket_id","kind");--> statement-breakpoint
CREATE INDEX "ticket_link_to_idx" ON "ticket_link" USING btree ("to_ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_sla_next_check_idx" ON "ticket_sla" USING btree ("next_check_at") WHERE "ticket_sla"."next_check_at" is not null;--> statement-breakpoint
INSERT INTO "support_setting" ("id") VALUES ('default') ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "ticket_sla" ("ticket_id", "next_check_at") SELECT "id", now() FROM "ticket" WHERE "deleted_at" IS NULL ON CONFLICT DO NOTHING;
