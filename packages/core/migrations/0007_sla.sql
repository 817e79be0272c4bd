CREATE TABLE "sla_calendar" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policy" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_type_id" uuid,
	"priority" text,
	"first_response_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"warn_at_percent" integer DEFAULT 80 NOT NULL,
	"calendar_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policy_targets_check" CHECK ("sla_policy"."first_response_minutes" > 0 and "sla_policy"."resolution_minutes" > 0),
	CONSTRAINT "sla_policy_warn_check" CHECK ("sla_policy"."warn_at_percent" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "sla_policy" ADD CONSTRAINT "sla_policy_ticket_type_id_ticket_type_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_type"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policy" ADD CONSTRAINT "sla_policy_calendar_id_sla_calendar_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."sla_calendar"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_calendar_name_idx" ON "sla_calendar" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_calendar_default_idx" ON "sla_calendar" USING btree ("is_default") WHERE "sla_calendar"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policy_scope_idx" ON "sla_policy" USING btree (coalesce("ticket_type_id"::text, ''),coalesce("priority", ''));--> statement-breakpoint
-- A 24/7 UTC default calendar and one any-type policy per v1 priority (minutes; first response, resolution).
INSERT INTO "sla_calendar" ("id", "name", "definition", "is_default") VALUES
  (gen_random_uuid(), '24/7', '{"timeZone":"UTC","alwaysOpen":true,"weekly":{},"holidays":[]}'::jsonb, true);--> statement-breakpoint
INSERT INTO "sla_policy" ("id", "priority", "first_response_minutes", "resolution_minutes", "warn_at_percent") VALUES
  (gen_random_uuid(), 'urgent', 30, 240, 80),
  (gen_random_uuid(), 'high', 60, 480, 80),
  (gen_random_uuid(), 'normal', 240, 1440, 80),
  (gen_random_uuid(), 'medium', 240, 1440, 80),
  (gen_random_uuid(), 'low', 480, 4320, 80),
  (gen_random_uuid(), 'lower', 1440, 10080, 80);
