import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./base";
import { authenticate, csrf, refuseUnstorable } from "./middleware";
import { problem } from "./problem";
import { rateLimit } from "./rate-limit";

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
  app.use(
    "/api/*",
    bodyLimit({ maxSize: 256 * 1024, onError: (c) => problem(c, "payload_too_large", "Body must be at most 256 KiB") }),
  );
  app.use("/api/*", authenticate());
  app.use("/api/*", csrf(options.publicOrigin));
  app.use("/api/*", rateLimit());
  app.use("/api/*", refuseUnstorable());
  return app;
}
