CREATE TABLE "work_order_assignment" (
	"work_order_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'technician' NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"priority" text DEFAULT 'medium' NOT NULL,
	"work_type" text DEFAULT 'other' NOT NULL,
	"subscriber_id" uuid,
	"person_id" uuid,
	"ticket_id" uuid,
	"project_id" uuid,
	"address" jsonb,
	"latitude" double precision,
	"longitude" double precision,
	"region" text,
	"required_skills" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"estimated_duration_minutes" integer DEFAULT 60 NOT NULL,
	"access_notes" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"vendor_organization_id" uuid,
	"primary_assignee_id" uuid,
	"scheduled_start" timestamp with time zone,
	"scheduled_end" timestamp with time zone,
	"window_start" timestamp with time zone,
	"window_end" timestamp with time zone,
	"estimated_arrival_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"resumed_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"total_active_seconds" integer DEFAULT 0 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "work_order_schedule_order" CHECK ("work_order"."scheduled_end" is null or "work_order"."scheduled_end" > "work_order"."scheduled_start"),
	CONSTRAINT "work_order_window_order" CHECK ("work_order"."window_end" is null or "work_order"."window_end" > "work_order"."window_start"),
	CONSTRAINT "work_order_active_seconds" CHECK ("work_order"."total_active_seconds" >= 0)
);
--> statement-breakpoint
ALTER TABLE "work_order_assignment" ADD CONSTRAINT "work_order_assignment_work_order_id_work_order_id_fk" FOREIGN KEY ("work_order_id") REFERENCES "public"."work_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_assignment" ADD CONSTRAINT "work_order_assignment_user_id_user_account_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order" ADD CONSTRAINT "work_order_subscriber_id_subscriber_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscriber"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order" ADD CONSTRAINT "work_order_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order" ADD CONSTRAINT "work_order_ticket_id_ticket_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticket"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order" ADD CONSTRAINT "work_order_vendor_organization_id_organization_id_fk" FOREIGN KEY ("vendor_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order" ADD CONSTRAINT "work_order_primary_assignee_id_user_account_id_fk" FOREIGN KEY ("primary_assignee_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order" ADD CONSTRAINT "work_order_created_by_id_user_account_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_assignment_pair_idx" ON "work_order_assignment" USING btree ("work_order_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_assignment_primary_idx" ON "work_order_assignment" USING btree ("work_order_id") WHERE "work_order_assignment"."is_primary";--> statement-breakpoint
CREATE INDEX "work_order_assignment_user_idx" ON "work_order_assignment" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_number_idx" ON "work_order" USING btree ("number");--> statement-breakpoint
CREATE INDEX "work_order_created_idx" ON "work_order" USING btree ("created_at","id") WHERE "work_order"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "work_order_status_idx" ON "work_order" USING btree ("status","scheduled_start") WHERE "work_order"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "work_order_schedule_idx" ON "work_order" USING btree ("primary_assignee_id","scheduled_start") WHERE "work_order"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "work_order_ticket_idx" ON "work_order" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "work_order_subscriber_idx" ON "work_order" USING btree ("subscriber_id");--> statement-breakpoint
CREATE INDEX "work_order_vendor_idx" ON "work_order" USING btree ("vendor_organization_id");