import * as Project from "@dotmac/core/project";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, csvDownload, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const ProjectSchema = z.object(Project.Info.shape).openapi("Project");
const TaskSchema = z.object(Project.TaskInfo.shape).openapi("ProjectTask");
const DetailSchema = z.object(Project.Detail.shape).openapi("ProjectDetail");
const TemplateSchema = z.object(Project.TemplateInfo.shape).openapi("ProjectTemplate");
const CommentSchema = z.object(Project.CommentInfo.shape).openapi("ProjectComment");
const WorkOrderLink = z.object(Project.LinkedWorkOrder.shape).openapi("ProjectWorkOrder");
const DependencySchema = z.object(Project.DependencyInfo.shape).openapi("ProjectDependency");

const CreateBody = z.object(Project.create.schema.shape).openapi("ProjectCreate");
const PatchBody = z.object(Project.update.schema.omit({ id: true }).shape).openapi("ProjectPatch");
const StatusBody = z.object({ status: z.enum(Project.projectStatuses) }).openapi("ProjectStatus");
const TaskCreate = z.object(Project.createTask.schema.omit({ projectId: true }).shape).openapi("ProjectTaskCreate");
const TaskPatch = z.object(Project.updateTask.schema.omit({ id: true }).shape).openapi("ProjectTaskPatch");
const TaskStatus = z.object({ status: z.enum(Project.taskStatuses) }).openapi("ProjectTaskTransition");
const Assignees = z.object({ userIds: Project.assignTask.schema.shape.userIds }).openapi("ProjectTaskAssignees");
const DependencyBody = z.object(Project.addDependency.schema.shape).openapi("ProjectDependencyCreate");
const CommentBody = z.object(Project.comment.schema.omit({ projectId: true }).shape).openapi("ProjectCommentCreate");
const SlotBody = z.object(Project.createSlot.schema.shape).openapi("ProjectSlotRequest");
const SpawnBody = z.object(Project.spawnWorkOrder.schema.omit({ taskId: true }).shape).openapi("ProjectWorkOrderSpawn");
const LinkBody = z
  .object({ workOrderId: Project.linkWorkOrder.schema.shape.workOrderId })
  .openapi("ProjectWorkOrderLink");
const TemplateBody = z
  .object(Project.saveTemplate.schema.omit({ projectType: true }).shape)
  .openapi("ProjectTemplateSave");
const TypeParam = z.object({
  projectType: z.enum(Project.projectTypes).openapi({ param: { name: "projectType", in: "path" } }),
});
const AttachmentParams = z.object({
  id: IdParam.shape.id,
  attachmentId: z.uuid().openapi({ param: { name: "attachmentId", in: "path" } }),
});
const ClockSchema = z.object(Project.ClockView.shape).openapi("ProjectClock");
const ClockPolicySchema = z.object(Project.ClockPolicyInfo.shape).openapi("ProjectSlaPolicy");
const ClockPolicyBody = z.object(Project.saveClockPolicy.schema.shape).openapi("ProjectSlaPolicySave");
const Moved = z.object({ task: TaskSchema, moved: z.array(TaskSchema) }).openapi("ProjectTaskMoved");

const errors = problemResponses(400, 401, 403, 404, 409);
const route = <M extends "get" | "post" | "patch" | "put" | "delete", P extends string>(
  method: M,
  path: P,
  summary: string,
) => ({ method, path, summary });
const deleted = { 204: { description: "Deleted" }, ...errors };
const csv = { 200: { description: "CSV download", content: { "text/csv": { schema: z.string() } } }, ...errors };

const list = createRoute({
  ...route("get", "/", "Projects, newest first, filtered (project:read)"),
  request: { query: z.object(Project.ListFilters.shape) },
  responses: {
    200: json(z.object({ items: z.array(ProjectSchema), nextCursor: z.string().nullable() }), "A page"),
    ...errors,
  },
});
const create = createRoute({
  ...route("post", "/", "Create a project from its type's template (project:create)"),
  description: "Tasks and dependencies are copied and scheduled. One project per `salesOrderId`: a retry returns it.",
  request: { body: body(CreateBody) },
  responses: { 201: json(ProjectSchema, "The project"), ...errors },
});
const exportList = createRoute({
  ...route("get", "/export.csv", "The filtered project list as CSV (project:read)"),
  request: { query: z.object(Project.exportCsv.schema.shape) },
  responses: csv,
});
const get = createRoute({
  ...route("get", "/{id}", "A project with its scheduled tasks, dependencies and critical path (project:read)"),
  request: { params: IdParam },
  responses: { 200: json(DetailSchema, "The project"), ...errors },
});
const patch = createRoute({
  ...route("patch", "/{id}", "Change a project; a new start reschedules its tasks (project:update)"),
  request: { params: IdParam, body: body(PatchBody) },
  responses: { 200: json(ProjectSchema, "The project"), ...errors },
});
const status = createRoute({
  ...route("post", "/{id}/status", "Put a project on hold, cancel, complete or reopen it (project:update)"),
  request: { params: IdParam, body: body(StatusBody) },
  responses: { 200: json(ProjectSchema, "The project"), ...errors },
});
const remove = createRoute({
  ...route("delete", "/{id}", "Soft-delete a project (project:delete)"),
  request: { params: IdParam },
  responses: deleted,
});
const tasksCsv = createRoute({
  ...route("get", "/{id}/tasks.csv", "A project's plan as CSV (project:read)"),
  request: { params: IdParam },
  responses: csv,
});
const costs = createRoute({
  ...route("get", "/{id}/costs", "What the project cost: labour, expenses, materials (project:read)"),
  request: { params: IdParam },
  responses: {
    200: json(
      z.object({
        plannedEffortHours: z.number().int(),
        workOrders: z.number().int(),
        summary: z.record(z.string(), z.unknown()),
      }),
      "The cost summary",
    ),
    ...errors,
  },
});
const addTask = createRoute({
  ...route("post", "/{id}/tasks", "Add a task to a project (project:task:write)"),
  request: { params: IdParam, body: body(TaskCreate) },
  responses: { 201: json(TaskSchema, "The task"), ...errors },
});
const listComments = createRoute({
  ...route("get", "/{id}/comments", "A project's comments, oldest first (project:task:read)"),
  request: { params: IdParam, query: z.object({ taskId: z.uuid().optional() }) },
  responses: { 200: json(z.object({ items: z.array(CommentSchema) }), "The comments"), ...errors },
});
const addComment = createRoute({
  ...route("post", "/{id}/comments", "Comment on a project or a task, with accepted uploads (project:task:write)"),
  request: { params: IdParam, body: body(CommentBody) },
  responses: { 201: json(CommentSchema, "The comment"), ...errors },
});
const slot = createRoute({
  ...route("post", "/{id}/attachments/slots", "An upload slot for a comment's file (project:task:write)"),
  request: { params: IdParam, body: body(SlotBody) },
  responses: { 201: json(z.record(z.string(), z.unknown()), "The slot"), ...errors },
});
const download = createRoute({
  ...route("get", "/{id}/attachments/{attachmentId}", "A short-lived download link, by attachment id"),
  request: { params: AttachmentParams },
  responses: { 200: json(z.object({ url: z.string(), expiresAt: z.string() }), "The link"), ...errors },
});
const workOrders = createRoute({
  ...route("get", "/{id}/work-orders", "The work orders the project's tasks spawned or link to (project:read)"),
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(WorkOrderLink) }), "The work orders"), ...errors },
});

const clocks = createRoute({
  ...route("get", "/{id}/clocks", "The project's SLA clock and its tasks' (project:read)"),
  description:
    "health: on_track, at_risk, breached, paused, met, not_started (a task never started) or none (no policy).",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ project: ClockSchema, tasks: z.array(ClockSchema) }), "The clocks"),
    ...errors,
  },
});

/** /api/v1/projects */
export const projects = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Project.list(c.req.valid("query")), 200))
  .openapi(create, async (c) => c.json(await Project.create(c.req.valid("json")), 201))
  .openapi(exportList, (c) => csvDownload(c, Project.exportCsv(c.req.valid("query")), "projects"))
  .openapi(get, async (c) => c.json(await Project.get({ id: c.req.valid("param").id }), 200))
  .openapi(patch, async (c) =>
    c.json(await Project.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(status, async (c) =>
    c.json(await Project.setStatus({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(remove, async (c) => {
    await Project.remove(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(tasksCsv, (c) => csvDownload(c, Project.exportTasksCsv({ id: c.req.valid("param").id }), "project-tasks"))
  .openapi(costs, async (c) => c.json(await Project.costs({ id: c.req.valid("param").id }), 200))
  .openapi(addTask, async (c) =>
    c.json(await Project.createTask({ ...c.req.valid("json"), projectId: c.req.valid("param").id }), 201),
  )
  .openapi(listComments, async (c) =>
    c.json({ items: await Project.comments({ ...c.req.valid("query"), projectId: c.req.valid("param").id }) }, 200),
  )
  .openapi(addComment, async (c) =>
    c.json(await Project.comment({ ...c.req.valid("json"), projectId: c.req.valid("param").id }), 201),
  )
  .openapi(slot, async (c) => c.json(await Project.createSlot(c.req.valid("json")), 201))
  .openapi(download, async (c) =>
    c.json(
      await Project.download({ projectId: c.req.valid("param").id, attachmentId: c.req.valid("param").attachmentId }),
      200,
    ),
  )
  .openapi(workOrders, async (c) =>
    c.json({ items: await Project.workOrders({ projectId: c.req.valid("param").id }) }, 200),
  )
  .openapi(clocks, async (c) => c.json(await Project.clocks({ id: c.req.valid("param").id }), 200));

const board = createRoute({
  ...route("get", "/", "Tasks for the board: one project's, or a person's (project:task:read)"),
  request: { query: z.object(Project.tasks.schema.shape) },
  responses: { 200: json(z.object({ items: z.array(TaskSchema) }), "The tasks"), ...errors },
});
const patchTask = createRoute({
  ...route("patch", "/{id}", "Change a task; a new duration or pin moves its dependants (project:task:write)"),
  description: "The answer lists every other task that moved.",
  request: { params: IdParam, body: body(TaskPatch) },
  responses: { 200: json(Moved, "The task and what moved"), ...errors },
});
const transition = createRoute({
  ...route("post", "/{id}/transition", "Move a task to another status (project:task:write)"),
  description: "409 names the statuses allowed from the current one.",
  request: { params: IdParam, body: body(TaskStatus) },
  responses: { 200: json(TaskSchema, "The task"), ...errors },
});
const assign = createRoute({
  ...route("put", "/{id}/assignees", "Set who works a task; newcomers are notified (project:task:write)"),
  request: { params: IdParam, body: body(Assignees) },
  responses: { 200: json(TaskSchema, "The task"), ...errors },
});
const removeTask = createRoute({
  ...route("delete", "/{id}", "Soft-delete a task (project:task:write)"),
  request: { params: IdParam },
  responses: deleted,
});
const spawn = createRoute({
  ...route("post", "/{id}/work-orders", "Create a work order for the field from a task"),
  description: "Needs project:task:write and operations:work_order:create.",
  request: { params: IdParam, body: body(SpawnBody) },
  responses: { 201: json(WorkOrderLink, "The work order"), ...errors },
});
const link = createRoute({
  ...route("post", "/{id}/work-orders/link", "Link an existing work order to a task"),
  request: { params: IdParam, body: body(LinkBody) },
  responses: { 200: json(WorkOrderLink, "The work order"), ...errors },
});
const addDependency = createRoute({
  ...route("post", "/dependencies", "Add a dependency (fs, ss, ff, sf, with lag days) (project:task:write)"),
  description: "A dependency closing a loop is a 409 naming the loop.",
  request: { body: body(DependencyBody) },
  responses: {
    201: json(z.object({ dependency: DependencySchema, moved: z.array(z.string()) }), "The dependency"),
    ...errors,
  },
});
const removeDependency = createRoute({
  ...route("delete", "/dependencies/{id}", "Remove a dependency (project:task:write)"),
  request: { params: IdParam },
  responses: deleted,
});

/** /api/v1/project-tasks */
export const projectTasks = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(board, async (c) => c.json({ items: await Project.tasks(c.req.valid("query")) }, 200))
  .openapi(addDependency, async (c) => c.json(await Project.addDependency(c.req.valid("json")), 201))
  .openapi(removeDependency, async (c) => {
    await Project.removeDependency(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(patchTask, async (c) =>
    c.json(await Project.updateTask({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(transition, async (c) =>
    c.json(await Project.transitionTask({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(assign, async (c) =>
    c.json(await Project.assignTask({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(removeTask, async (c) => {
    await Project.removeTask(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(spawn, async (c) =>
    c.json(await Project.spawnWorkOrder({ ...c.req.valid("json"), taskId: c.req.valid("param").id }), 201),
  )
  .openapi(link, async (c) =>
    c.json(await Project.linkWorkOrder({ ...c.req.valid("json"), taskId: c.req.valid("param").id }), 200),
  );

const templates = createRoute({
  ...route("get", "/", "Every project type's template (project:read)"),
  responses: { 200: json(z.object({ items: z.array(TemplateSchema) }), "The templates"), ...errors },
});
const template = createRoute({
  ...route("get", "/{projectType}", "One type's template (project:read)"),
  request: { params: TypeParam },
  responses: { 200: json(TemplateSchema, "The template"), ...errors },
});
const saveTemplate = createRoute({
  ...route("put", "/{projectType}", "Replace a type's tasks and dependencies (project:update)"),
  description: "Tasks are matched by key; dependencies forming a cycle are a 409 naming it.",
  request: { params: TypeParam, body: body(TemplateBody) },
  responses: { 200: json(TemplateSchema, "The template"), ...errors },
});

/** /api/v1/project-templates */
export const projectTemplates = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(templates, async (c) => c.json({ items: await Project.templates() }, 200))
  .openapi(template, async (c) => c.json(await Project.template(c.req.valid("param")), 200))
  .openapi(saveTemplate, async (c) =>
    c.json(await Project.saveTemplate({ ...c.req.valid("json"), ...c.req.valid("param") }), 200),
  );

const policies = createRoute({
  ...route("get", "/", "Project and task SLA policies (project:read)"),
  request: { query: z.object({ projectType: z.enum(Project.projectTypes).optional() }) },
  responses: { 200: json(z.object({ items: z.array(ClockPolicySchema) }), "The policies"), ...errors },
});
const savePolicy = createRoute({
  ...route("put", "/", "Create or replace the SLA policy of a project type or template task (system:settings:write)"),
  description: "`taskKey` null is the project's own clock; a key the type's template lacks is a 400 naming its keys.",
  request: { body: body(ClockPolicyBody) },
  responses: { 200: json(ClockPolicySchema, "The policy"), ...errors },
});
const removePolicy = createRoute({
  ...route("delete", "/{id}", "Remove an SLA policy (system:settings:write)"),
  request: { params: IdParam },
  responses: deleted,
});

/** /api/v1/project-sla-policies */
export const projectSlaPolicies = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(policies, async (c) => c.json({ items: await Project.clockPolicies(c.req.valid("query")) }, 200))
  .openapi(savePolicy, async (c) => c.json(await Project.saveClockPolicy(c.req.valid("json")), 200))
  .openapi(removePolicy, async (c) => {
    await Project.removeClockPolicy({ id: c.req.valid("param").id });
    return c.body(null, 204);
  });
