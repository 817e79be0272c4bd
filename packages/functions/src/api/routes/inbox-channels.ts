import { Channels } from "@dotmac/core/inbox";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

const InfoSchema = z.object(Channels.Info.shape).openapi("InboxChannel");
const CreatedSchema = z.object(Channels.Created.shape).openapi("InboxChannelCreated");
const CreateBody = z.object(Channels.CreateInput.shape).openapi("InboxChannelCreate");
const UpdateBody = z.object(Channels.UpdateInput.shape).omit({ id: true }).openapi("InboxChannelUpdate");

const list = createRoute({
  method: "get",
  path: "/",
  summary:
    "Every connected channel: WhatsApp numbers, pages, Instagram accounts, mailboxes, widgets (crm:inbox:settings:read)",
  responses: { 200: json(z.object({ items: z.array(InfoSchema) }), "Channels"), ...problemResponses(401, 403) },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Connect a channel (crm:inbox:settings:write)",
  description:
    "The access token goes to the secret store and is never returned. WhatsApp, Messenger and Instagram channels " +
    "answer with the webhook URL and a verify token for the Meta app, shown this once. An account already " +
    "connected answers 409 naming its channel.",
  request: { body: body(CreateBody) },
  responses: { 201: json(CreatedSchema, "Connected"), ...problemResponses(400, 401, 403, 409) },
});
const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Rename, move to a team, disable or enable a channel, or replace its token (crm:inbox:settings:write)",
  request: { params: IdParam, body: body(UpdateBody) },
  responses: { 200: json(InfoSchema, "Updated"), ...problemResponses(400, 401, 403, 404) },
});
const rotate = createRoute({
  method: "post",
  path: "/{id}/verify-token",
  summary: "Generate a new verify token, shown once; the old one stops verifying (crm:inbox:settings:write)",
  request: { params: IdParam, body: body(z.object({}).openapi("InboxChannelRotate")) },
  responses: { 200: json(CreatedSchema, "The new token"), ...problemResponses(400, 401, 403, 404, 412) },
});
const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Remove a channel; its conversations stay (crm:inbox:settings:write)",
  request: { params: IdParam },
  responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
});

/** Settings › Inbox › Channels. */
export const inboxChannels = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json({ items: await Channels.list({}) }, 200))
  .openapi(create, async (c) => c.json(await Channels.create(c.req.valid("json")), 201))
  .openapi(update, async (c) =>
    c.json(await Channels.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(rotate, async (c) => c.json(await Channels.rotateVerifyToken({ id: c.req.valid("param").id }), 200))
  .openapi(remove, async (c) => {
    await Channels.remove({ id: c.req.valid("param").id });
    return c.body(null, 204);
  });
