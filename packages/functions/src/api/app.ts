import { Billing } from "@dotmac/core/inbound/payloads";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { type AppEnv, withBase } from "./base";
import { type ApiOptions, withApiChain } from "./chain";
import { routes as access } from "./groups/access";
import { routes as auth } from "./groups/auth";
import { routes as board } from "./groups/board";
import { routes as campaignPublic } from "./groups/campaign-public";
import { routes as campaigns } from "./groups/campaigns";
import { routes as commissions } from "./groups/commissions";
import { routes as contacts } from "./groups/contacts";
import { routes as contracts } from "./groups/contracts";
import { routes as customer } from "./groups/customer";
import { routes as customerSales } from "./groups/customer-sales";
import { routes as dispatch } from "./groups/dispatch";
import { routes as field } from "./groups/field";
import { routes as inbox } from "./groups/inbox";
import { routes as inventory } from "./groups/inventory";
import { routes as live } from "./groups/live";
import { routes as notifications } from "./groups/notifications";
import { routes as parties } from "./groups/parties";
import { routes as projects } from "./groups/projects";
import { routes as quotes } from "./groups/quotes";
import { routes as reseller } from "./groups/reseller";
import { routes as sales } from "./groups/sales";
import { routes as search } from "./groups/search";
import { routes as shell } from "./groups/shell";
import { routes as supportSettings } from "./groups/support-settings";
import { routes as surveys } from "./groups/surveys";
import { routes as system } from "./groups/system";
import { routes as tickets } from "./groups/tickets";
import { routes as timecost } from "./groups/timecost";
import { routes as vendor } from "./groups/vendor";
import { routes as widget } from "./groups/widget";
import { routes as workOrders } from "./groups/work-orders";
import { problemResponses } from "./openapi";
import { mountWebhooks } from "./webhook-app";

export type AppOptions = ApiOptions;

/**
 * Every route group, in the order of the route table (groups.ts), eagerly: the local runtime, the
 * tests and the OpenAPI document use this; the `api` Lambda loads the same groups one at a time (lazy.ts).
 */
export const eagerGroups = {
  shell,
  auth,
  customer,
  customerSales,
  reseller,
  vendor,
  access,
  system,
  parties,
  search,
  tickets,
  notifications,
  inbox,
  live,
  widget,
  field,
  supportSettings,
  workOrders,
  inventory,
  timecost,
  dispatch,
  board,
  sales,
  commissions,
  contacts,
  campaigns,
  surveys,
  campaignPublic,
  contracts,
  quotes,
  projects,
};

/**
 * Adds the `/api/*` middleware and every route group to an app that already has the base middleware,
 * so that composing apps (the local runtime, the tests) runs request id and headers once per request.
 */
export function mountApi(app: OpenAPIHono<AppEnv>, options: AppOptions = {}) {
  const routes = withApiChain(app, options)
    .route("/", shell)
    .route("/", auth)
    .route("/", customer)
    .route("/", customerSales)
    .route("/", reseller)
    .route("/", vendor)
    .route("/", access)
    .route("/", system)
    .route("/", parties)
    .route("/", search)
    .route("/", tickets)
    .route("/", notifications)
    .route("/", inbox)
    .route("/", live)
    .route("/", widget)
    .route("/", field)
    .route("/", supportSettings)
    .route("/", workOrders)
    .route("/", inventory)
    .route("/", timecost)
    .route("/", dispatch)
    .route("/", board)
    .route("/", sales)
    .route("/", commissions)
    .route("/", contacts)
    .route("/", campaigns)
    .route("/", surveys)
    .route("/", campaignPublic)
    .route("/", contracts)
    .route("/", quotes)
    .route("/", projects);
  documentWebhooks(app);
  return routes;
}

/** Both apps on one origin, as CloudFront presents them on AWS: the local runtime and the API tests. */
export function createApp(options: AppOptions = {}) {
  const app = withBase(new OpenAPIHono<AppEnv>());
  mountWebhooks(app);
  return mountApi(app, options);
}

/** The API's routes and their types, for the portal's typed client (`import type` only). */
export type AppType = ReturnType<typeof mountApi>;

/** The OpenAPI document's top-level fields (its paths come from the routes): openapi-document.ts. */
export const documentInfo = {
  openapi: "3.1.0",
  info: {
    title: "DotMac CRM API",
    version: "1.0.0",
    description:
      "Omni-channel CRM and field service for ISPs. A cookie session sends the `__Host-dotmac_csrf` cookie's value " +
      "in `x-csrf-token` on POST/PUT/PATCH/DELETE (bearer tokens and API keys need not). Integrations send an API " +
      "key as `Authorization: Bearer dmk_…` or `X-API-Key: dmk_…`. Every `/api` response carries " +
      "`RateLimit-Policy: <limit>;w=<seconds>` and `RateLimit: limit=…, remaining=…, reset=…`; a 429 adds `Retry-After`.",
  },
} as const;

/** The webhook app is plain Hono (kept small); its contract is documented in the one OpenAPI document. */
function documentWebhooks(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerPath({
    method: "post",
    path: "/webhooks/billing/subscribers",
    summary: "Billing system subscriber sync (Standard Webhooks signature)",
    description:
      "Signed with HMAC-SHA256 over `webhook-id.webhook-timestamp.body` (Standard Webhooks), verified over the raw " +
      "bytes before anything is parsed. Verified calls are queued and applied idempotently by `webhook-id`; an older " +
      "`updated_at` never overwrites a newer one. A verified body that is not valid UTF-8 or holds raw control " +
      "characters (other than TAB, LF, CR) is a 400. Requests are limited per client IP before the signature is " +
      "checked (429 with `Retry-After`).",
    request: {
      headers: z.object({ "webhook-id": z.string(), "webhook-timestamp": z.string(), "webhook-signature": z.string() }),
      body: { content: { "application/json": { schema: z.object(Billing.Payload.shape) } } },
    },
    responses: {
      202: {
        description: "Verified and queued",
        content: { "application/json": { schema: z.object({ status: z.literal("queued"), id: z.string() }) } },
      },
      ...problemResponses(400, 401, 413, 429),
    },
  });
  for (const [provider, product] of [
    ["whatsapp", "WhatsApp Cloud API"],
    ["meta", "Messenger and Instagram"],
  ] as const) {
    app.openAPIRegistry.registerPath({
      method: "get",
      path: `/webhooks/${provider}`,
      summary: `${product} webhook verification (Meta's hub.challenge handshake)`,
      description:
        "Answers `hub.challenge` as text/plain when `hub.mode=subscribe` and `hub.verify_token` equals the verify " +
        "token configured for this Meta app; 403 otherwise, and always when none is configured.",
      request: {
        query: z.object({ "hub.mode": z.string(), "hub.verify_token": z.string(), "hub.challenge": z.string() }),
      },
      responses: {
        200: { description: "The challenge", content: { "text/plain": { schema: z.string() } } },
        ...problemResponses(403, 429),
      },
    });
    app.openAPIRegistry.registerPath({
      method: "post",
      path: `/webhooks/${provider}`,
      summary: `${product} webhook deliveries (X-Hub-Signature-256)`,
      description:
        "Signed with HMAC-SHA256 of the raw body under the Meta app's App Secret (`sha256=<hex>`), verified before " +
        "anything is parsed and refused (401, nothing queued) when no secret is configured. The delivery is queued " +
        "under sha256(body) and applied per message idempotently (by wamid / mid).",
      request: { headers: z.object({ "x-hub-signature-256": z.string() }) },
      responses: {
        200: {
          description: "Verified and queued",
          content: { "application/json": { schema: z.object({ status: z.literal("queued"), id: z.string() }) } },
        },
        ...problemResponses(400, 401, 413, 429),
      },
    });
  }
}
