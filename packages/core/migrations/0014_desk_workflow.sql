CREATE TABLE "team" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "ticket_team_idx";--> statement-breakpoint
DROP INDEX "ticket_assignee_team_idx";--> statement-breakpoint
DROP INDEX "ticket_dashboard_idx";--> statement-breakpoint
ALTER TABLE "ticket" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "ticket_type" ADD COLUMN "customer_visible" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "team_name_idx" ON "team" USING btree (lower("name")) WHERE "team"."deleted_at" is null;--> statement-breakpoint
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_team_id_team_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."team"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_team_id_idx" ON "ticket" USING btree ("team_id") WHERE "ticket"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_assignee_team_idx" ON "ticket" USING btree ("primary_assignee_id","team_id") WHERE "ticket"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_dashboard_idx" ON "ticket" USING btree ("status","team_id","priority") WHERE "ticket"."deleted_at" is null;