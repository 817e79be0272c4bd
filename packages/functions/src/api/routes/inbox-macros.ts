import { Macros, Views } from "@dotmac/core/inbox";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const MacroSchema = z.object(Macros.MacroInfo.shape).openapi("InboxMacro");
const MacroBody = z.object(Macros.create.schema.shape).openapi("InboxMacroCreate");
const MacroPatch = z.object(Macros.create.schema.shape).partial().openapi("InboxMacroUpdate");
const RunBody = z.object(Macros.run.schema.shape).openapi("InboxMacroRun");
const RunSchema = z.object(Macros.RunResult.shape).openapi("InboxMacroRunResult");
const ViewSchema = z.object(Views.ViewInfo.shape).openapi("InboxView");
const ViewBody = z
  .object({ filters: z.object(Views.ViewFilters.shape).strict(), teamId: Views.save.schema.shape.teamId })
  .openapi("InboxViewSave");

const list = createRoute({
  method: "get",
  path: "/macros",
  summary: "Shared macros and your own, by name (crm:macro:read)",
  responses: { 200: json(z.object({ items: z.array(MacroSchema) }), "The macros"), ...problemResponses(401, 403) },
});

const create = createRoute({
  method: "post",
  path: "/macros",
  summary: "Save a macro: a named, ordered list of steps (crm:macro:write; shared: crm:inbox:settings:write)",
  description:
    "Each step is checked now: an unknown label, agent, team, canned response or template answers 400 naming " +
    "the step (`actions.2.label`). Personal macros are yours alone; shared ones are inbox settings.",
  request: { body: body(MacroBody) },
  responses: { 201: json(MacroSchema, "The macro"), ...problemResponses(400, 401, 403, 409) },
});

const update = createRoute({
  method: "patch",
  path: "/macros/{id}",
  summary: "Rename a macro, replace its steps or share it (its owner; shared: crm:inbox:settings:write)",
  request: { params: IdParam, body: body(MacroPatch) },
  responses: { 200: json(MacroSchema, "The macro"), ...problemResponses(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  method: "delete",
  path: "/macros/{id}",
  summary: "Delete a macro (its owner; shared: crm:inbox:settings:write)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(400, 401, 403, 404) },
});

const run = createRoute({
  method: "post",
  path: "/macros/run",
  summary: "Run a macro on up to 50 conversations (crm:macro:read, crm:inbox:write)",
  description:
    "Each conversation runs in its own transaction; a refused step (closed window, forbidden transition) leaves " +
    "that conversation unchanged and is reported with its index. The same `runId` again answers `already_ran` " +
    "and sends nothing twice. Changes are logged with the reason `macro <name>`.",
  request: { body: body(RunBody) },
  responses: { 200: json(RunSchema, "What happened per conversation"), ...problemResponses(400, 401, 403, 404) },
});

const views = createRoute({
  method: "get",
  path: "/views",
  summary: "Your saved views of the conversation list and those shared with your teams (crm:inbox:read)",
  responses: { 200: json(z.object({ items: z.array(ViewSchema) }), "The views"), ...problemResponses(401, 403) },
});

const saveView = createRoute({
  method: "put",
  path: "/views/{name}",
  summary: "Save the conversation list's filters under a name, replacing yours of that name (crm:inbox:read)",
  description:
    "`filters` takes the list's query parameters (without `cursor` and `limit`); unknown keys answer 400. " +
    "`teamId` shares the view with one of your teams.",
  request: { params: z.object({ name: Views.save.schema.shape.name }), body: body(ViewBody) },
  responses: { 200: json(ViewSchema, "The saved view"), ...problemResponses(400, 401, 403) },
});

const removeView = createRoute({
  method: "delete",
  path: "/views/{id}",
  summary: "Delete one of your saved views (crm:inbox:read)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...problemResponses(400, 401, 403, 404) },
});

/** Conversation macros and saved views of the conversation list (mounted under /api/v1/inbox). */
export const inboxMacros = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json({ items: await Macros.list({}) }, 200))
  .openapi(run, async (c) => c.json(await Macros.run(c.req.valid("json")), 200))
  .openapi(create, async (c) => c.json(await Macros.create(c.req.valid("json")), 201))
  .openapi(update, async (c) =>
    c.json(await Macros.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(remove, async (c) => {
    await Macros.remove(c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(views, async (c) => c.json({ items: await Views.list({}) }, 200))
  .openapi(saveView, async (c) =>
    c.json(await Views.save({ ...c.req.valid("json"), name: c.req.valid("param").name }), 200),
  )
  .openapi(removeView, async (c) => {
    await Views.remove(c.req.valid("param").id);
    return c.body(null, 204);
  });
