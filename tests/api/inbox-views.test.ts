import * as Auth from "@dotmac/core/auth";
import { useTransaction } from "@dotmac/core/platform/db";
import { teamMemberTable, teamTable } from "@dotmac/core/team/team.sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let ada: Record<string, string>;
let bola: Record<string, string>;
let chi: Record<string, string>;
let lagos: string;
let abuja: string;
const password = "correct horse battery staple";

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  const users = await Promise.all(
    ["ada", "bola", "chi"].map((name) =>
      Auth.createUser({ email: `${name}@isp.test`, password, displayName: name, roles: ["support"] }),
    ),
  );
  const bearer = async (email: string) => ({
    authorization: `Bearer ${(await passwordSignIn({ email, password })).accessToken}`,
    "content-type": "application/json",
  });
  [ada, bola, chi] = [await bearer("ada@isp.test"), await bearer("bola@isp.test"), await bearer("chi@isp.test")];
  await useTransaction(async (tx) => {
    const [a] = await tx.insert(teamTable).values({ name: "Lagos support" }).returning();
    const [b] = await tx.insert(teamTable).values({ name: "Abuja support" }).returning();
    lagos = a?.id as string;
    abuja = b?.id as string;
    await tx.insert(teamMemberTable).values([
      { teamId: lagos, userId: users[0]?.id as string, role: "member" },
      { teamId: lagos, userId: users[1]?.id as string, role: "member" },
      { teamId: abuja, userId: users[2]?.id as string, role: "member" },
    ]);
  });
});
afterAll(() => t.close());

async function call(method: string, path: string, headers: Record<string, string>, input?: unknown) {
  const res = await api.request(path, {
    method,
    headers,
    ...(input === undefined ? {} : { body: JSON.stringify(input) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
  const body: any = text ? JSON.parse(text) : null;
  return { status: res.status, type: res.headers.get("content-type") ?? "", body };
}

const V = "/api/v1/inbox/views";

describe("saved views of the conversation list", () => {
  it("an agent saves the current filter under a name, replaces it by name, and shares it with a team of theirs", async () => {
    const filters = { folder: "unassigned", channelKind: "whatsapp", label: "Urgent", priority: "high,urgent" };
    const saved = await call("PUT", `${V}/${encodeURIComponent("Urgent WhatsApp")}`, ada, { filters });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      name: "Urgent WhatsApp",
      mine: true,
      teamId: null,
      filters: { folder: "unassigned", channelKind: "whatsapp", label: "Urgent", priority: ["high", "urgent"] },
    });
    const shared = await call("PUT", `${V}/${encodeURIComponent("Urgent WhatsApp")}`, ada, {
      filters: { ...filters, status: "open" },
      teamId: lagos,
    });
    expect(shared.body).toMatchObject({ id: saved.body.id, teamId: lagos, teamName: "Lagos support" });
    expect((await call("GET", V, ada)).body.items).toHaveLength(1);
    const teammate = await call("GET", V, bola);
    expect(teammate.body.items).toMatchObject([
      { name: "Urgent WhatsApp", mine: false, filters: { status: ["open"] } },
    ]);
    expect((await call("GET", V, chi)).body.items).toEqual([]);
    expect((await call("DELETE", `${V}/${saved.body.id}`, bola)).status).toBe(404);
    expect((await call("DELETE", `${V}/${saved.body.id}`, ada)).status).toBe(204);
    expect((await call("GET", V, bola)).body.items).toEqual([]);
  });

  it("refuses unknown filter keys, a team the agent is not in, and anonymous callers", async () => {
    const unknown = await call("PUT", `${V}/Mine`, ada, { filters: { folder: "mine", colour: "red" } });
    expect(unknown.status).toBe(400);
    expect(unknown.type).toContain("application/problem+json");
    const badStatus = await call("PUT", `${V}/Mine`, ada, { filters: { status: "exploded" } });
    expect(badStatus.status).toBe(400);
    const otherTeam = await call("PUT", `${V}/Mine`, ada, { filters: { folder: "mine" }, teamId: abuja });
    expect(otherTeam.status).toBe(400);
    expect(otherTeam.body.errors[0].path).toBe("teamId");
    expect((await call("GET", V, { "content-type": "application/json" })).status).toBe(401);
  });

  it("keeps ticket-list saved filters and conversation views apart under the same name", async () => {
    expect((await call("PUT", `${V}/Today`, ada, { filters: { folder: "mine" } })).status).toBe(200);
    const ticketFilter = await call("PUT", "/api/v1/saved-filters/Today", ada, { filters: {} });
    expect(ticketFilter.status).toBe(200);
    const tickets = await call("GET", "/api/v1/saved-filters", ada);
    expect(tickets.body.items.map((f: { name: string }) => f.name)).toEqual(["Today"]);
    const views = await call("GET", V, ada);
    expect(views.body.items.map((v: { name: string; filters: unknown }) => [v.name, v.filters])).toEqual([
      ["Today", { folder: "mine" }],
    ]);
    expect((await call("DELETE", `/api/v1/saved-filters/${views.body.items[0].id}`, ada)).status).toBe(404);
  });
});
