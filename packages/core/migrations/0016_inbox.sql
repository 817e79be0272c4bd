CREATE TABLE "inbox_attachment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"idx" integer NOT NULL,
	"media_ref" text,
	"filename" text,
	"declared_type" text,
	"detected_type" text,
	"size" integer,
	"sha256" text,
	"blob_key" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_channel" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"external_account_id" text NOT NULL,
	"business_account_id" text,
	"team_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"access_token_secret" text,
	"verify_token_hash" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inbox_conversation_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"from" jsonb,
	"to" jsonb,
	"reason" text,
	"actor_type" text NOT NULL,
	"actor_id" text
);
--> statement-breakpoint
CREATE TABLE "inbox_conversation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"person_channel_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"priority" text DEFAULT 'none' NOT NULL,
	"subject" text,
	"assignee_id" uuid,
	"team_id" uuid,
	"labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"ticket_id" uuid,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_inbound_at" timestamp with time zone,
	"last_outbound_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"window_expires_at" timestamp with time zone,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"snoozed_until" timestamp with time zone,
	"snooze_until_reply" boolean DEFAULT false NOT NULL,
	"muted" boolean DEFAULT false NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_message" (
	"id" uuid PRIMARY KEY NOT NULL,
	"conversation_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"external_id" text,
	"subject" text,
	"body" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reply_to_message_id" uuid,
	"author_id" uuid,
	"mentions" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"idempotency_key" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"sending_started_at" timestamp with time zone,
	"error_code" text,
	"error_detail" text,
	"provider_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"thread_match" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_receipt" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"error" jsonb,
	"applied_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_member" (
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_member_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "inbox_attachment" ADD CONSTRAINT "inbox_attachment_message_id_inbox_message_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."inbox_message"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_channel" ADD CONSTRAINT "inbox_channel_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_conversation_event" ADD CONSTRAINT "inbox_conversation_event_conversation_id_inbox_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."inbox_conversation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_conversation" ADD CONSTRAINT "inbox_conversation_channel_id_inbox_channel_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."inbox_channel"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_conversation" ADD CONSTRAINT "inbox_conversation_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_conversation" ADD CONSTRAINT "inbox_conversation_person_channel_id_person_channel_id_fk" FOREIGN KEY ("person_channel_id") REFERENCES "public"."person_channel"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_conversation" ADD CONSTRAINT "inbox_conversation_assignee_id_user_account_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_conversation" ADD CONSTRAINT "inbox_conversation_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_conversation" ADD CONSTRAINT "inbox_conversation_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_message" ADD CONSTRAINT "inbox_message_conversation_id_inbox_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."inbox_conversation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_message" ADD CONSTRAINT "inbox_message_channel_id_inbox_channel_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."inbox_channel"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_message" ADD CONSTRAINT "inbox_message_reply_to_message_id_inbox_message_id_fk" FOREIGN KEY ("reply_to_message_id") REFERENCES "public"."inbox_message"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_message" ADD CONSTRAINT "inbox_message_author_id_user_account_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_receipt" ADD CONSTRAINT "inbox_receipt_channel_id_inbox_channel_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."inbox_channel"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_member" ADD CONSTRAINT "team_member_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_member" ADD CONSTRAINT "team_member_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_attachment_message_idx" ON "inbox_attachment" USING btree ("message_id","idx");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_channel_account_idx" ON "inbox_channel" USING btree ("kind","external_account_id") WHERE "inbox_channel"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "inbox_conversation_event_idx" ON "inbox_conversation_event" USING btree ("conversation_id","at","id");--> statement-breakpoint
CREATE INDEX "inbox_conversation_event_kind_idx" ON "inbox_conversation_event" USING btree ("kind","at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_conversation_live_idx" ON "inbox_conversation" USING btree ("channel_id","person_id") WHERE "inbox_conversation"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "inbox_conversation_recent_idx" ON "inbox_conversation" USING btree ("last_message_at","id");--> statement-breakpoint
CREATE INDEX "inbox_conversation_status_idx" ON "inbox_conversation" USING btree ("status","last_message_at","id");--> statement-breakpoint
CREATE INDEX "inbox_conversation_assignee_idx" ON "inbox_conversation" USING btree ("assignee_id","status","last_message_at","id");--> statement-breakpoint
CREATE INDEX "inbox_conversation_team_idx" ON "inbox_conversation" USING btree ("team_id","status","last_message_at","id");--> statement-breakpoint
CREATE INDEX "inbox_conversation_person_idx" ON "inbox_conversation" USING btree ("person_id","last_message_at");--> statement-breakpoint
CREATE INDEX "inbox_conversation_snoozed_idx" ON "inbox_conversation" USING btree ("snoozed_until") WHERE "inbox_conversation"."status" = 'snoozed';--> statement-breakpoint
CREATE INDEX "inbox_conversation_ticket_idx" ON "inbox_conversation" USING btree ("ticket_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_message_external_idx" ON "inbox_message" USING btree ("channel_id","external_id") WHERE "inbox_message"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_message_idempotency_idx" ON "inbox_message" USING btree ("author_id","idempotency_key") WHERE "inbox_message"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "inbox_message_thread_idx" ON "inbox_message" USING btree ("conversation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "inbox_message_due_idx" ON "inbox_message" USING btree ("next_attempt_at") WHERE "inbox_message"."status" in ('queued', 'sending');--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_receipt_key_idx" ON "inbox_receipt" USING btree ("channel_id","external_id","status");--> statement-breakpoint
CREATE INDEX "team_member_user_idx" ON "team_member" USING btree ("user_id");