import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { csvStream } from "@dotmac/core/platform/csv";
import { type AppEnv, withBase } from "@dotmac/functions/api/base";
import { csvDownload } from "@dotmac/functions/api/route-helpers";
import { serve } from "@hono/node-server";
import { OpenAPIHono } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

// Issue 9, finding 4: CSV exports answered an out-of-range date with a 500 in text/plain carrying the
// raw SQL and its parameters, without security headers: the error was raised while the node server
// read the stream, after Hono had already answered. Over real HTTP, as the local runtime serves them.

let t: TestDatabase;
let base: string;
let server: Server;
let token: string;

/** The headers every answer carries (tests/security/routes.test.ts checks them route by route). */
const expectSecurityHeaders = (res: Response) => {
  expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("strict-transport-security")).toMatch(/max-age=/);
};
const internals = /select |insert into| from "|violates|params:|\bat async\b|\.ts:\d+/i;

beforeAll(async () => {
  t = await setupTestDatabase();
  token = await staffToken();
  const app = testApp().app;
  // A route whose stream fails before its first row and one that fails after two, through the same
  // base (onError, headers) and the same download helper as the real exports.
  const failing = withBase(new OpenAPIHono<AppEnv>());
  failing.get("/early.csv", (c) =>
    csvDownload(
      c,
      csvStream(
        ["n"],
        (async function* () {
          yield* [];
          throw new Error('date/time field value out of range: "+275760-09-13" select * from ticket');
        })(),
      ),
      "early",
    ),
  );
  failing.get("/late.csv", (c) =>
    csvDownload(
      c,
      csvStream(
        ["n"],
        (async function* () {
          for (let i = 0; i < 2000; i++) yield [i, "x".repeat(200)];
          throw new Error("select secret from ticket violates constraint");
        })(),
      ),
      "late",
    ),
  );
  app.route("/test-streams", failing);
  server = await new Promise<Server>((ready) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => ready(s as Server));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  await t.close();
});

const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe("issue 9 finding 4: errors while an export stream is built end in problem+json", () => {
  for (const path of ["/api/v1/tickets/export.csv", "/api/v1/audit/export.csv"]) {
    for (const [param, value] of [
      [path.includes("tickets") ? "createdFrom" : "from", "+275760-09-13T00:00:00Z"],
      [path.includes("tickets") ? "createdTo" : "to", "-271821-04-20"],
      [path.includes("tickets") ? "createdFrom" : "from", "1e15"],
    ]) {
      it(`issue 9 finding 4: ${path}?${param}=${value} is a 400 problem+json with security headers`, async () => {
        const res = await get(`${path}?${param}=${encodeURIComponent(value as string)}`);
        expect(res.status).toBe(400);
        expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expectSecurityHeaders(res);
        const body = await res.text();
        expect(body).not.toMatch(internals);
        expect(JSON.parse(body).errors?.[0]?.path).toBe(param);
      });
    }
  }

  it("issue 9 finding 4: a stream that fails before its first row answers the one problem+json, headers and all", async () => {
    const res = await get("/test-streams/early.csv");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expectSecurityHeaders(res);
    const body = await res.text();
    expect(body).not.toMatch(internals);
    expect(body).not.toContain("275760");
    expect(JSON.parse(body)).toMatchObject({ code: "internal", requestId: expect.any(String) });
  });

  it("issue 9 finding 4: a stream that fails mid-way ends incomplete and never sends the cause", async () => {
    const res = await get("/test-streams/late.csv");
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    // Read what arrives until the connection drops: the rows sent so far, then an incomplete end.
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    const ended = await (async () => {
      for (;;) {
        const next = await reader.read();
        if (next.done) return "complete";
        text += new TextDecoder().decode(next.value);
      }
    })().catch(() => "aborted");
    expect(ended).toBe("aborted");
    expect(text).toMatch(/^n\r\n0,x+\r\n1,x+\r\n/);
    expect(text).not.toMatch(/secret|violates|select/i);
  });
});
