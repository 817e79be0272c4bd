import { Widget } from "@dotmac/core/inbox";
import { publicUrl } from "@dotmac/core/platform/public-url";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, json } from "../route-helpers";

/**
 * The browser's origin for a visitor call. A cross-site page always sends `Origin`; a same-origin GET
 * does not, so `Sec-Fetch-Site: same-origin` stands for our own origin (the local demo page).
 */
function originOf(c: Context): string | null {
  const origin = c.req.header("origin");
  if (origin) return origin;
  return c.req.header("sec-fetch-site") === "same-origin" ? new URL(publicUrl()).origin : null;
}

/** The visitor token travels in `Authorization: Bearer`, never in a URL and never in a cookie. */
const tokenOf = (c: Context) => c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;
/** Who is calling a visitor route: the widget, the page's origin and the visitor token. */
const visitor = (c: Context, widgetId: string) => ({ widgetId, origin: originOf(c), token: tokenOf(c) });

const WidgetQuery = z.object({
  widget: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "widget", in: "query" }, description: "The widget's public id (data-widget-id)" }),
});

/**
 * CORS for the embedding sites: the answer names the caller's origin only when it is one of the
 * widget's allowed origins; a preflight from any other origin gets no CORS headers (the browser blocks).
 */
const cors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  const widget = c.req.query("widget");
  const allowed = origin && widget ? await Widget.allowsOrigin(widget, origin) : false;
  if (c.req.method === "OPTIONS") {
    if (!allowed || !origin) return c.body(null, 403, { vary: "Origin" });
    return c.body(null, 204, {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "authorization, content-type",
      "access-control-max-age": "600",
      vary: "Origin",
    });
  }
  await next();
  c.header("vary", "Origin");
  if (allowed && origin) {
    c.header("access-control-allow-origin", origin);
    c.header("access-control-expose-headers", "retry-after");
  }
  c.header("cache-control", "no-store");
};

const ConfigSchema = z.object(Widget.PublicConfig.shape).openapi("WidgetConfig");
const MessageSchema = z.object(Widget.WidgetMessage.shape).openapi("WidgetMessage");
const StartBody = Widget.StartInput.omit({ widgetId: true, origin: true }).openapi("WidgetStartRequest");
const StartSchema = z
  .object({
    token: z.string().describe("The visitor token: keep it and send it as `Authorization: Bearer`"),
    conversationId: z.uuid().nullable(),
    online: z.boolean(),
    offlineMessage: z.string(),
  })
  .openapi("WidgetStart");
const SendBody = z
  .object({
    clientId: Widget.send.schema.shape.clientId.describe(
      "Chosen by the browser; a retry with the same id stores nothing new",
    ),
    body: Widget.send.schema.shape.body,
  })
  .openapi("WidgetSendRequest");
const SendSchema = z
  .object({ messageId: z.uuid(), duplicate: z.boolean(), online: z.boolean(), offlineMessage: z.string() })
  .openapi("WidgetSent");
const PollQuery = WidgetQuery.extend({
  since: z
    .string()
    .max(400)
    .optional()
    .openapi({ param: { name: "since", in: "query" }, description: "The `cursor` of the previous answer" }),
});
const PollSchema = z
  .object({ items: z.array(MessageSchema), cursor: z.string().nullable(), online: z.boolean() })
  .openapi("WidgetMessages");
const SeenBody = z.object({ messageId: z.uuid() }).openapi("WidgetSeenRequest");

const visitorErrors = problemResponses(400, 401, 403, 404, 429);
const publicNote =
  "Public route: the widget's allowed origins are checked against `Origin` and, except for config and start, " +
  "the visitor token (`Authorization: Bearer`) is checked by the route.";

const config = createRoute({
  method: "get",
  path: "/config",
  summary: "What the embedded widget needs to draw itself",
  description: publicNote,
  request: { query: WidgetQuery },
  responses: { 200: json(ConfigSchema, "Colours, greeting, pre-chat fields, open or offline"), ...visitorErrors },
});
const start = createRoute({
  method: "post",
  path: "/start",
  summary: "The visitor fills the pre-chat form: a person, a token and, with a first message, a conversation",
  description: publicNote,
  request: { query: WidgetQuery, body: body(StartBody) },
  responses: { 200: json(StartSchema, "Started"), ...visitorErrors },
});
const send = createRoute({
  method: "post",
  path: "/messages",
  summary: "The visitor sends a message (idempotent by clientId)",
  description: publicNote,
  request: { query: WidgetQuery, body: body(SendBody) },
  responses: { 200: json(SendSchema, "Stored"), ...visitorErrors },
});
const poll = createRoute({
  method: "get",
  path: "/messages",
  summary: "The visitor's thread after a cursor (short poll); agent replies returned count as delivered",
  description: publicNote,
  request: { query: PollQuery },
  responses: { 200: json(PollSchema, "Messages, oldest first"), ...visitorErrors },
});
const seen = createRoute({
  method: "post",
  path: "/seen",
  summary: "The panel showed the agent's messages up to this one: they are read",
  description: publicNote,
  request: { query: WidgetQuery, body: body(SeenBody) },
  responses: { 200: json(z.object({ ok: z.literal(true) }), "Marked read"), ...visitorErrors },
});

const app = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook });
app.use("*", cors);

/** The web chat widget's visitor API (public; see publicRoutes in middleware.ts). */
export const widget = app
  .openapi(config, async (c) =>
    c.json(await Widget.config({ widgetId: c.req.valid("query").widget, origin: originOf(c) }), 200),
  )
  .openapi(start, async (c) =>
    c.json(
      await Widget.start({ ...c.req.valid("json"), widgetId: c.req.valid("query").widget, origin: originOf(c) }),
      200,
    ),
  )
  .openapi(send, async (c) =>
    c.json(await Widget.send({ ...c.req.valid("json"), ...visitor(c, c.req.valid("query").widget) }), 200),
  )
  .openapi(poll, async (c) => {
    const { widget, since } = c.req.valid("query");
    return c.json(await Widget.messages({ since, ...visitor(c, widget) }), 200);
  })
  .openapi(seen, async (c) =>
    c.json(await Widget.seen({ ...c.req.valid("json"), ...visitor(c, c.req.valid("query").widget) }), 200),
  );
