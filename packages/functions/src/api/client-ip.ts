import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { useConfig } from "@dotmac/core/platform/config";
import { resolveSecret } from "@dotmac/core/platform/secrets";
import { ORIGIN_VERIFY_HEADER } from "@dotmac/core/platform/security-headers";
import type { Context } from "hono";

/** CloudFront's view of the client: `198.51.100.10:46532`, or an IPv6 address followed by `:port`. */
export const VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address";

/**
 * The caller's IP. On Lambda behind our distribution API Gateway sees CloudFront's edge address, so
 * the viewer's comes from `CloudFront-Viewer-Address`, but only on a request that carries our
 * distribution's secret origin header (anyone can send the header straight to API Gateway).
 * Otherwise the platform's connection info: API Gateway's `sourceIp`, the socket locally.
 * Never X-Forwarded-For or any other header a client controls.
 */
export async function clientIp(c: Context): Promise<string | undefined> {
  const viewer = (await fromOurDistribution(c)) ? viewerAddress(c.req.header(VIEWER_ADDRESS_HEADER)) : undefined;
  return viewer ?? connectionIp(c);
}

function connectionIp(c: Context): string | undefined {
  const env = c.env as
    | { requestContext?: { http?: { sourceIp?: string } }; incoming?: { socket?: { remoteAddress?: string } } }
    | undefined;
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress;
}

/** The address part of `ip:port` when it is an IP; anything else is ignored. */
export function viewerAddress(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const cut = value.lastIndexOf(":");
  if (cut <= 0 || !/^\d{1,5}$/.test(value.slice(cut + 1))) return undefined;
  const ip = value.slice(0, cut);
  return isIP(ip) ? ip : undefined;
}

async function originSecret(): Promise<string | undefined> {
  const config = useConfig();
  if (config.ORIGIN_VERIFY_SECRET) return config.ORIGIN_VERIFY_SECRET;
  if (!config.ORIGIN_VERIFY_SECRET_SECRET_ARN) return undefined;
  // Unreadable means untrusted: the connection's address is used, never the header.
  return resolveSecret("ORIGIN_VERIFY_SECRET").catch(() => undefined);
}

async function fromOurDistribution(c: Context): Promise<boolean> {
  const presented = c.req.header(ORIGIN_VERIFY_HEADER);
  if (!presented) return false;
  const expected = await originSecret();
  if (!expected) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
