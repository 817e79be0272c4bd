CREATE TABLE "work_order_attachment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"upload_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"signer_name" text,
	"captured_at" timestamp with time zone,
	"latitude" double precision,
	"longitude" double precision,
	"client_ref" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "work_order_completion" (
	"work_order_id" uuid PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"has_photo" boolean NOT NULL,
	"has_signature" boolean NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"ticket_resolved" boolean DEFAULT false NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_field_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"client_event_id" text NOT NULL,
	"source" text NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"note" text,
	"reason" text,
	"actor_type" text NOT NULL,
	"actor_id" text
);
--> statement-breakpoint
CREATE TABLE "work_order_note" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"body" text NOT NULL,
	"is_internal" boolean DEFAULT true NOT NULL,
	"client_ref" text,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "work_order_setting" (
	"id" text PRIMARY KEY NOT NULL,
	"completion_requires_evidence" boolean DEFAULT true NOT NULL,
	"completion_resolves_ticket" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_status_transition" (
	"id" uuid PRIMARY KEY NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"requires_note" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work_order" ADD COLUMN "base_status" text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE "work_order_attachment" ADD CONSTRAINT "work_order_attachment_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_attachment" ADD CONSTRAINT "work_order_attachment_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_completion" ADD CONSTRAINT "work_order_completion_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_field_event" ADD CONSTRAINT "work_order_field_event_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_note" ADD CONSTRAINT "work_order_note_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_note" ADD CONSTRAINT "work_order_note_author_id_user_account_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_attachment_upload_idx" ON "work_order_attachment" USING btree ("upload_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_attachment_ref_idx" ON "work_order_attachment" USING btree ("work_order_id","client_ref") WHERE "work_order_attachment"."client_ref" is not null;--> statement-breakpoint
CREATE INDEX "work_order_attachment_order_idx" ON "work_order_attachment" USING btree ("work_order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_field_event_client_idx" ON "work_order_field_event" USING btree ("work_order_id","client_event_id");--> statement-breakpoint
CREATE INDEX "work_order_field_event_order_idx" ON "work_order_field_event" USING btree ("work_order_id","occurred_at");--> statement-breakpoint
CREATE INDEX "work_order_note_order_idx" ON "work_order_note" USING btree ("work_order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_note_ref_idx" ON "work_order_note" USING btree ("work_order_id","client_ref") WHERE "work_order_note"."client_ref" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_status_transition_pair_idx" ON "work_order_status_transition" USING btree ("from_status","to_status");--> statement-breakpoint
-- v1's sensible defaults for staff transitions: cancelling and reopening need a note.
INSERT INTO "work_order_status_transition" ("id", "from_status", "to_status", "requires_note") VALUES
  (gen_random_uuid(), 'draft', 'scheduled', false),
  (gen_random_uuid(), 'draft', 'canceled', true),
  (gen_random_uuid(), 'scheduled', 'draft', false),
  (gen_random_uuid(), 'scheduled', 'dispatched', false),
  (gen_random_uuid(), 'scheduled', 'in_progress', false),
  (gen_random_uuid(), 'scheduled', 'canceled', true),
  (gen_random_uuid(), 'dispatched', 'scheduled', false),
  (gen_random_uuid(), 'dispatched', 'in_progress', false),
  (gen_random_uuid(), 'dispatched', 'canceled', true),
  (gen_random_uuid(), 'in_progress', 'paused', false),
  (gen_random_uuid(), 'in_progress', 'completed', false),
  (gen_random_uuid(), 'in_progress', 'canceled', true),
  (gen_random_uuid(), 'paused', 'in_progress', false),
  (gen_random_uuid(), 'paused', 'dispatched', false),
  (gen_random_uuid(), 'paused', 'canceled', true),
  (gen_random_uuid(), 'completed', 'in_progress', true),
  (gen_random_uuid(), 'canceled', 'draft', true)
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "work_order_setting" ("id", "completion_requires_evidence", "completion_resolves_ticket") VALUES ('default', true, false) ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "ticket_number_sequence" ("scope", "pattern", "padding", "start", "next_value") VALUES ('work_order', 'WO-{YYYY}-', 6, 1, 1) ON CONFLICT DO NOTHING;
