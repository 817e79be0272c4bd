import { Widget } from "@dotmac/core/inbox";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

const InfoSchema = z.object(Widget.Info.shape).openapi("WidgetChannel");
const CreateBody = z.object(Widget.create.schema.shape).openapi("WidgetChannelCreate");
const UpdateBody = Widget.update.schema.omit({ id: true }).openapi("WidgetChannelUpdate");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Web chat widgets with their embed snippets",
  responses: { 200: json(z.object({ items: z.array(InfoSchema) }), "Widgets"), ...problemResponses(401, 403) },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a web chat widget (colours are refused below WCAG AA contrast)",
  request: { body: body(CreateBody) },
  responses: { 201: json(InfoSchema, "Created, with its embed snippet"), ...problemResponses(400, 401, 403) },
});
const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Change a web chat widget",
  request: { params: IdParam, body: body(UpdateBody) },
  responses: { 200: json(InfoSchema, "Updated"), ...problemResponses(400, 401, 403, 404) },
});

/** Settings › Inbox › Web chat (crm:inbox:settings:read / write). */
export const widgetSettings = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json({ items: await Widget.list({}) }, 200))
  .openapi(create, async (c) => c.json(await Widget.create(c.req.valid("json")), 201))
  .openapi(update, async (c) =>
    c.json(await Widget.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  );
