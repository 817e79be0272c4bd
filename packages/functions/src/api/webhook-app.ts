import { Hono } from "hono";
import { type AppEnv, withBase } from "./base";
import { webhooks } from "./routes/webhooks";

/**
 * The webhook ingest behind `/webhooks/*`: verify, enqueue, answer. Plain Hono and no database or
 * OpenAPI code, so the `webhook` Lambda stays small; the contract is documented by the API app.
 */
export function createWebhookApp() {
  return withBase(new Hono<AppEnv>()).route("/webhooks", webhooks);
}
