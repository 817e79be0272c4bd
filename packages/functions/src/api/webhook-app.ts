import { Hono } from "hono";
import { type AppEnv, withBase } from "./base";
import { webhooks } from "./routes/webhooks";

/** Adds `/webhooks/*` to an app that already has the base middleware. */
export function mountWebhooks(app: Hono<AppEnv>) {
  return app.route("/webhooks", webhooks);
}

/**
 * The webhook ingest behind `/webhooks/*`: verify, enqueue, answer. Plain Hono and no database or
 * OpenAPI code, so the `webhook` Lambda stays small; the contract is documented by the API app.
 */
export function createWebhookApp() {
  return mountWebhooks(withBase(new Hono<AppEnv>()));
}
