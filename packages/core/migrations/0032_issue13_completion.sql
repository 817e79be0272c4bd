CREATE TABLE "reseller_commission_adjustment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"commission_id" uuid NOT NULL,
	"reseller_organization_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"payout_id" uuid,
	"applied_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reseller_commission_adjustment_amount" CHECK ("reseller_commission_adjustment"."amount_minor" < 0),
	CONSTRAINT "reseller_commission_adjustment_currency" CHECK ("reseller_commission_adjustment"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "project_clock_alert" (
	"subject_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"cycle" integer NOT NULL,
	"project_id" uuid NOT NULL,
	"task_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_clock_alert_subject_id_kind_cycle_pk" PRIMARY KEY("subject_id","kind","cycle")
);
--> statement-breakpoint
CREATE TABLE "project_clock" (
	"subject_id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"task_id" uuid,
	"cycle" integer DEFAULT 0 NOT NULL,
	"state" text,
	"target_minutes" integer,
	"deadline" timestamp with time zone,
	"warning_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"next_check_at" timestamp with time zone,
	"computed_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "project_sla_policy" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_type" text NOT NULL,
	"task_key" text,
	"target_minutes" integer NOT NULL,
	"warn_at_percent" integer DEFAULT 80 NOT NULL,
	"calendar_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_sla_policy_target" CHECK ("project_sla_policy"."target_minutes" > 0),
	CONSTRAINT "project_sla_policy_warn" CHECK ("project_sla_policy"."warn_at_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "project_status_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"task_id" uuid,
	"from" text,
	"to" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reseller_commission" ADD COLUMN "reversed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reseller_commission" ADD COLUMN "reversal_reason" text;--> statement-breakpoint
ALTER TABLE "reseller_payout" ADD COLUMN "adjustment_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD COLUMN "paid_by_id" uuid;--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD COLUMN "payment_reference" text;--> statement-breakpoint
ALTER TABLE "reseller_commission_adjustment" ADD CONSTRAINT "reseller_commission_adjustment_commission_id_reseller_commission_id_fk" FOREIGN KEY ("commission_id") REFERENCES "public"."reseller_commission"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_commission_adjustment" ADD CONSTRAINT "reseller_commission_adjustment_reseller_organization_id_organization_id_fk" FOREIGN KEY ("reseller_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_commission_adjustment" ADD CONSTRAINT "reseller_commission_adjustment_payout_id_reseller_payout_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."reseller_payout"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_clock_alert" ADD CONSTRAINT "project_clock_alert_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_clock_alert" ADD CONSTRAINT "project_clock_alert_task_id_project_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."project_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_clock" ADD CONSTRAINT "project_clock_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_clock" ADD CONSTRAINT "project_clock_task_id_project_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."project_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_sla_policy" ADD CONSTRAINT "project_sla_policy_calendar_id_sla_calendar_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."sla_calendar"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_status_event" ADD CONSTRAINT "project_status_event_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_status_event" ADD CONSTRAINT "project_status_event_task_id_project_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."project_task"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reseller_commission_adjustment_commission_idx" ON "reseller_commission_adjustment" USING btree ("commission_id");--> statement-breakpoint
CREATE INDEX "reseller_commission_adjustment_reseller_idx" ON "reseller_commission_adjustment" USING btree ("reseller_organization_id","status","created_at");--> statement-breakpoint
CREATE INDEX "reseller_commission_adjustment_payout_idx" ON "reseller_commission_adjustment" USING btree ("payout_id");--> statement-breakpoint
CREATE INDEX "project_clock_alert_project_idx" ON "project_clock_alert" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_clock_next_check_idx" ON "project_clock" USING btree ("next_check_at") WHERE "project_clock"."next_check_at" is not null;--> statement-breakpoint
CREATE INDEX "project_clock_project_idx" ON "project_clock" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "project_sla_policy_scope_idx" ON "project_sla_policy" USING btree ("project_type",coalesce("task_key", ''));--> statement-breakpoint
CREATE INDEX "project_status_event_project_idx" ON "project_status_event" USING btree ("project_id","at");--> statement-breakpoint
CREATE INDEX "project_status_event_task_idx" ON "project_status_event" USING btree ("task_id","at");--> statement-breakpoint
ALTER TABLE "vendor_invoice" ADD CONSTRAINT "vendor_invoice_paid_by_id_user_account_id_fk" FOREIGN KEY ("paid_by_id") REFERENCES "public"."user_account"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vendor_invoice_vendor_idx" ON "vendor_invoice" USING btree ("vendor_organization_id","created_at");