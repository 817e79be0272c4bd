CREATE TABLE "ticket_assignee" (
	"ticket_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_assignee_ticket_id_user_id_pk" PRIMARY KEY("ticket_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_comment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"author_id" uuid,
	"is_internal" boolean DEFAULT true NOT NULL,
	"body" text NOT NULL,
	"mentions" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticket_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"from" jsonb,
	"to" jsonb,
	"actor_type" text NOT NULL,
	"actor_id" text
);
--> statement-breakpoint
CREATE TABLE "ticket_number_sequence" (
	"scope" text PRIMARY KEY NOT NULL,
	"pattern" text NOT NULL,
	"prefix" text DEFAULT '' NOT NULL,
	"padding" integer DEFAULT 0 NOT NULL,
	"start" bigint DEFAULT 1 NOT NULL,
	"next_value" bigint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_status_transition" (
	"id" uuid PRIMARY KEY NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"requires_note" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'new' NOT NULL,
	"priority" text DEFAULT 'medium' NOT NULL,
	"ticket_type_id" uuid,
	"channel" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"region" text,
	"service_team" text,
	"subscriber_id" uuid,
	"person_id" uuid,
	"organization_id" uuid,
	"primary_assignee_id" uuid,
	"manager_id" uuid,
	"created_by_id" uuid,
	"due_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"merged_into_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticket_type" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"requires_subscriber" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_assignee" ADD CONSTRAINT "ticket_assignee_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_assignee" ADD CONSTRAINT "ticket_assignee_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_comment" ADD CONSTRAINT "ticket_comment_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_comment" ADD CONSTRAINT "ticket_comment_author_id_user_account_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_event" ADD CONSTRAINT "ticket_event_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_ticket_type_id_ticket_type_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_subscriber_id_subscriber_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscriber"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_primary_assignee_id_user_account_id_fk" FOREIGN KEY ("primary_assignee_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_manager_id_user_account_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_merged_into_id_ticket_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_assignee_user_idx" ON "ticket_assignee" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ticket_comment_ticket_idx" ON "ticket_comment" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "ticket_event_ticket_idx" ON "ticket_event" USING btree ("ticket_id","at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_status_transition_pair_idx" ON "ticket_status_transition" USING btree ("from_status","to_status");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_number_idx" ON "ticket" USING btree ("number");--> statement-breakpoint
CREATE INDEX "ticket_created_idx" ON "ticket" USING btree ("created_at","id") WHERE "ticket"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_status_idx" ON "ticket" USING btree ("status","created_at") WHERE "ticket"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_subscriber_idx" ON "ticket" USING btree ("subscriber_id","ticket_type_id") WHERE "ticket"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_assignee_idx" ON "ticket" USING btree ("primary_assignee_id") WHERE "ticket"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_team_idx" ON "ticket" USING btree ("service_team") WHERE "ticket"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_type_idx" ON "ticket" USING btree ("ticket_type_id") WHERE "ticket"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_person_idx" ON "ticket" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "ticket_organization_idx" ON "ticket" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_type_name_idx" ON "ticket_type" USING btree ("name");
--> statement-breakpoint
-- v1's telco ticket types; those about one customer's service require a subscriber.
INSERT INTO "ticket_type" ("id", "name", "requires_subscriber") VALUES
  (gen_random_uuid(), 'Customer Link Disconnection', true),
  (gen_random_uuid(), 'Customer Realignment', true),
  (gen_random_uuid(), 'Customer Migration', true),
  (gen_random_uuid(), 'Customer Relocation', true),
  (gen_random_uuid(), 'Bandwidth Complaint', true),
  (gen_random_uuid(), 'Slow Browsing/Intermittent Connectivity', true),
  (gen_random_uuid(), 'PPPOE Authentication', true),
  (gen_random_uuid(), 'Router Troubleshooting', true),
  (gen_random_uuid(), 'Billing Issues', true),
  (gen_random_uuid(), 'New Installation', true),
  (gen_random_uuid(), 'Service Upgrade/Downgrade', true),
  (gen_random_uuid(), 'Service Reactivation', true),
  (gen_random_uuid(), 'Multiple Cabinet Disconnection', false),
  (gen_random_uuid(), 'Cabinet Disconnection', false),
  (gen_random_uuid(), 'Core Link Disconnection', false),
  (gen_random_uuid(), 'BTS Outage', false),
  (gen_random_uuid(), 'Base Station Power Failure', false),
  (gen_random_uuid(), 'AP/Air Fiber Realignment', false),
  (gen_random_uuid(), 'GPON/OLT Timeout', false),
  (gen_random_uuid(), 'PON Port Down', false),
  (gen_random_uuid(), 'Fiber Cut', false),
  (gen_random_uuid(), 'Upstream Outage - WIOCC', false),
  (gen_random_uuid(), 'Upstream Outage - Angola Cable', false),
  (gen_random_uuid(), 'Upstream Outage - MainOne', false),
  (gen_random_uuid(), 'Upstream Outage - Other Carrier', false),
  (gen_random_uuid(), 'DNS Resolution Issues', false),
  (gen_random_uuid(), 'IP Address Conflict', false),
  (gen_random_uuid(), 'Radio Link Degradation', false),
  (gen_random_uuid(), 'Power Outage at Site', false),
  (gen_random_uuid(), 'Site Access Request', false),
  (gen_random_uuid(), 'Equipment Replacement', false),
  (gen_random_uuid(), 'Preventive Maintenance', false),
  (gen_random_uuid(), 'Network Congestion', false),
  (gen_random_uuid(), 'Site Survey', false),
  (gen_random_uuid(), 'Email/Hosting Issues', false),
  (gen_random_uuid(), 'General Enquiry', false),
  (gen_random_uuid(), 'Other', false)
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "ticket_number_sequence" ("scope", "pattern", "padding", "start", "next_value") VALUES ('ticket', 'TCK-{YYYY}-', 6, 1, 1) ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Default status transitions: closing or cancelling and reopening need a note.
INSERT INTO "ticket_status_transition" ("id", "from_status", "to_status", "requires_note") VALUES
  (gen_random_uuid(), 'new', 'open', false),
  (gen_random_uuid(), 'new', 'pending', false),
  (gen_random_uuid(), 'new', 'waiting_on_customer', false),
  (gen_random_uuid(), 'new', 'on_hold', false),
  (gen_random_uuid(), 'new', 'closed', true),
  (gen_random_uuid(), 'new', 'canceled', true),
  (gen_random_uuid(), 'open', 'pending', false),
  (gen_random_uuid(), 'open', 'waiting_on_customer', false),
  (gen_random_uuid(), 'open', 'pending_confirmation', false),
  (gen_random_uuid(), 'open', 'lastmile_rerun', false),
  (gen_random_uuid(), 'open', 'site_under_construction', false),
  (gen_random_uuid(), 'open', 'on_hold', false),
  (gen_random_uuid(), 'open', 'closed', true),
  (gen_random_uuid(), 'open', 'canceled', true),
  (gen_random_uuid(), 'pending', 'open', false),
  (gen_random_uuid(), 'pending', 'waiting_on_customer', false),
  (gen_random_uuid(), 'pending', 'pending_confirmation', false),
  (gen_random_uuid(), 'pending', 'on_hold', false),
  (gen_random_uuid(), 'pending', 'closed', true),
  (gen_random_uuid(), 'pending', 'canceled', true),
  (gen_random_uuid(), 'waiting_on_customer', 'open', false),
  (gen_random_uuid(), 'waiting_on_customer', 'pending', false),
  (gen_random_uuid(), 'waiting_on_customer', 'pending_confirmation', false),
  (gen_random_uuid(), 'waiting_on_customer', 'closed', true),
  (gen_random_uuid(), 'waiting_on_customer', 'canceled', true),
  (gen_random_uuid(), 'pending_confirmation', 'closed', false),
  (gen_random_uuid(), 'pending_confirmation', 'open', true),
  (gen_random_uuid(), 'lastmile_rerun', 'open', false),
  (gen_random_uuid(), 'lastmile_rerun', 'site_under_construction', false),
  (gen_random_uuid(), 'lastmile_rerun', 'on_hold', false),
  (gen_random_uuid(), 'lastmile_rerun', 'pending_confirmation', false),
  (gen_random_uuid(), 'lastmile_rerun', 'closed', true),
  (gen_random_uuid(), 'site_under_construction', 'open', false),
  (gen_random_uuid(), 'site_under_construction', 'lastmile_rerun', false),
  (gen_random_uuid(), 'site_under_construction', 'on_hold', false),
  (gen_random_uuid(), 'site_under_construction', 'pending_confirmation', false),
  (gen_random_uuid(), 'site_under_construction', 'closed', true),
  (gen_random_uuid(), 'on_hold', 'open', false),
  (gen_random_uuid(), 'on_hold', 'pending', false),
  (gen_random_uuid(), 'on_hold', 'closed', true),
  (gen_random_uuid(), 'on_hold', 'canceled', true),
  (gen_random_uuid(), 'closed', 'open', true),
  (gen_random_uuid(), 'canceled', 'open', true)
ON CONFLICT DO NOTHING;
