-- Projects and tasks made before the status log (0032) get one entry for the status they are in, so their
-- SLA clocks can start (decision 230). A project's entry is dated at its creation. A task in progress or
-- blocked was started at some unknown time: its start is dated at its last change (updated_at), the
-- closest instant known, and a blocked one is blocked a millisecond later (so the log orders the two: ids are
-- random). Other tasks: at creation.
-- Rows already in the log are left alone, so the migration can run on a database that has some.
INSERT INTO "project_status_event" ("id", "project_id", "task_id", "from", "to", "at")
SELECT gen_random_uuid(), p."id", NULL, NULL, p."status", p."created_at"
FROM "project" p
WHERE NOT EXISTS (SELECT 1 FROM "project_status_event" e WHERE e."project_id" = p."id" AND e."task_id" IS NULL);
--> statement-breakpoint
INSERT INTO "project_status_event" ("id", "project_id", "task_id", "from", "to", "at")
SELECT gen_random_uuid(), t."project_id", t."id", NULL,
  CASE WHEN t."status" IN ('in_progress', 'blocked') THEN 'in_progress' ELSE t."status" END,
  CASE WHEN t."status" IN ('in_progress', 'blocked') THEN t."updated_at" ELSE t."created_at" END
FROM "project_task" t
WHERE NOT EXISTS (SELECT 1 FROM "project_status_event" e WHERE e."task_id" = t."id");
--> statement-breakpoint
INSERT INTO "project_status_event" ("id", "project_id", "task_id", "from", "to", "at")
SELECT gen_random_uuid(), t."project_id", t."id", 'in_progress', 'blocked', t."updated_at" + interval '1 millisecond'
FROM "project_task" t
WHERE t."status" = 'blocked'
  AND (SELECT count(*) FROM "project_status_event" e WHERE e."task_id" = t."id") = 1;
--> statement-breakpoint
-- Every clock is due once, so the next sla.scan computes it.
INSERT INTO "project_clock" ("subject_id", "project_id", "task_id", "next_check_at")
SELECT p."id", p."id", NULL, now() FROM "project" p
ON CONFLICT ("subject_id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "project_clock" ("subject_id", "project_id", "task_id", "next_check_at")
SELECT t."id", t."project_id", t."id", now() FROM "project_task" t
ON CONFLICT ("subject_id") DO NOTHING;
