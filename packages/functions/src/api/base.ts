import { useConfig } from "@dotmac/core/platform/config";
import type { Actor } from "@dotmac/core/platform/context";
import { isAppError } from "@dotmac/core/platform/errors";
import {
  contentSecurityPolicy,
  cspWithTiles,
  permissionsPolicy,
  STRICT_TRANSPORT_SECURITY_SECONDS,
} from "@dotmac/core/platform/security-headers";
import type { Hono, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { problem } from "./problem";

export type AppEnv = {
  Variables: { requestId: string; actor: Actor; authVia: "cookie" | "bearer" | "apiKey" | "none" };
};

/** Strict headers on every response class: JSON, HTML, downloads, errors. */
export const securityHeaders = (): MiddlewareHandler =>
  secureHeaders({
    // The dispatch board's map loads tiles from MAP_TILE_URL's origin.
    contentSecurityPolicy: Object.fromEntries(
      Object.entries(cspWithTiles(contentSecurityPolicy, useConfig().MAP_TILE_URL)).map(([name, sources]) => [
        name,
        [...sources],
      ]),
    ),
    strictTransportSecurity: `max-age=${STRICT_TRANSPORT_SECURITY_SECONDS}; includeSubDomains`,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    crossOriginOpenerPolicy: "same-origin",
    crossOriginResourcePolicy: "same-origin",
    crossOriginEmbedderPolicy: false,
    permissionsPolicy: {
      camera: [...permissionsPolicy.camera],
      microphone: [...permissionsPolicy.microphone],
      geolocation: [...permissionsPolicy.geolocation],
    },
    // A response that sets its own header keeps it (the inbox's sandboxed email HTML sends a stricter CSP).
    overwrite: false,
  });

/**
 * What every app shares (the API, the webhook ingest, the local runtime): request ids, security
 * headers, and the one onError that turns core errors into problem+json.
 */
export function withBase<App extends Hono<AppEnv>>(app: App): App {
  app.use("*", requestId({ headerName: "x-request-id" }));
  app.use("*", securityHeaders());
  app.onError((error, c) => {
    if (isAppError(error)) {
      if (error.retryAfterSeconds !== undefined) c.header("Retry-After", String(error.retryAfterSeconds));
      return problem(c, error.code, error.message, error.details);
    }
    // A malformed %-escape anywhere a handler decodes the URL: the caller's mistake, never a 500.
    if (error instanceof URIError) return problem(c, "validation", "The URL has a malformed %-escape");
    if (error instanceof HTTPException && error.status < 500) {
      const code = error.status === 413 ? "payload_too_large" : error.status === 401 ? "unauthenticated" : "validation";
      return problem(c, code, error.message || "Request refused");
    }
    console.error(
      JSON.stringify({
        level: "error",
        requestId: c.get("requestId"),
        error: String((error as Error)?.stack ?? error),
      }),
    );
    return problem(c, "internal", "Something went wrong on our side; the request id identifies it in our logs");
  });
  app.notFound((c) => problem(c, "not_found", `No route for ${c.req.method} ${c.req.path}`));
  return app;
}
