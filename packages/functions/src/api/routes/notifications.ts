import * as Notification from "@dotmac/core/notification";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const NotificationSchema = z.object(Notification.Info.shape).openapi("Notification");
const DeliverySchema = z.object(Notification.DeliveryInfo.shape).openapi("EmailDelivery");
const ListQuery = z.object(Notification.list.schema.shape);
const DeliveriesQuery = z.object(Notification.deliveries.schema.shape);
const Unread = z.object({ unread: z.number().int() });

const list = createRoute({
  method: "get",
  path: "/",
  summary: "The signed-in staff user's notifications, newest first, paginated by cursor",
  description: "Pass `nextCursor` back as `cursor` for the next page. `unread` is the count of unread ones.",
  request: { query: ListQuery },
  responses: {
    200: json(
      z.object({ items: z.array(NotificationSchema), nextCursor: z.string().nullable(), unread: z.number().int() }),
      "One page of notifications",
    ),
    ...problemResponses(400, 401, 403),
  },
});

const unreadCount = createRoute({
  method: "get",
  path: "/unread-count",
  summary: "How many of the signed-in staff user's notifications are unread",
  responses: { 200: json(Unread, "The unread count"), ...problemResponses(401, 403) },
});

const readAll = createRoute({
  method: "post",
  path: "/read-all",
  summary: "Mark every notification of the signed-in staff user read",
  responses: {
    200: json(z.object({ updated: z.number().int() }), "How many were marked"),
    ...problemResponses(401, 403),
  },
});

const read = createRoute({
  method: "post",
  path: "/{id}/read",
  summary: "Mark one of your notifications read (another user's answers 404)",
  request: { params: IdParam },
  responses: { 200: json(NotificationSchema, "The notification"), ...problemResponses(400, 401, 403, 404) },
});

const deliveries = createRoute({
  method: "get",
  path: "/deliveries",
  summary: "Email deliveries, newest first, with their state and last error (system:monitoring:read)",
  description:
    "Failed sends are retried by the `notifications.retry` job with backoff; after 5 attempts they are `dead`.",
  request: { query: DeliveriesQuery },
  responses: {
    200: json(z.object({ items: z.array(DeliverySchema) }), "The deliveries"),
    ...problemResponses(400, 401, 403),
  },
});

/** Routes for in-app notifications of the signed-in user. */
export const notifications = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Notification.list(c.req.valid("query")), 200))
  .openapi(unreadCount, async (c) => c.json(await Notification.unreadCount({}), 200))
  .openapi(readAll, async (c) => c.json(await Notification.markAllRead({}), 200))
  .openapi(read, async (c) => c.json(await Notification.markRead(c.req.valid("param").id), 200))
  .openapi(deliveries, async (c) => c.json(await Notification.deliveries(c.req.valid("query")), 200));
