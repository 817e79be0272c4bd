CREATE TABLE "staff_user" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"session_version" integer DEFAULT 1 NOT NULL,
	"deactivated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"message_id" text NOT NULL,
	"type" text,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"error" text,
	"received_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dead_letter" (
	"id" uuid PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"message_id" text NOT NULL,
	"body" text NOT NULL,
	"reason" text NOT NULL,
	"receive_count" integer NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replayed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_delivery" (
	"event_id" text NOT NULL,
	"subscriber" text NOT NULL,
	"delivered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_delivery_event_id_subscriber_pk" PRIMARY KEY("event_id","subscriber")
);
--> statement-breakpoint
CREATE TABLE "job_run" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "outbox_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "queue_message" (
	"id" uuid PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"body" text NOT NULL,
	"visible_at" timestamp with time zone DEFAULT now() NOT NULL,
	"receive_count" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriber_status_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subscriber_id" text NOT NULL,
	"event_id" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriber" (
	"id" uuid PRIMARY KEY NOT NULL,
	"external_system" text NOT NULL,
	"external_id" text NOT NULL,
	"subscriber_number" text NOT NULL,
	"account_number" text,
	"status" text NOT NULL,
	"plan_name" text,
	"plan_speed" text,
	"service_address" jsonb,
	"source_updated_at" timestamp with time zone NOT NULL,
	"last_synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "upload" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"filename" text NOT NULL,
	"declared_type" text NOT NULL,
	"max_bytes" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"detected_type" text,
	"size" bigint,
	"reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"scanned_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "staff_user_email_idx" ON "staff_user" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_event_message_idx" ON "inbound_event" USING btree ("provider","message_id");--> statement-breakpoint
CREATE INDEX "inbound_event_recent_idx" ON "inbound_event" USING btree ("processed_at");--> statement-breakpoint
CREATE INDEX "dead_letter_pending_idx" ON "dead_letter" USING btree ("queue","failed_at") WHERE "dead_letter"."replayed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "dead_letter_message_idx" ON "dead_letter" USING btree ("queue","message_id");--> statement-breakpoint
CREATE INDEX "job_run_name_idx" ON "job_run" USING btree ("name","started_at");--> statement-breakpoint
CREATE INDEX "outbox_event_unpublished_idx" ON "outbox_event" USING btree ("occurred_at") WHERE "outbox_event"."published_at" is null;--> statement-breakpoint
CREATE INDEX "queue_message_ready_idx" ON "queue_message" USING btree ("queue","visible_at");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriber_status_log_event_idx" ON "subscriber_status_log" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "subscriber_status_log_subscriber_idx" ON "subscriber_status_log" USING btree ("subscriber_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriber_external_idx" ON "subscriber" USING btree ("external_system","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriber_number_idx" ON "subscriber" USING btree ("subscriber_number");--> statement-breakpoint
CREATE UNIQUE INDEX "upload_key_idx" ON "upload" USING btree ("key");--> statement-breakpoint
CREATE INDEX "upload_status_idx" ON "upload" USING btree ("status","created_at");