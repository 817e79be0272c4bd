import * as Auth from "@dotmac/core/auth";
import { personTable } from "@dotmac/core/person/person.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import * as Sales from "@dotmac/core/sales";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, passwordSignIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { appSignIn, PASSWORD, portalSignIn, portalWorld } from "../support/portals";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
type Headers = Record<string, string>;
let routes: [method: string, path: string, body?: unknown][];
let support: Headers;
let customer: Headers;
let reseller: Headers;
const json = { "content-type": "application/json" };

const call = (method: string, path: string, headers: Headers, body?: unknown) =>
  api.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  const world = await portalWorld("SAL");
  const bearer = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
  customer = bearer((await appSignIn(api.request as never, "customer", world.accounts.customer.email)).accessToken);
  reseller = bearer((await appSignIn(api.request as never, "reseller", world.accounts.adminA.email)).accessToken);
  await Auth.createUser({
    email: "sal-support@example.com",
    password: PASSWORD,
    displayName: "Sue",
    roles: ["support"],
  });
  support = bearer((await passwordSignIn({ email: "sal-support@example.com", password: PASSWORD })).accessToken);
  const system = { type: "system", properties: { job: "test" } } as const;
  const personId = await useTransaction(async (tx) => {
    const [p] = await tx.insert(personTable).values({ displayName: "Scoped Sam" }).returning({ id: personTable.id });
    return (p as { id: string }).id;
  });
  const lead = await withActor(system, () => Sales.create({ personId, title: "Secret deal" }));
  const [pipeline] = await withActor(system, () => Sales.Pipeline.list({}));
  const p = pipeline as Sales.Pipeline.PipelineInfo;
  const stageId = p.stages[1]?.id;
  routes = [
    ["GET", "/api/v1/pipelines"],
    ["POST", "/api/v1/pipelines", { name: "X", stages: [{ name: "A" }] }],
    ["GET", `/api/v1/pipelines/${p.id}`],
    ["PATCH", `/api/v1/pipelines/${p.id}`, { name: "Renamed" }],
    ["DELETE", `/api/v1/pipelines/${p.id}`],
    ["GET", "/api/v1/leads"],
    ["POST", "/api/v1/leads", { personId, title: "x" }],
    ["POST", "/api/v1/leads/from-conversation", { conversationId: personId }],
    ["GET", "/api/v1/leads/board"],
    ["GET", `/api/v1/leads/board/column?stageId=${stageId}`],
    ["POST", "/api/v1/leads/bulk/assign", { ids: [lead.id], ownerUserId: null }],
    ["POST", "/api/v1/leads/bulk/move", { ids: [lead.id], pipelineId: p.id }],
    ["GET", `/api/v1/leads/${lead.id}`],
    ["PATCH", `/api/v1/leads/${lead.id}`, { title: "Mine now" }],
    ["DELETE", `/api/v1/leads/${lead.id}`],
    ["POST", `/api/v1/leads/${lead.id}/move`, { stageId }],
    ["POST", `/api/v1/leads/${lead.id}/won`, {}],
    ["POST", `/api/v1/leads/${lead.id}/lost`, { reason: "x" }],
    ["POST", `/api/v1/leads/${lead.id}/reopen`, {}],
    ["GET", "/api/v1/sales-reports/forecast"],
    ["GET", "/api/v1/sales-reports/pipeline"],
  ];
});
afterAll(() => t.close());

describe("sales routes: who may call them", () => {
  it("refuse anonymous callers (401)", async () => {
    for (const [method, path, body] of routes) {
      expect((await call(method, path, json, body)).status, `${method} ${path}`).toBe(401);
    }
  });

  it("refuse customer and reseller portal tokens: another portal's audience never opens the staff API", async () => {
    for (const [method, path, body] of routes) {
      expect([401, 403], `customer ${method} ${path}`).toContain((await call(method, path, customer, body)).status);
      expect([401, 403], `reseller ${method} ${path}`).toContain((await call(method, path, reseller, body)).status);
    }
  });

  it("refuse staff without the crm:lead permissions (403), and change nothing", async () => {
    for (const [method, path, body] of routes) {
      expect((await call(method, path, support, body)).status, `support ${method} ${path}`).toBe(403);
    }
    const system = { type: "system", properties: { job: "test" } } as const;
    const [lead] = (await withActor(system, () => Sales.list({}))).items;
    expect(lead).toMatchObject({ title: "Secret deal", status: "new" });
  });

  it("a cookie session needs the CSRF header for every unsafe method", async () => {
    await Auth.createUser({
      email: "sal-seller@example.com",
      password: PASSWORD,
      displayName: "Seller",
      roles: ["sales"],
    });
    const session = await portalSignIn(api.request as never, "staff", "sal-seller@example.com");
    const cookie = { ...json, cookie: session.cookie, origin: ORIGIN };
    for (const [method, path, body] of routes.filter(([m]) => m !== "GET")) {
      expect((await call(method, path, cookie, body)).status, `${method} ${path}`).toBe(403);
    }
    const withHeader = await call("GET", "/api/v1/leads/board", cookie);
    expect(withHeader.status).toBe(200);
    const [, path, body] = routes.find(([m, p]) => m === "PATCH" && p.startsWith("/api/v1/leads/")) ?? [];
    const ok = await call("PATCH", path as string, { ...cookie, "x-csrf-token": session.csrf }, body);
    expect(ok.status).toBe(200);
  });
});
