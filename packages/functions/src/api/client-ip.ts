import type { Context } from "hono";

/**
 * The caller's IP from the platform's connection info: API Gateway's `requestContext.http.sourceIp`
 * on Lambda, the socket locally. Never from X-Forwarded-For or any other header a client can set.
 */
export function clientIp(c: Context): string | undefined {
  const env = c.env as
    | { requestContext?: { http?: { sourceIp?: string } }; incoming?: { socket?: { remoteAddress?: string } } }
    | undefined;
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress;
}
