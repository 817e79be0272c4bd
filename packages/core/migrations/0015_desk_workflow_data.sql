-- One priority scale, low < medium < high < urgent (default medium): v1's "lower" becomes low and its
-- "normal", which sat between medium and high in name only, becomes medium.
UPDATE "ticket" SET "priority" = 'low' WHERE "priority" = 'lower';--> statement-breakpoint
UPDATE "ticket" SET "priority" = 'medium' WHERE "priority" = 'normal';--> statement-breakpoint
UPDATE "ticket_event" SET "from" = '"low"'::jsonb WHERE "kind" = 'priority_changed' AND "from" = '"lower"'::jsonb;--> statement-breakpoint
UPDATE "ticket_event" SET "from" = '"medium"'::jsonb WHERE "kind" = 'priority_changed' AND "from" = '"normal"'::jsonb;--> statement-breakpoint
UPDATE "ticket_event" SET "to" = '"low"'::jsonb WHERE "kind" = 'priority_changed' AND "to" = '"lower"'::jsonb;--> statement-breakpoint
UPDATE "ticket_event" SET "to" = '"medium"'::jsonb WHERE "kind" = 'priority_changed' AND "to" = '"normal"'::jsonb;--> statement-breakpoint
UPDATE "ticket_event" SET "to" = jsonb_set("to", '{priority}', '"low"') WHERE "kind" = 'created' AND "to"->>'priority' = 'lower';--> statement-breakpoint
UPDATE "ticket_event" SET "to" = jsonb_set("to", '{priority}', '"medium"') WHERE "kind" = 'created' AND "to"->>'priority' = 'normal';--> statement-breakpoint
-- An SLA policy for a retired priority keeps the stricter targets of the two it now shares a scope with.
UPDATE "sla_policy" AS kept SET
  "first_response_minutes" = least(kept."first_response_minutes", old."first_response_minutes"),
  "resolution_minutes" = least(kept."resolution_minutes", old."resolution_minutes")
FROM "sla_policy" AS old
WHERE coalesce(kept."ticket_type_id"::text, '') = coalesce(old."ticket_type_id"::text, '')
  AND ((kept."priority" = 'low' AND old."priority" = 'lower') OR (kept."priority" = 'medium' AND old."priority" = 'normal'));--> statement-breakpoint
DELETE FROM "sla_policy" AS old USING "sla_policy" AS kept
WHERE coalesce(kept."ticket_type_id"::text, '') = coalesce(old."ticket_type_id"::text, '')
  AND ((kept."priority" = 'low' AND old."priority" = 'lower') OR (kept."priority" = 'medium' AND old."priority" = 'normal'));--> statement-breakpoint
UPDATE "sla_policy" SET "priority" = 'low' WHERE "priority" = 'lower';--> statement-breakpoint
UPDATE "sla_policy" SET "priority" = 'medium' WHERE "priority" = 'normal';--> statement-breakpoint
-- Free-text service teams become managed teams (one per distinct name, ignoring case and spaces).
INSERT INTO "team" ("id", "name")
SELECT gen_random_uuid(), min(btrim("service_team"))
FROM "ticket"
WHERE "service_team" IS NOT NULL AND btrim("service_team") <> ''
GROUP BY lower(btrim("service_team"));--> statement-breakpoint
UPDATE "ticket" SET "team_id" = "team"."id"
FROM "team"
WHERE "ticket"."service_team" IS NOT NULL AND lower(btrim("ticket"."service_team")) = lower("team"."name");--> statement-breakpoint
-- Saved list filters by team name now name the team; priorities in them follow the new scale.
UPDATE "saved_filter" SET "filters" = ("filters" - 'serviceTeam') || jsonb_build_object('teamId', "team"."id")
FROM "team"
WHERE lower(btrim("saved_filter"."filters"->>'serviceTeam')) = lower("team"."name");--> statement-breakpoint
UPDATE "saved_filter" SET "filters" = "filters" - 'serviceTeam' WHERE "filters" ? 'serviceTeam';--> statement-breakpoint
UPDATE "saved_filter" SET "filters" = jsonb_set("filters", '{priority}', to_jsonb(
  replace(replace("filters"->>'priority', 'lower', 'low'), 'normal', 'medium')))
WHERE jsonb_typeof("filters"->'priority') = 'string';--> statement-breakpoint
-- The types a customer understands are offered in the portal; network and site types stay internal.
UPDATE "ticket_type" SET "customer_visible" = true WHERE "name" IN (
  'Customer Relocation', 'Bandwidth Complaint', 'Slow Browsing/Intermittent Connectivity', 'Router Troubleshooting',
  'Billing Issues', 'New Installation', 'Service Upgrade/Downgrade', 'Service Reactivation',
  'Email/Hosting Issues', 'General Enquiry', 'Other'
);
