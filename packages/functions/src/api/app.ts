import * as Inbound from "@dotmac/core/inbound";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { withBase } from "./base";
import { type AppEnv, authenticate, csrf, refuseUnstorable } from "./middleware";
import { problemResponses } from "./openapi";
import { problem } from "./problem";
import { rateLimit } from "./rate-limit";
import { apiKeys } from "./routes/api-keys";
import { audit } from "./routes/audit";
import { authRoutes } from "./routes/auth";
import { confirmation } from "./routes/confirmation";
import { customerPortal } from "./routes/customer";
import { customerTickets } from "./routes/customer-tickets";
import { directory } from "./routes/directory";
import { docsPage } from "./routes/docs";
import { health } from "./routes/health";
import { mailbox } from "./routes/mailbox";
import { notifications } from "./routes/notifications";
import { organizations } from "./routes/organizations";
import { people } from "./routes/people";
import { recoveryRoutes } from "./routes/recovery";
import { resellerPortal } from "./routes/reseller";
import { resellerTickets } from "./routes/reseller-tickets";
import { roles } from "./routes/roles";
import { savedFilters } from "./routes/saved-filters";
import { sla } from "./routes/sla";
import { supportAdmin } from "./routes/support-admin";
import { system } from "./routes/system";
import { ticketAttachments } from "./routes/ticket-attachments";
import { ticketCollab } from "./routes/ticket-collab";
import { ticketStats } from "./routes/ticket-stats";
import { tickets } from "./routes/tickets";
import { users } from "./routes/users";
import { vendorPortal } from "./routes/vendor";
import { mountWebhooks } from "./webhook-app";

export interface AppOptions {
  /** The origin browsers use (CloudFront on AWS, http://localhost:PORT locally); defaults to the request's. */
  publicOrigin?: string | undefined;
}

/**
 * Adds the `/api/*` middleware and routes to an app that already has the base middleware, so that
 * composing apps (the local runtime, the tests) runs request id and headers once per request.
 */
export function mountApi(app: OpenAPIHono<AppEnv>, options: AppOptions = {}) {
  app.use(
    "/api/*",
    bodyLimit({ maxSize: 256 * 1024, onError: (c) => problem(c, "payload_too_large", "Body must be at most 256 KiB") }),
  );
  app.use("/api/*", authenticate());
  app.use("/api/*", csrf(options.publicOrigin));
  app.use("/api/*", rateLimit());
  app.use("/api/*", refuseUnstorable());
  const routes = app
    .route("/api", health)
    .route("/api/v1/auth", authRoutes("staff"))
    .route("/api/v1/auth", recoveryRoutes("staff"))
    .route("/api/v1/customer/auth", authRoutes("customer"))
    .route("/api/v1/customer/auth", recoveryRoutes("customer"))
    .route("/api/v1/reseller/auth", authRoutes("reseller"))
    .route("/api/v1/reseller/auth", recoveryRoutes("reseller"))
    .route("/api/v1/vendor/auth", authRoutes("vendor"))
    .route("/api/v1/vendor/auth", recoveryRoutes("vendor"))
    .route("/api/v1/customer/confirmation", confirmation)
    .route("/api/v1/customer/tickets", customerTickets)
    .route("/api/v1/customer", customerPortal)
    .route("/api/v1/reseller/tickets", resellerTickets)
    .route("/api/v1/reseller", resellerPortal)
    .route("/api/v1/vendor", vendorPortal)
    .route("/api/v1/roles", roles)
    .route("/api/v1/system", system)
    .route("/api/v1/audit", audit)
    .route("/api/v1/api-keys", apiKeys)
    .route("/api/v1/people", people)
    .route("/api/v1/organizations", organizations)
    // Fixed paths (/stats, /bulk) before tickets' /{idOrNumber}.
    .route("/api/v1/tickets", ticketStats)
    .route("/api/v1/tickets", ticketCollab)
    .route("/api/v1/tickets", ticketAttachments)
    .route("/api/v1/tickets", tickets)
    .route("/api/v1/saved-filters", savedFilters)
    .route("/api/v1/directory", directory)
    .route("/api/v1/support", supportAdmin)
    .route("/api/v1/notifications", notifications)
    .route("/api/v1/dev/mailbox", mailbox)
    .route("/api/v1/sla", sla)
    .route("/api/v1/users", users);
  documentWebhooks(app);
  app.doc31("/api/openapi.json", {
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
  });
  app.get("/api/docs", (c) => c.html(docsPage("/api/openapi.json")));
  return routes;
}

/** The staff/API app behind `/api/*`: the `api` Lambda. */
export function createApiApp(options: AppOptions = {}) {
  return mountApi(withBase(new OpenAPIHono<AppEnv>()), options);
}

/** Both apps on one origin, as CloudFront presents them on AWS: the local runtime and the API tests. */
export function createApp(options: AppOptions = {}) {
  const app = withBase(new OpenAPIHono<AppEnv>());
  mountWebhooks(app);
  return mountApi(app, options);
}

export type AppType = ReturnType<typeof createApiApp>;

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
      body: { content: { "application/json": { schema: z.object(Inbound.Billing.Payload.shape) } } },
    },
    responses: {
      202: {
        description: "Verified and queued",
        content: { "application/json": { schema: z.object({ status: z.literal("queued"), id: z.string() }) } },
      },
      ...problemResponses(400, 401, 413, 429),
    },
  });
}
