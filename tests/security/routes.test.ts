import { publicRoutes } from "@dotmac/functions/api/middleware";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, signIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let token: string;
beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  token = await staffToken();
});
afterAll(() => t.close());

/** Every route the app registers as `METHOD /path/:param`, minus middleware entries. */
function registeredRoutes() {
  const seen = new Set<string>();
  for (const r of api.app.routes) {
    if (r.method === "ALL" || r.path.includes("*")) continue;
    seen.add(`${r.method} ${r.path}`);
  }
  return [...seen];
}

describe("every route is authenticated or on the explicit public list", () => {
  it("the public list is exactly the documented set", () => {
    expect([...publicRoutes].sort()).toEqual(
      [
        "GET /api/docs",
        "GET /api/health",
        "GET /api/openapi.json",
        "POST /webhooks/billing/subscribers",
        "GET /webhooks/whatsapp",
        "POST /webhooks/whatsapp",
        "GET /webhooks/meta",
        "POST /webhooks/meta",
        "GET /webhooks/whatsapp/:channelId",
        "POST /webhooks/whatsapp/:channelId",
        "GET /webhooks/meta/:channelId",
        "POST /webhooks/meta/:channelId",
        "POST /api/v1/customer/auth/magic-link",
        "POST /api/v1/customer/auth/magic-link/verify",
        // The resolution confirmation link: the token travels in the body, never in the URL.
        "POST /api/v1/customer/confirmation/lookup",
        "POST /api/v1/customer/confirmation/confirm",
        "POST /api/v1/customer/confirmation/dispute",
        // The web chat widget: allowed origins checked on every call, the visitor token by the verb.
        "GET /api/v1/widget/config",
        "POST /api/v1/widget/start",
        "POST /api/v1/widget/messages",
        "GET /api/v1/widget/messages",
        "POST /api/v1/widget/seen",
        // The satisfaction survey link after a conversation is resolved: the token travels in the body.
        "POST /api/v1/customer/csat/lookup",
        "POST /api/v1/customer/csat/answer",
        // The customer's "track my visit" link: the token travels from the fragment in the body.
        "POST /api/v1/track/view",
        "POST /api/v1/track/confirm",
        "POST /api/v1/track/reschedule",
        // Campaign mail links: the HMAC over recipient (and URL) in the query is the credential; RFC 8058
        // one-click unsubscribe is POSTed by mail providers without cookies.
        "GET /api/v1/t/open",
        "GET /api/v1/t/click",
        "GET /api/v1/t/unsubscribe",
        "POST /api/v1/t/unsubscribe",
        "POST /api/v1/t/unsubscribe/lookup",
        // Public surveys: an invitation token or a signed form token travels in the body.
        "POST /api/v1/public-surveys/lookup",
        "POST /api/v1/public-surveys/respond",
        // A quote's single-use accept link: the token travels from the fragment in the body.
        "POST /api/v1/quote-links/view",
        "POST /api/v1/quote-links/pdf",
        "POST /api/v1/quote-links/accept",
        "POST /api/v1/quote-links/reject",
        // v1's technician app: its upgrade gate before sign-in, and its vendor crews' second sign-in step.
        "GET /api/v1/field/config",
        "POST /api/v1/vendor/auth/mfa",
        // Each portal's sign-in, second factor, refresh, reset and invitation routes.
        ...["/api/v1/auth", "/api/v1/customer/auth", "/api/v1/reseller/auth", "/api/v1/vendor/auth"].flatMap((base) =>
          ["login", "refresh", "mfa/verify", "password/forgot", "password/reset", "invitations/accept"].map(
            (path) => `POST ${base}/${path}`,
          ),
        ),
      ].sort(),
    );
  });

  it("each registered route without credentials answers 401 unless it is public", async () => {
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(6);
    for (const route of routes) {
      const [method, pattern] = route.split(" ") as [string, string];
      const path = pattern.replace(/:[^/]+/g, "00000000-0000-7000-8000-000000000000");
      const res = await api.request(path, {
        method,
        headers: { origin: ORIGIN, "content-type": "application/json" },
        ...(method === "GET" ? {} : { body: "{}" }),
      });
      if ((publicRoutes as readonly string[]).includes(route)) {
        expect(res.status, route).not.toBe(500);
      } else {
        expect(res.status, route).toBe(401);
      }
    }
  });

  it("the local runtime adds only the signed blob routes, which refuse a request without a valid signature", async () => {
    const { localApp } = await import("@dotmac/functions/local/runtime");
    const { useConfig } = await import("@dotmac/core/platform/config");
    const local = localApp(useConfig());
    const extra = new Set<string>();
    for (const r of local.routes) {
      if (r.method === "ALL" || r.path.includes("*")) continue;
      const route = `${r.method} ${r.path}`;
      if (!registeredRoutes().includes(route)) extra.add(route);
    }
    expect([...extra].sort()).toEqual(["GET /_blob/download", "POST /_blob/upload"]);
    const download = await local.request(`${ORIGIN}/_blob/download?key=uploads/x&expires=9999999999&signature=x`);
    expect(download.status).toBe(403);
    const form = new FormData();
    form.append("key", "uploads/x");
    form.append("file", new Blob(["x"]));
    expect((await local.request(`${ORIGIN}/_blob/upload`, { method: "POST", body: form })).status).toBe(403);
  });

  it("no metrics or debug route exists, with or without a session", async () => {
    for (const path of ["/metrics", "/api/metrics", "/debug", "/api/debug", "/api/v1/debug", "/_debug", "/api/env"]) {
      const anon = await api.request(path);
      const authed = await api.request(path, { headers: { authorization: `Bearer ${token}` } });
      expect([401, 404], path).toContain(anon.status);
      expect(authed.status, path).toBe(404);
    }
  });
});

describe("CSRF on cookie-authenticated writes", () => {
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    ({ cookie, csrf } = await signIn(api.request, "ops@example.com", "correct horse battery staple"));
  });

  it("a cross-site Origin is refused, even with the CSRF token", async () => {
    const res = await api.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "x-csrf-token": csrf },
    });
    expect(res.status).toBe(403);
  });

  it("no Origin and a cross-site Sec-Fetch-Site is refused", async () => {
    const res = await api.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie, "sec-fetch-site": "cross-site", "x-csrf-token": csrf },
    });
    expect(res.status).toBe(403);
  });

  it("a simple content type (what a cross-site form can send) is refused on a JSON route", async () => {
    const res = await api.request("/api/v1/auth/login", {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "text/plain" },
      body: JSON.stringify({ email: "ops@example.com", password: "correct horse battery staple" }),
    });
    expect(res.status).toBe(415);
  });

  it("an action button's bodiless POST (an empty body, Content-Length: 0) needs no content type", async () => {
    // Its own session: logging out ends the one the other cases share.
    const own = await signIn(api.request, "ops@example.com", "correct horse battery staple");
    const res = await api.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie: own.cookie, origin: ORIGIN, "x-csrf-token": own.csrf, "content-length": "0" },
      // Bytes, not a string: a string body would add `text/plain`, which a browser's bodiless fetch does not send.
      body: new Uint8Array(0),
    });
    expect(res.status).toBe(204);
  });

  it("a body without a length still needs the JSON content type (a chunked text/plain body is refused)", async () => {
    const res = await api.request("/api/v1/auth/login", {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "text/plain", "transfer-encoding": "chunked" },
      body: JSON.stringify({ email: "ops@example.com", password: "correct horse battery staple" }),
    });
    expect(res.status).toBe(415);
  });

  it("a same-origin write with the cookie works; a bearer token needs no Origin", async () => {
    const same = await api.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie, origin: ORIGIN, "x-csrf-token": csrf },
    });
    expect(same.status).toBe(204);
    const bearer = await api.request("/api/v1/auth/logout", {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.status).toBe(204);
  });
});

// v1 finding "no security headers": these are its tests (not repeated in the v1 files).
describe("v1: no security headers — security headers on every response class", () => {
  const expectHeaders = (res: Response) => {
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d{8}/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    // Geolocation for our own origin only (the /tech app's consented pings); camera and mic for nobody.
    expect(res.headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=(self)");
  };

  it("JSON, HTML, problem+json and 404 responses all carry them", async () => {
    expectHeaders(await api.request("/api/health"));
    expectHeaders(await api.request("/api/docs"));
    expectHeaders(await api.request("/api/v1/system/status"));
    expectHeaders(await api.request("/webhooks/billing/subscribers", { method: "POST", body: "{}" }));
    expectHeaders(await api.request("/nope"));
  });

  it("a problem body carries the request id of its response", async () => {
    const res = await api.request("/api/v1/system/status");
    expect((await res.json()).requestId).toBe(res.headers.get("x-request-id"));
  });

  it("a client-supplied request id that is not a safe token is not echoed", async () => {
    const res = await api.request("/api/health", { headers: { "x-request-id": "<script>alert(1)</script>" } });
    expect(res.headers.get("x-request-id")).not.toContain("<");
  });
});
