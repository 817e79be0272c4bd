import * as Inbox from "@dotmac/core/inbox";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const MessageSchema = z.object(Inbox.MessageInfo.shape).openapi("InboxMessage");
const TemplateBody = z.object(Inbox.TemplateInput.shape).openapi("InboxTemplateSend");
const ReplyBody = z
  .object({
    body: Inbox.ReplyInput.shape.body,
    template: TemplateBody.optional(),
    attachmentUploadIds: Inbox.ReplyInput.shape.attachmentUploadIds,
    replyToMessageId: Inbox.ReplyInput.shape.replyToMessageId,
    idempotencyKey: Inbox.ReplyInput.shape.idempotencyKey,
  })
  .openapi("InboxReply");

const replyRoute = createRoute({
  method: "post",
  path: "/conversations/{id}/messages",
  summary: "Reply in a conversation: text, one file, or a WhatsApp template (crm:inbox:write)",
  description:
    "The message is stored `queued` and sent by the outbox; its status then climbs `sending` → `sent` → " +
    "`delivered` → `read` as the provider reports, or ends `failed` with `errorCode`/`errorDetail`. The same " +
    "`idempotencyKey` again answers 200 with the first message. Outside the provider's window the reply is " +
    "refused with 409 (`reason.key` `template_required` on WhatsApp: send a `template`; `window_closed` on " +
    "Messenger/Instagram).",
  request: { params: IdParam, body: body(ReplyBody) },
  responses: {
    201: json(MessageSchema, "The queued message"),
    200: json(MessageSchema, "The message this idempotencyKey already created"),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});

const retryRoute = createRoute({
  method: "post",
  path: "/messages/{id}/retry",
  summary: "Send a failed message again (crm:inbox:write)",
  description: "The message goes back to `queued` with a fresh attempt budget; the window is checked again (409).",
  request: { params: IdParam },
  responses: { 200: json(MessageSchema, "The queued message"), ...problemResponses(400, 401, 403, 404, 409) },
});

/** Replies and their retry (mounted under /api/v1/inbox). */
export const inboxOutbound = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(replyRoute, async (c) => {
    const { message, created } = await Inbox.reply({ ...c.req.valid("json"), conversationId: c.req.valid("param").id });
    return created ? c.json(message, 201) : c.json(message, 200);
  })
  .openapi(retryRoute, async (c) => c.json(await Inbox.retry(c.req.valid("param").id), 200));

const TemplateSchema = z.object(Inbox.Templates.TemplateInfo.shape).openapi("InboxTemplate");

const listTemplates = createRoute({
  method: "get",
  path: "/channels/{id}/templates",
  summary: "A WhatsApp channel's message templates, approved first (crm:inbox:read)",
  description:
    "What the composer offers outside the 24-hour window; `bodyVariables` and `headerFormat` say what to ask for.",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ items: z.array(TemplateSchema) }), "The templates"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const syncTemplates = createRoute({
  method: "post",
  path: "/channels/{id}/templates/sync",
  summary: "Fetch the channel's templates from WhatsApp again (crm:inbox:settings:write)",
  request: { params: IdParam },
  responses: {
    200: json(
      z.object({
        synced: z.number().int().openapi({ description: "How many templates Meta listed" }),
        created: z.number().int().openapi({ description: "How many were new" }),
        changed: z.number().int().openapi({ description: "How many changed status, category or text" }),
        removed: z.number().int().openapi({ description: "How many Meta no longer lists (kept as DELETED)" }),
        items: z.array(TemplateSchema),
      }),
      "The templates now",
    ),
    ...problemResponses(400, 401, 403, 404, 503),
  },
});

/** The template catalogue of WhatsApp channels (mounted under /api/v1/inbox). */
export const inboxTemplates = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(listTemplates, async (c) => c.json({ items: await Inbox.Templates.list(c.req.valid("param").id) }, 200))
  .openapi(syncTemplates, async (c) => c.json(await Inbox.Templates.sync(c.req.valid("param").id), 200));
