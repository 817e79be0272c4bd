import { bodyLimit } from "hono/body-limit";
import { baseApp } from "./base";
import { authenticate, csrf } from "./middleware";
import { problem } from "./problem";
import { auth } from "./routes/auth";
import { docsPage } from "./routes/docs";
import { health } from "./routes/health";
import { system } from "./routes/system";
import { webhooks } from "./routes/webhooks";

export interface AppOptions {
  /** The origin browsers use (CloudFront on AWS, http://localhost:PORT locally); defaults to the request's. */
  publicOrigin?: string | undefined;
}

/** The staff/API app behind `/api/*`: the `api` Lambda, and part of the local runtime. */
export function createApiApp(options: AppOptions = {}) {
  const app = baseApp();
  app.use(
    "/api/*",
    bodyLimit({ maxSize: 256 * 1024, onError: (c) => problem(c, "payload_too_large", "Body must be at most 256 KiB") }),
  );
  app.use("/api/*", authenticate());
  app.use("/api/*", csrf(options.publicOrigin));
  const routes = app.route("/api", health).route("/api/v1/auth", auth).route("/api/v1/system", system);
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: { title: "DotMac CRM API", version: "1.0.0", description: "Omni-channel CRM and field service for ISPs" },
  });
  app.get("/api/docs", (c) => c.html(docsPage("/api/openapi.json")));
  return routes;
}

/** The webhook ingest behind `/webhooks/*`: verify, enqueue, answer. No database code is imported. */
export function createWebhookApp() {
  return baseApp().route("/webhooks", webhooks);
}

/** Both apps on one origin, as CloudFront presents them on AWS: the local runtime and the API tests. */
export function createApp(options: AppOptions = {}) {
  const app = baseApp();
  app.route("/", createWebhookApp());
  return app.route("/", createApiApp(options));
}

export type AppType = ReturnType<typeof createApiApp>;
