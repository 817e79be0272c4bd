import { useConfig } from "@dotmac/core/platform/config";
import { Hono } from "hono";
import { type AppEnv, withBase } from "./base";
import { throttlePerIp } from "./ip-throttle";
import { webhooks } from "./routes/webhooks";

/**
 * Adds `/webhooks/*` to an app that already has the base middleware. The per-IP limit comes first,
 * before the body is read and its HMAC computed (up to WEBHOOK_MAX_BYTES per bad signature); its
 * buckets belong to this app: one Lambda instance, or the whole local runtime.
 */
export function mountWebhooks(app: Hono<AppEnv>) {
  app.use(
    "/webhooks/*",
    throttlePerIp(() => {
      const config = useConfig();
      return { burst: config.WEBHOOK_RATE_LIMIT_BURST, perSecond: config.WEBHOOK_RATE_LIMIT_PER_SECOND };
    }),
  );
  return app.route("/webhooks", webhooks);
}

/**
 * The webhook ingest behind `/webhooks/*`: verify, enqueue, answer. Plain Hono and no database or
 * OpenAPI code, so the `webhook` Lambda stays small; the contract is documented by the API app.
 */
export function createWebhookApp() {
  return mountWebhooks(withBase(new Hono<AppEnv>()));
}
