import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./base";
import { authenticate, csrf, refuseUnstorable } from "./middleware";
import { problem } from "./problem";
import { rateLimit } from "./rate-limit";

/** The one route that takes a file in its body (the field app's photos), and how large it may be. */
export const FIELD_UPLOAD_PATH = "/api/v1/field/attachments";
export const FIELD_UPLOAD_MAX_BYTES = 4 * 1024 * 1024;

export interface ApiOptions {
  /** The origin browsers use (CloudFront on AWS, http://localhost:PORT locally); defaults to the request's. */
  publicOrigin?: string | undefined;
}

/**
 * The `/api/*` request path after the base (request id, security headers, onError): body size limit →
 * authentication → CSRF → rate limit → unstorable input refused. Every app that serves `/api` routes,
 * the whole API or one route group, gets it from here, in this order, before its routes.
 */
export function withApiChain<App extends Hono<AppEnv>>(app: App, options: ApiOptions = {}): App {
  const small = bodyLimit({
    maxSize: 256 * 1024,
    onError: (c) => problem(c, "payload_too_large", "Body must be at most 256 KiB"),
  });
  // v1's technician app uploads its (downscaled) photos as multipart through the API, not to a slot.
  const photo = bodyLimit({
    maxSize: FIELD_UPLOAD_MAX_BYTES,
    onError: (c) => problem(c, "payload_too_large", "A field photo must be at most 4 MiB"),
  });
  app.use("/api/*", (c, next) => (c.req.path === FIELD_UPLOAD_PATH ? photo : small)(c, next));
  app.use("/api/*", authenticate());
  app.use("/api/*", csrf(options.publicOrigin));
  app.use("/api/*", rateLimit());
  app.use("/api/*", refuseUnstorable());
  return app;
}
