import { useConfig } from "@dotmac/core/platform/config";
import * as RateLimit from "@dotmac/core/platform/rate-window";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./base";
import { clientIp } from "./client-ip";
import { signInRoutes } from "./middleware";
import { problem } from "./problem";

/**
 * Sliding-window rate limit after authentication: per user when signed in, per key for an API key,
 * else per client IP from the platform's connection info (never X-Forwarded-For). A request with no connection info (an
 * in-process `app.request`) counts against one shared "unknown" IP bucket, so it is still limited.
 * Every response carries `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-07
 * syntax) for its tightest bucket; a refused one is a 429 problem with `Retry-After`.
 */
export const rateLimit = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const config = useConfig();
  const windowSeconds = config.RATE_LIMIT_WINDOW_SECONDS;
  const actor = c.get("actor");
  const ip = (await clientIp(c)) ?? "unknown";
  const buckets: [string, number][] =
    actor.type === "user"
      ? [[`user:${actor.properties.userId}`, config.RATE_LIMIT_USER]]
      : actor.type === "apiKey"
        ? [[`apikey:${actor.properties.keyId}`, config.RATE_LIMIT_USER]]
        : [[`ip:${ip}`, config.RATE_LIMIT_IP]];
  // Every portal's credential checks share one stricter per-IP budget (password, code and link guessing).
  if (signInRoutes.has(`${c.req.method} ${c.req.path}`)) buckets.push([`signin:ip:${ip}`, config.RATE_LIMIT_LOGIN_IP]);

  const results = await Promise.all(buckets.map(([key, limit]) => RateLimit.hit(key, { limit, windowSeconds })));
  const refused = results.filter((r) => !r.allowed).sort((a, b) => b.resetSeconds - a.resetSeconds)[0];
  const tightest = refused ?? results.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  const headers = {
    "RateLimit-Policy": `${tightest.limit};w=${windowSeconds}`,
    RateLimit: `limit=${tightest.limit}, remaining=${tightest.remaining}, reset=${tightest.resetSeconds}`,
  };
  if (refused) {
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    c.header("Retry-After", String(refused.resetSeconds));
    return problem(c, "rate_limited", `Too many requests; try again in ${refused.resetSeconds} s`);
  }
  await next();
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
};
