import { patchConfig, useConfig } from "@dotmac/core/platform/config";
import { ORIGIN_VERIFY_HEADER } from "@dotmac/core/platform/security-headers";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { clientIp, viewerAddress } from "../../packages/functions/src/api/client-ip";

/*
 * The client IP that rate limits key on. Behind CloudFront, API Gateway's sourceIp is an edge address
 * shared by every viewer; the viewer's own comes from CloudFront-Viewer-Address, but only on a request
 * that carries our distribution's origin-verify secret. X-Forwarded-For is never read.
 */

const SECRET = "s".repeat(64);
const EDGE = "130.176.1.10";
const original = useConfig().ORIGIN_VERIFY_SECRET;
afterEach(() => patchConfig({ ORIGIN_VERIFY_SECRET: original }));

const app = new Hono().get("/ip", async (c) => c.text((await clientIp(c)) ?? "none"));
/** A request as API Gateway hands it over: its connection's address is the CloudFront edge. */
const ipOf = async (headers: Record<string, string>) =>
  (await app.request("/ip", { headers }, { requestContext: { http: { sourceIp: EDGE } } })).text();

describe("client IP behind CloudFront", () => {
  it("takes CloudFront-Viewer-Address when the request carries our distribution's secret", async () => {
    patchConfig({ ORIGIN_VERIFY_SECRET: SECRET });
    expect(await ipOf({ [ORIGIN_VERIFY_HEADER]: SECRET, "cloudfront-viewer-address": "198.51.100.7:46532" })).toBe(
      "198.51.100.7",
    );
    expect(
      await ipOf({ [ORIGIN_VERIFY_HEADER]: SECRET, "cloudfront-viewer-address": "2001:db8:85a3::8a2e:370:7334:443" }),
    ).toBe("2001:db8:85a3::8a2e:370:7334");
  });

  it("ignores the viewer header sent straight to API Gateway: no secret, a wrong one, or none configured", async () => {
    const viewer = { "cloudfront-viewer-address": "198.51.100.7:46532" };
    patchConfig({ ORIGIN_VERIFY_SECRET: SECRET });
    expect(await ipOf(viewer)).toBe(EDGE);
    expect(await ipOf({ ...viewer, [ORIGIN_VERIFY_HEADER]: `${SECRET.slice(1)}x` })).toBe(EDGE);
    expect(await ipOf({ ...viewer, [ORIGIN_VERIFY_HEADER]: SECRET.slice(1) })).toBe(EDGE);
    patchConfig({ ORIGIN_VERIFY_SECRET: undefined });
    expect(await ipOf({ ...viewer, [ORIGIN_VERIFY_HEADER]: SECRET })).toBe(EDGE);
  });

  it("never reads X-Forwarded-For, with or without the secret", async () => {
    const forwarded = { "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9" };
    expect(await ipOf(forwarded)).toBe(EDGE);
    patchConfig({ ORIGIN_VERIFY_SECRET: SECRET });
    expect(await ipOf({ ...forwarded, [ORIGIN_VERIFY_HEADER]: SECRET })).toBe(EDGE);
  });

  it("falls back to the connection for a viewer header that is not ip:port", () => {
    for (const bad of ["", "198.51.100.7", "not-an-ip:80", "198.51.100.7:port", "::1", "999.1.1.1:80"]) {
      expect(viewerAddress(bad), bad).toBeUndefined();
    }
    expect(viewerAddress("::1:8080")).toBe("::1");
  });
});
