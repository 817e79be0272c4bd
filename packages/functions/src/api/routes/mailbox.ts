import * as Notification from "@dotmac/core/notification";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { json } from "../route-helpers";

const MessageSchema = z.object(Notification.MailboxMessage.shape).openapi("MailboxMessage");
const IdParam = z.object({ id: Notification.mailboxMessage.schema.describe("The message id from the list") });

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Mail the local driver wrote, newest first (MAIL_DRIVER=local only; administrators)",
  description: "Answers 404 when mail goes out through SES: there is no local mailbox then.",
  responses: {
    200: json(z.object({ items: z.array(MessageSchema) }), "The messages"),
    ...problemResponses(401, 403, 404),
  },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One message of the local mailbox (MAIL_DRIVER=local only; administrators)",
  request: { params: IdParam },
  responses: { 200: json(MessageSchema, "The message"), ...problemResponses(400, 401, 403, 404) },
});

/** Routes for the local development mailbox (only with MAIL_DRIVER=local). */
export const mailbox = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Notification.mailbox({}), 200))
  .openapi(get, async (c) => c.json(await Notification.mailboxMessage(c.req.valid("param").id), 200));
