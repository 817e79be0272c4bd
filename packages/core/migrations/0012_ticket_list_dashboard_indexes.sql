DROP INDEX "ticket_assignee_idx";--> statement-breakpoint
CREATE INDEX "ticket_assignee_team_idx" ON "ticket" USING btree ("primary_assignee_id","service_team") WHERE "ticket"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_dashboard_idx" ON "ticket" USING btree ("status","service_team","priority") WHERE "ticket"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "ticket_unassigned_idx" ON "ticket" USING btree ("status") WHERE "ticket"."primary_assignee_id" is null and "ticket"."deleted_at" is null;