import { groupOf, routeGroups } from "@dotmac/functions/api/groups";
import { createLazyApi } from "@dotmac/functions/api/lazy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

/**
 * The `api` Lambda serves each request from the route group its path belongs to, imported on first
 * use (api/lazy.ts); the local runtime and every other API suite use the eager app (api/app.ts). This
 * sends the same requests to both and expects the same answers, so the suites' coverage holds for
 * what deploys: the route table claims every route, and the chain (authentication, CSRF, body limit,
 * rate limit, problem responses) runs the same in front of each group.
 */

const ID = "00000000-0000-7000-8000-000000000000";
let t: TestDatabase;
let eager: ReturnType<typeof testApp>;
let lazy: ReturnType<typeof createLazyApi>;
let token: string;

beforeAll(async () => {
  t = await setupTestDatabase();
  eager = testApp();
  lazy = createLazyApi({ publicOrigin: ORIGIN });
  token = await staffToken();
});
afterAll(() => t.close());

/** Every `/api` route of the eager app, path parameters filled in. */
function apiRoutes() {
  const seen = new Map<string, { method: string; path: string; pattern: string }>();
  for (const r of eager.app.routes) {
    if (r.method === "ALL" || r.path.includes("*") || !r.path.startsWith("/api")) continue;
    const path = r.path.replace(/:[^/]+/g, ID);
    seen.set(`${r.method} ${path}`, { method: r.method, path, pattern: r.path });
  }
  return [...seen.values()];
}

/** The same request to both apps, from the same client address (the Lambda's requestContext). */
async function both(path: string, init: RequestInit, ip: string) {
  const env = { requestContext: { http: { sourceIp: ip } } };
  const a = await eager.app.request(`${ORIGIN}${path}`, init, env);
  const b = await lazy.request(`${ORIGIN}${path}`, init, env);
  const read = async (res: Response) => {
    const text = await res.text();
    const json = res.headers.get("content-type")?.includes("json") ? JSON.parse(text || "null") : undefined;
    return { status: res.status, code: json?.code as string | undefined, json, text };
  };
  return { eager: await read(a), lazy: await read(b), headers: [a.headers, b.headers] as const };
}

describe("the lazily loaded api answers as the eager app", () => {
  it("claims every route for the group whose module registers it", async () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(100);
    const byGroup = new Map<string, Set<string>>();
    for (const [name, group] of Object.entries(routeGroups)) {
      const module = await group.load();
      byGroup.set(
        name,
        new Set(module.routes.routes.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)),
      );
    }
    const unclaimed = routes.filter((r) => {
      const name = groupOf(r.path);
      return !name || !byGroup.get(name)?.has(`${r.method} ${r.pattern}`);
    });
    expect(unclaimed.map((r) => `${r.method} ${r.pattern} → ${groupOf(r.path) ?? "no group"}`)).toEqual([]);
  });

  it("gives every route the same status and problem without credentials", async () => {
    const routes = apiRoutes();
    for (const [i, { method, path }] of routes.entries()) {
      const init: RequestInit = {
        method,
        headers: { origin: ORIGIN, "content-type": "application/json" },
        ...(method === "GET" || method === "HEAD" ? {} : { body: "{}" }),
      };
      const r = await both(path, init, `198.51.100.${i % 250}`);
      expect({ route: `${method} ${path}`, status: r.lazy.status, code: r.lazy.code }).toEqual({
        route: `${method} ${path}`,
        status: r.eager.status,
        code: r.eager.code,
      });
    }
  });

  it("gives every GET route the same status with a staff token, and the same list of tickets", async () => {
    const headers = { authorization: `Bearer ${token}` };
    for (const [i, { method, path }] of apiRoutes().entries()) {
      if (method !== "GET") continue;
      const r = await both(path, { headers }, `203.0.113.${i % 250}`);
      expect({ route: path, status: r.lazy.status, code: r.lazy.code }).toEqual({
        route: path,
        status: r.eager.status,
        code: r.eager.code,
      });
    }
    const list = await both("/api/v1/tickets", { headers }, "203.0.113.251");
    expect(list.lazy.status).toBe(200);
    expect(list.lazy.json).toEqual(list.eager.json);
  });

  it("serves health, the reference page and the OpenAPI document the same", async () => {
    const health = await both("/api/health", {}, "192.0.2.1");
    expect(health.lazy).toEqual(health.eager);
    const doc = await both("/api/openapi.json", {}, "192.0.2.2");
    expect(doc.lazy.status).toBe(200);
    expect(doc.lazy.json).toEqual(doc.eager.json);
    expect(Object.keys(doc.lazy.json.paths)).toContain("/api/v1/tickets");
    const docs = await both("/api/docs", {}, "192.0.2.3");
    expect(docs.lazy.status).toBe(200);
    expect(docs.lazy.text).toBe(docs.eager.text);
  });

  it("runs the chain in front of every group: unknown paths, body limit, CSRF, headers", async () => {
    const unknown = await both("/api/v1/nothing-here", {}, "192.0.2.4");
    expect([unknown.lazy.status, unknown.lazy.code]).toEqual([401, "unauthenticated"]);
    expect(unknown.lazy.code).toBe(unknown.eager.code);
    const signedIn = await both("/api/v1/nothing-here", { headers: { authorization: `Bearer ${token}` } }, "192.0.2.5");
    expect([signedIn.lazy.status, signedIn.lazy.code]).toEqual([404, "not_found"]);
    expect(signedIn.eager.code).toBe("not_found");

    const big = await both(
      "/api/v1/tickets",
      {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ title: "x".repeat(300 * 1024) }),
      },
      "192.0.2.6",
    );
    expect([big.lazy.status, big.lazy.code]).toEqual([413, "payload_too_large"]);
    expect(big.eager.code).toBe("payload_too_large");

    const crossSite = await both(
      "/api/v1/tickets",
      { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json" }, body: "{}" },
      "192.0.2.7",
    );
    expect(crossSite.lazy.status).toBe(crossSite.eager.status);

    const [a, b] = (await both("/api/health", {}, "192.0.2.8")).headers;
    for (const name of ["content-security-policy", "strict-transport-security", "x-request-id", "ratelimit-policy"]) {
      expect(b.has(name), name).toBe(a.has(name));
    }
  });

  it("serves API Gateway events through the deployed entry (handlers/api.ts)", async () => {
    const { handler } = await import("@dotmac/functions/handlers/api");
    const event = (path: string, headers: Record<string, string> = {}) => ({
      version: "2.0",
      routeKey: "$default",
      rawPath: path,
      rawQueryString: "",
      headers: { host: new URL(ORIGIN).host, ...headers },
      isBase64Encoded: false,
      requestContext: {
        accountId: "123456789012",
        apiId: "api",
        domainName: new URL(ORIGIN).host,
        domainPrefix: "api",
        requestId: "r",
        routeKey: "$default",
        stage: "$default",
        time: "",
        timeEpoch: 0,
        http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "192.0.2.9", userAgent: "test" },
      },
    });
    // biome-ignore lint/suspicious/noExplicitAny: a hand-built API Gateway v2 event and Lambda context.
    const invoke = (e: ReturnType<typeof event>) => (handler as any)(e, {});
    const health = await invoke(event("/api/health"));
    expect([health.statusCode, JSON.parse(health.body)]).toEqual([200, { status: "ok", database: "ok" }]);
    const tickets = await invoke(event("/api/v1/tickets", { authorization: `Bearer ${token}` }));
    expect(tickets.statusCode).toBe(200);
    const eagerList = await eager.request("/api/v1/tickets", { headers: { authorization: `Bearer ${token}` } });
    expect(JSON.parse(tickets.body)).toEqual(await eagerList.json());
    const anonymous = await invoke(event("/api/v1/tickets"));
    expect([anonymous.statusCode, JSON.parse(anonymous.body).code]).toEqual([401, "unauthenticated"]);
  });
});
