import * as Field from "@dotmac/core/field";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";
import { addressText } from "./field-shapes";

/** v1's technician app: schedule, location sharing, and the manager's screens (dispatch's verbs). */

/** A literal path type, so the portal's typed client keeps every route apart. */
const p = <P extends string>(path: P): `/api/v1/field${P}` => `/api/v1/field${path}`;
const errors = problemResponses(400, 401, 403, 404, 409, 412);
const Loose = z.record(z.string(), z.unknown());
const Items = z.object({ items: z.array(Loose) });

const schedule = createRoute({
  method: "get",
  path: p("/schedule"),
  summary: "The technician's next two weeks: jobs, and shifts and blocks (a bare list, as v1)",
  responses: { 200: json(z.array(Loose), "Entries"), ...errors },
});

const Presence = z
  .object({
    person_id: z.string(),
    status: z.string(),
    location_sharing_enabled: z.boolean(),
    last_latitude: z.number().nullable(),
    last_longitude: z.number().nullable(),
    last_location_accuracy_m: z.number().nullable(),
    last_location_at: z.string().nullable(),
    last_seen_at: z.string().nullable(),
  })
  .openapi("FieldPresence");

const pings = createRoute({
  method: "post",
  path: p("/locations"),
  summary: "A batch of location pings (with the technician's consent; kept 48 h)",
  request: {
    body: body(
      z
        .object({
          pings: z
            .array(
              z.object({
                latitude: z.number().min(-90).max(90),
                longitude: z.number().min(-180).max(180),
                accuracy_m: z.number().min(0).max(100_000).nullish(),
                captured_at: z.string().max(40).nullish(),
                work_order_id: z.uuid().nullish(),
                status: z.string().max(20).nullish(),
              }),
            )
            .min(1)
            .max(200),
        })
        .openapi("FieldPings"),
    ),
  },
  responses: {
    200: json(z.object({ accepted: z.number().int(), errors: z.array(Loose), transitions: z.array(Loose) }), "Stored"),
    ...errors,
  },
});

const sharing = createRoute({
  method: "put",
  path: p("/locations/sharing"),
  summary: "Turn location sharing on (shift) or off (off deletes what was kept)",
  request: {
    body: body(z.object({ enabled: z.boolean(), status: z.string().max(20).nullish() }).openapi("FieldSharing")),
  },
  responses: { 200: json(Presence, "Now"), ...errors },
});

const myLocation = createRoute({
  method: "get",
  path: p("/locations/me"),
  summary: "The technician's own sharing flag and last ping (404 without a technician profile)",
  responses: { 200: json(Presence, "Now"), ...errors },
});

const managerMe = createRoute({
  method: "get",
  path: p("/manager/me"),
  summary: "Whether the caller gets the manager screens",
  responses: { 200: json(Loose, "Profile"), ...errors },
});
const summary = createRoute({
  method: "get",
  path: p("/manager/summary"),
  summary: "Counts for the manager's home",
  responses: { 200: json(Loose, "Counts"), ...errors },
});
const technicians = createRoute({
  method: "get",
  path: p("/manager/technicians"),
  summary: "Technicians today with their last positions",
  responses: { 200: json(Items, "Technicians"), ...errors },
});
const jobs = createRoute({
  method: "get",
  path: p("/manager/jobs"),
  summary: "Open jobs",
  responses: { 200: json(Items, "Jobs"), ...errors },
});
const assign = createRoute({
  method: "post",
  path: p("/manager/jobs/{id}/assign"),
  summary: "Assign a job to a technician (primary); their phone is notified",
  request: { params: IdParam, body: body(z.object({ person_id: z.uuid() }).openapi("FieldAssign")) },
  responses: { 200: json(Loose, "The job"), ...errors },
});
const unassign = createRoute({
  method: "post",
  path: p("/manager/assignments/{id}/unassign"),
  summary: "Take a job back from its technicians, saying why (the id is the job's; a replay changes nothing)",
  request: {
    params: IdParam,
    body: body(z.object({ reason: z.string().trim().min(2).max(500) }).openapi("FieldUnassign")),
  },
  responses: { 200: json(Loose, "The job, unassigned"), ...errors },
});

const presence = (userId: string, enabled: boolean, status?: string | null) => ({
  person_id: userId,
  status: enabled ? (status ?? "on_shift") : "off_shift",
  location_sharing_enabled: enabled,
  last_latitude: null,
  last_longitude: null,
  last_location_accuracy_m: null,
  last_location_at: null,
  last_seen_at: new Date().toISOString(),
});

const userIdOf = (actor: AppEnv["Variables"]["actor"]) => (actor.type === "user" ? actor.properties.userId : "");

type ManagerJob = Awaited<ReturnType<typeof Field.Office.managerJobs>>[number];
const managerJob = (j: ManagerJob) => {
  const primary = j.assignees.find((a) => a.isPrimary) ?? j.assignees[0];
  return {
    id: j.id,
    title: j.title,
    status: j.status,
    priority: j.priority,
    work_type: j.workType,
    scheduled_start: j.scheduledStart,
    scheduled_end: j.scheduledEnd,
    assigned_to_person_id: primary?.userId ?? null,
    assigned_to_label: primary?.name ?? null,
    subscriber_label: j.customer?.name ?? null,
    address_text: addressText(j.address),
    latitude: j.latitude,
    longitude: j.longitude,
  };
};

export const fieldManagerRoutes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(schedule, async (c) =>
    c.json(
      (await Field.Office.schedule({})).map((e) => ({
        type: e.type,
        start_at: e.startAt,
        end_at: e.endAt,
        title: e.title,
        reference_id: e.referenceId,
      })),
      200,
    ),
  )
  .openapi(pings, async (c) => {
    const sent = c.req.valid("json").pings.map((x) => ({
      latitude: x.latitude,
      longitude: x.longitude,
      accuracy: x.accuracy_m,
      recordedAt: x.captured_at ?? new Date().toISOString(),
      workOrderId: x.work_order_id,
    }));
    const result = await Field.Office.report({ pings: sent });
    return c.json({ accepted: result.accepted, errors: [], transitions: [] }, 200);
  })
  .openapi(sharing, async (c) => {
    const b = c.req.valid("json");
    const result = await Field.Office.setSharing({ enabled: b.enabled });
    return c.json(presence(userIdOf(c.get("actor")), result.enabled, b.status), 200);
  })
  .openapi(myLocation, async (c) => {
    const mine = await Field.Office.myLocation({});
    const last = mine.lastPosition;
    return c.json(
      {
        ...presence(mine.userId, mine.locationSharing),
        last_latitude: last?.latitude ?? null,
        last_longitude: last?.longitude ?? null,
        last_location_accuracy_m: last?.accuracy ?? null,
        last_location_at: last?.recordedAt ?? null,
      },
      200,
    );
  })
  .openapi(managerMe, async (c) => {
    const m = await Field.Office.managerProfile({});
    return c.json({ name: m.name, roles: m.roles, permissions: m.permissions, is_manager: m.isManager }, 200);
  })
  .openapi(summary, async (c) => {
    const s = await Field.Office.managerSummary({});
    return c.json(
      {
        technicians_total: s.techniciansTotal,
        technicians_live: s.techniciansLive,
        technicians_sharing: s.techniciansSharing,
        open_jobs: s.openJobs,
        unassigned_jobs: s.unassignedJobs,
        pending_expenses: s.pendingExpenses,
      },
      200,
    );
  })
  .openapi(technicians, async (c) => {
    const list = await Field.Office.managerTechnicians({});
    return c.json(
      {
        items: list.map((t) => ({
          person_id: t.userId,
          technician_id: t.userId,
          person_label: t.name,
          status: t.live ? "on_shift" : "off_shift",
          title: t.title,
          region: t.region,
          location_sharing_enabled: t.locationSharing,
          is_live: t.live,
          last_latitude: t.lastPosition?.latitude ?? null,
          last_longitude: t.lastPosition?.longitude ?? null,
          accuracy_m: t.lastPosition?.accuracy ?? null,
          last_location_at: t.lastPosition?.recordedAt ?? null,
          active_work_order: t.activeJob,
        })),
      },
      200,
    );
  })
  .openapi(jobs, async (c) => c.json({ items: (await Field.Office.managerJobs({})).map(managerJob) }, 200))
  .openapi(assign, async (c) => {
    const job = await Field.Office.assign({
      workOrderId: c.req.valid("param").id,
      userId: c.req.valid("json").person_id,
    });
    return c.json(managerJob(job), 200);
  })
  .openapi(unassign, async (c) => {
    const job = await Field.Office.unassign({
      workOrderId: c.req.valid("param").id,
      reason: c.req.valid("json").reason,
    });
    return c.json(managerJob(job), 200);
  });
