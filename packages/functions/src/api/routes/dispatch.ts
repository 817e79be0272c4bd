import * as Dispatch from "@dotmac/core/dispatch";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

const { Technicians, Rules } = Dispatch;

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const Technician = z.object(Technicians.TechnicianInfo.shape).openapi("Technician");
const TechnicianDetail = z.object(Technicians.TechnicianDetail.shape).openapi("TechnicianDetail");
const Skill = z.object(Technicians.SkillInfo.shape).openapi("Skill");
const Rule = z.object(Rules.RuleInfo.shape).openapi("DispatchRule");
const Span = z.object(Technicians.Span.shape).openapi("TechnicianShift");
const Block = z.object(Technicians.BlockInfo.shape).openapi("AvailabilityBlock");
const Check = z.object(Dispatch.CheckResult.shape).openapi("DispatchCheck");
const Appointment = z.object(Dispatch.AppointmentInfo.shape).openapi("Appointment");
const AutoAssign = z.object(Dispatch.AutoAssignResult.shape).openapi("AutoAssignResult");
const BoardSchema = z.object(Dispatch.Board.shape).openapi("DispatchBoard");
const Ping = z.object(Dispatch.Ping.shape).openapi("LocationPing");

const UserParam = z.object({ userId: IdParam.shape.id.openapi({ param: { name: "userId", in: "path" } }) });
const UserItemParam = UserParam.extend({ id: IdParam.shape.id });
const TRAVEL =
  "Travel between consecutive jobs is estimated, not routed: the straight-line (haversine) distance × a road factor " +
  "(DISPATCH_ROAD_FACTOR, 1.3) at an average speed (DISPATCH_SPEED_KMH, 40 km/h); a gap shorter than that is a `travel` conflict.";

const listTechnicians = createRoute({
  method: "get",
  path: "/technicians",
  summary: "Technicians with skills, region and team (operations:technician:read)",
  request: { query: z.object(Technicians.list.schema.unwrap().shape) },
  responses: {
    200: json(z.object({ items: z.array(Technician) }), "The technicians"),
    ...problemResponses(400, 401, 403),
  },
});
const Candidate = z.object(Technicians.Candidate.shape).openapi("TechnicianCandidate");
const technicianCandidates = createRoute({
  method: "get",
  path: "/technicians/candidates",
  summary: "Active staff users who are not technicians yet, field technicians first (operations:technician:write)",
  responses: {
    200: json(z.object({ items: z.array(Candidate) }), "Who can be made a technician"),
    ...problemResponses(401, 403),
  },
});
const getTechnician = createRoute({
  method: "get",
  path: "/technicians/{userId}",
  summary: "A technician with shifts and availability blocks from `from` for `days` days, in their time zone",
  request: { params: UserParam, query: z.object(Technicians.get.schema.shape).omit({ userId: true }) },
  responses: { 200: json(TechnicianDetail, "The technician"), ...problemResponses(400, 401, 403, 404) },
});
const saveTechnician = createRoute({
  method: "put",
  path: "/technicians/{userId}",
  summary: "Make a staff user a technician or change their profile (operations:technician:write)",
  description: "`timeZone` is an IANA zone: shifts and blocks are entered and shown in it.",
  request: { params: UserParam, body: body(z.object(Technicians.save.schema.shape).omit({ userId: true })) },
  responses: { 200: json(Technician, "The technician"), ...problemResponses(400, 401, 403, 404) },
});
const setSkills = createRoute({
  method: "put",
  path: "/technicians/{userId}/skills",
  summary: "Replace a technician's skills with proficiency 1–5, at most one primary",
  request: { params: UserParam, body: body(z.object(Technicians.setSkills.schema.shape).omit({ userId: true })) },
  responses: { 200: json(Technician, "The technician"), ...problemResponses(400, 401, 403, 404) },
});
const addShifts = createRoute({
  method: "post",
  path: "/technicians/{userId}/shifts",
  summary: "Add shifts on local dates (a list, or from–to with weekdays 1=Mon…7=Sun), `start`–`end` wall time",
  description:
    "Wall times are in the technician's time zone and stored as instants, so 08:00–17:00 stays 08:00–17:00 across a DST change. An `end` at or before `start` ends the next day.",
  request: { params: UserParam, body: body(z.object(Technicians.addShifts.schema.shape).omit({ userId: true })) },
  responses: {
    201: json(z.object({ items: z.array(Span) }), "The shifts added"),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});
const removeShift = createRoute({
  method: "delete",
  path: "/technicians/{userId}/shifts/{id}",
  summary: "Remove a shift",
  request: { params: UserItemParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});
const addBlock = createRoute({
  method: "post",
  path: "/technicians/{userId}/blocks",
  summary: "Mark time off, training or sickness from `start` to `end` (YYYY-MM-DDTHH:mm in the technician's zone)",
  request: { params: UserParam, body: body(z.object(Technicians.addBlock.schema.shape).omit({ userId: true })) },
  responses: { 201: json(Block, "The block"), ...problemResponses(400, 401, 403, 404) },
});
const removeBlock = createRoute({
  method: "delete",
  path: "/technicians/{userId}/blocks/{id}",
  summary: "Remove an availability block",
  request: { params: UserItemParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

const listSkills = createRoute({
  method: "get",
  path: "/skills",
  summary: "The skills catalogue (operations:technician:read)",
  responses: { 200: json(z.object({ items: z.array(Skill) }), "The skills"), ...problemResponses(401, 403) },
});
const createSkill = createRoute({
  method: "post",
  path: "/skills",
  summary: "Add a skill (operations:technician:write); names are unique ignoring case",
  request: { body: body(z.object(Technicians.createSkill.schema.shape)) },
  responses: { 201: json(Skill, "The skill"), ...problemResponses(400, 401, 403, 409) },
});
const updateSkill = createRoute({
  method: "patch",
  path: "/skills/{id}",
  summary: "Rename a skill or change its description",
  request: { params: IdParam, body: body(z.object(Technicians.updateSkill.schema.shape).omit({ id: true })) },
  responses: { 200: json(Skill, "The skill"), ...problemResponses(400, 401, 403, 404, 409) },
});
const removeSkill = createRoute({
  method: "delete",
  path: "/skills/{id}",
  summary: "Remove a skill: technicians lose it, jobs keep the id",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

const listRules = createRoute({
  method: "get",
  path: "/rules",
  summary: "Dispatch rules by position: the first enabled match adds its skills and may auto-assign new jobs",
  responses: { 200: json(z.object({ items: z.array(Rule) }), "The rules"), ...problemResponses(401, 403) },
});
const createRule = createRoute({
  method: "post",
  path: "/rules",
  summary: "Add a dispatch rule (work type, priority, region: null matches all) (operations:technician:write)",
  request: { body: body(z.object(Rules.create.schema.shape)) },
  responses: { 201: json(Rule, "The rule"), ...problemResponses(400, 401, 403) },
});
const updateRule = createRoute({
  method: "patch",
  path: "/rules/{id}",
  summary: "Change a dispatch rule",
  request: { params: IdParam, body: body(z.object(Rules.update.schema.shape).omit({ id: true })) },
  responses: { 200: json(Rule, "The rule"), ...problemResponses(400, 401, 403, 404) },
});
const removeRule = createRoute({
  method: "delete",
  path: "/rules/{id}",
  summary: "Remove a dispatch rule",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

const check = createRoute({
  method: "post",
  path: "/work-orders/{id}/check",
  summary: "Preview the conflicts of booking the job for a technician at `start`, before the drop (changes nothing)",
  description: `Conflict kinds: double_booking and inactive block always; missing_skill, outside_shift, unavailable, max_jobs, travel and outside_window may be overridden with a reason. ${TRAVEL}`,
  request: { params: IdParam, body: body(z.object(Dispatch.check.schema.shape).omit({ workOrderId: true })) },
  responses: { 200: json(Check, "The conflicts (empty: the slot is free)"), ...problemResponses(400, 401, 403, 404) },
});
const appoint = createRoute({
  method: "put",
  path: "/work-orders/{id}/appointment",
  summary: "Book the job for a technician (its primary assignee) at a slot, optionally with the customer's window",
  description: `\`end\` defaults to start + the job's estimated duration. Double booking is refused always (409), even under concurrent requests; other conflicts answer 409 unless \`override\` is true with a \`reason\` (audited). ${TRAVEL}`,
  request: { params: IdParam, body: body(z.object(Dispatch.AppointmentInput.shape).omit({ workOrderId: true })) },
  responses: { 200: json(Appointment, "The appointment"), ...problemResponses(400, 401, 403, 404, 409, 412) },
});
const unschedule = createRoute({
  method: "delete",
  path: "/work-orders/{id}/appointment",
  summary: "Take the job off the schedule, back to the unscheduled queue",
  request: { params: IdParam },
  responses: { 200: json(Appointment, "The job, unscheduled"), ...problemResponses(400, 401, 403, 404, 412) },
});
const autoAssign = createRoute({
  method: "post",
  path: "/work-orders/{id}/auto-assign",
  summary: "Pick and book the best technician for the job's slot, explaining every candidate and rejection",
  description: `Candidates must hold the required skills, have a shift covering the slot, no availability block, room under max jobs/day and time to travel; they rank by score = 20 × proficiency − distance km (from the previous job, a fresh ping or home base) − 10 × jobs that day. \`dryRun\` explains without booking. ${TRAVEL}`,
  request: { params: IdParam, body: body(z.object(Dispatch.autoAssign.schema.shape).omit({ workOrderId: true })) },
  responses: {
    200: json(AutoAssign, "The decision and its explanation"),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});
const board = createRoute({
  method: "get",
  path: "/board",
  summary:
    "Technicians × time for a day or a week, with shifts, blocks, jobs, travel minutes, last positions and the unscheduled queue",
  description: TRAVEL,
  request: { query: z.object(Dispatch.BoardInput.shape) },
  responses: { 200: json(BoardSchema, "The board"), ...problemResponses(400, 401, 403) },
});
const sharing = createRoute({
  method: "put",
  path: "/me/location-sharing",
  summary: "The signed-in technician turns location sharing on or off (off deletes the positions kept)",
  request: { body: body(z.object({ enabled: z.boolean() })) },
  responses: {
    200: json(z.object({ enabled: z.boolean(), deleted: z.number().int() }), "The setting"),
    ...problemResponses(400, 401, 403),
  },
});
const me = createRoute({
  method: "get",
  path: "/me",
  summary:
    "The signed-in technician's own profile: time zone, location-sharing consent and last ping (404 without one)",
  responses: {
    200: json(z.object(Dispatch.MyProfile.shape).openapi("MyDispatchProfile"), "Your profile"),
    ...problemResponses(401, 403, 404),
  },
});
const positions = createRoute({
  method: "post",
  path: "/positions",
  summary: "The signed-in technician's location pings, one or a batch; idempotent by clientRef; kept 48 h",
  request: { body: body(z.union([Ping, z.object({ positions: z.array(Ping).min(1).max(200) })])) },
  responses: {
    200: json(
      z.object({ accepted: z.number().int(), duplicates: z.number().int(), expired: z.number().int() }),
      "What was stored",
    ),
    ...problemResponses(400, 401, 403),
  },
});

/** Scheduling and dispatch: technicians, skills, rules, appointments, auto-assign, the board and pings. */
export const dispatch = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(technicianCandidates, async (c) => c.json({ items: await Technicians.candidates({}) }, 200))
  .openapi(listTechnicians, async (c) => c.json({ items: await Technicians.list(c.req.valid("query")) }, 200))
  .openapi(getTechnician, async (c) =>
    c.json(await Technicians.get({ ...c.req.valid("query"), userId: c.req.valid("param").userId }), 200),
  )
  .openapi(saveTechnician, async (c) =>
    c.json(await Technicians.save({ ...c.req.valid("json"), userId: c.req.valid("param").userId }), 200),
  )
  .openapi(setSkills, async (c) =>
    c.json(await Technicians.setSkills({ ...c.req.valid("json"), userId: c.req.valid("param").userId }), 200),
  )
  .openapi(addShifts, async (c) =>
    c.json(
      { items: await Technicians.addShifts({ ...c.req.valid("json"), userId: c.req.valid("param").userId }) },
      201,
    ),
  )
  .openapi(removeShift, async (c) => {
    await Technicians.removeShift(c.req.valid("param"));
    return c.body(null, 204);
  })
  .openapi(addBlock, async (c) =>
    c.json(await Technicians.addBlock({ ...c.req.valid("json"), userId: c.req.valid("param").userId }), 201),
  )
  .openapi(removeBlock, async (c) => {
    await Technicians.removeBlock(c.req.valid("param"));
    return c.body(null, 204);
  })
  .openapi(listSkills, async (c) => c.json({ items: await Technicians.listSkills({}) }, 200))
  .openapi(createSkill, async (c) => c.json(await Technicians.createSkill(c.req.valid("json")), 201))
  .openapi(updateSkill, async (c) =>
    c.json(await Technicians.updateSkill({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(removeSkill, async (c) => {
    await Technicians.removeSkill(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(listRules, async (c) => c.json({ items: await Rules.list({}) }, 200))
  .openapi(createRule, async (c) => c.json(await Rules.create(c.req.valid("json")), 201))
  .openapi(updateRule, async (c) =>
    c.json(await Rules.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(removeRule, async (c) => {
    await Rules.remove(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(check, async (c) =>
    c.json(await Dispatch.check({ ...c.req.valid("json"), workOrderId: c.req.valid("param").id }), 200),
  )
  .openapi(appoint, async (c) =>
    c.json(await Dispatch.appoint({ ...c.req.valid("json"), workOrderId: c.req.valid("param").id }), 200),
  )
  .openapi(unschedule, async (c) => c.json(await Dispatch.unschedule(c.req.valid("param").id), 200))
  .openapi(autoAssign, async (c) =>
    c.json(await Dispatch.autoAssign({ ...c.req.valid("json"), workOrderId: c.req.valid("param").id }), 200),
  )
  .openapi(board, async (c) => c.json(await Dispatch.board(c.req.valid("query")), 200))
  .openapi(me, async (c) => c.json(await Dispatch.me({}), 200))
  .openapi(sharing, async (c) => c.json(await Dispatch.setLocationSharing(c.req.valid("json")), 200))
  .openapi(positions, async (c) => c.json(await Dispatch.reportPositions(c.req.valid("json")), 200));
