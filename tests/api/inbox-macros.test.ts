import { randomUUID } from "node:crypto";
import * as Auth from "@dotmac/core/auth";
import * as Inbox from "@dotmac/core/inbox";
import { inboxChannelTable, inboxConversationEventTable, inboxMessageTable } from "@dotmac/core/inbox/inbox.sql";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { teamMemberTable, teamTable } from "@dotmac/core/team/team.sql";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: Record<string, string>;
let ada: Record<string, string>;
let bola: Record<string, string>;
let dispatcher: Record<string, string>;
let adaId: string;
let teamId: string;
let channelId: string;
let cannedId: string;
const password = "correct horse battery staple";
let n = 0;

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  const a = await Auth.createUser({ email: "ada@isp.test", password, displayName: "Ada Obi", roles: ["support"] });
  await Auth.createUser({ email: "bola@isp.test", password, displayName: "Bola", roles: ["support"] });
  await Auth.createUser({ email: "dee@isp.test", password, displayName: "Dee", roles: ["dispatcher"] });
  adaId = a.id;
  const bearer = async (email: string) => ({
    authorization: `Bearer ${(await passwordSignIn({ email, password })).accessToken}`,
    "content-type": "application/json",
  });
  ada = await bearer("ada@isp.test");
  bola = await bearer("bola@isp.test");
  dispatcher = await bearer("dee@isp.test");
  await useTransaction(async (tx) => {
    const [team] = await tx.insert(teamTable).values({ name: "Lagos support" }).returning();
    teamId = team?.id as string;
    await tx.insert(teamMemberTable).values({ teamId, userId: a.id, role: "member" });
    const [channel] = await tx
      .insert(inboxChannelTable)
      .values({ kind: "whatsapp", name: "Lagos line", externalAccountId: "1001", teamId })
      .returning();
    channelId = channel?.id as string;
  });
  for (const name of ["Urgent", "Billing"])
    expect((await call("POST", "/api/v1/inbox/labels", { name })).status).toBe(201);
  const canned = await call("POST", "/api/v1/inbox/canned-responses", {
    shortcut: "thanks",
    title: "Thanks",
    body: "Thanks {{contact.first_name}}, we are on it.",
  });
  cannedId = canned.body.id;
});
afterAll(() => t.close());

async function call(method: string, path: string, input?: unknown, headers: Record<string, string> = admin) {
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

/** A customer's WhatsApp message; `windowOpen: false` leaves the 24-hour window already closed. */
async function customerSays(body: string, name = "Chidi Okeke", windowOpen = true) {
  const result = await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, () =>
    Inbox.Receive.inbound({
      channelId,
      from: { value: `+23480300${String(++n).padStart(5, "0")}`, name },
      externalId: `wamid.macro-${n}`,
      kind: "text",
      body,
      providerAt: new Date(),
      windowExpiresAt: new Date(Date.now() + (windowOpen ? 24 : -1) * 3600_000),
    }),
  );
  return result.conversationId;
}

const M = "/api/v1/inbox/macros";
const C = "/api/v1/inbox/conversations";

async function outbound(conversationId: string) {
  return useTransaction((tx) =>
    tx
      .select()
      .from(inboxMessageTable)
      .where(and(eq(inboxMessageTable.conversationId, conversationId), eq(inboxMessageTable.direction, "outbound"))),
  );
}

describe("saving a macro", () => {
  it("checks every step when saved, naming the step that is wrong", async () => {
    const unknownLabel = await call(
      "POST",
      M,
      {
        name: "Bad label",
        actions: [
          { type: "status", status: "pending" },
          { type: "add_label", label: "Nope" },
        ],
      },
      ada,
    );
    expect(unknownLabel.status).toBe(400);
    expect(unknownLabel.type).toContain("application/problem+json");
    expect(unknownLabel.body.detail).toContain("actions.1 (add_label)");
    expect(unknownLabel.body.errors).toEqual([
      { path: "actions.1.label", message: 'label "Nope" is not in the label catalogue; add it first' },
    ]);
    const unknownAgent = await call(
      "POST",
      M,
      { name: "Bad agent", actions: [{ type: "assign", userId: randomUUID() }] },
      ada,
    );
    expect(unknownAgent.status).toBe(400);
    expect(unknownAgent.body.detail).toContain("actions.0 (assign)");
    const unknownType = await call("POST", M, { name: "Bad type", actions: [{ type: "explode" }] }, ada);
    expect(unknownType.status).toBe(400);
    const empty = await call("POST", M, { name: "Empty", actions: [] }, ada);
    expect(empty.status).toBe(400);
  });

  it("stores label names in the catalogue's spelling; a second macro of the same name is a 409", async () => {
    const made = await call(
      "POST",
      M,
      { name: "Tag billing", actions: [{ type: "add_label", label: "billing" }] },
      ada,
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      visibility: "personal",
      editable: true,
      actions: [{ type: "add_label", label: "Billing" }],
    });
    expect((await call("POST", M, { name: "tag BILLING", actions: [{ type: "note", body: "x" }] }, ada)).status).toBe(
      409,
    );
    // Another agent may use the name for their own personal macro.
    expect((await call("POST", M, { name: "Tag billing", actions: [{ type: "note", body: "x" }] }, bola)).status).toBe(
      201,
    );
  });

  it("personal macros are their owner's; shared ones need crm:inbox:settings:write", async () => {
    const shared = await call(
      "POST",
      M,
      { name: "Team close", visibility: "shared", actions: [{ type: "status", status: "resolved" }] },
      ada,
    );
    expect(shared.status).toBe(403);
    const byAdmin = await call("POST", M, {
      name: "Team close",
      visibility: "shared",
      actions: [{ type: "status", status: "resolved" }],
    });
    expect(byAdmin.status).toBe(201);
    const mine = await call("POST", M, { name: "Ada only", actions: [{ type: "priority", priority: "high" }] }, ada);
    const listB = await call("GET", M, undefined, bola);
    const names = listB.body.items.map((m: { name: string }) => m.name);
    expect(names).toContain("Team close");
    expect(names).not.toContain("Ada only");
    expect(listB.body.items.find((m: { name: string }) => m.name === "Team close").editable).toBe(false);
    expect((await call("PATCH", `${M}/${mine.body.id}`, { name: "Mine now" }, bola)).status).toBe(404);
    expect((await call("DELETE", `${M}/${mine.body.id}`, undefined, bola)).status).toBe(404);
    expect((await call("PATCH", `${M}/${byAdmin.body.id}`, { name: "Renamed" }, ada)).status).toBe(403);
    expect((await call("PATCH", `${M}/${mine.body.id}`, { visibility: "shared" }, ada)).status).toBe(403);
    const renamed = await call("PATCH", `${M}/${mine.body.id}`, { name: "Ada high" }, ada);
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("Ada high");
    expect((await call("DELETE", `${M}/${mine.body.id}`, undefined, ada)).status).toBe(204);
    expect((await call("GET", M, undefined, dispatcher)).status).toBe(403);
    expect((await call("GET", M, undefined, { "content-type": "application/json" })).status).toBe(401);
  });
});

describe("running a macro", () => {
  it("applies the steps in order in one go, logs them as 'macro <name>', and a double click runs it once", async () => {
    const id = await customerSays("My fibre is down", "Chidi Okeke");
    const macro = await call(
      "POST",
      M,
      {
        name: "Outage",
        actions: [
          { type: "add_label", label: "Urgent" },
          { type: "priority", priority: "urgent" },
          { type: "assign", userId: adaId },
          { type: "send_canned", cannedId },
          { type: "note", body: "Known outage in Lekki" },
          { type: "status", status: "pending" },
        ],
      },
      ada,
    );
    expect(macro.status).toBe(201);
    const runId = randomUUID();
    const [first, second] = await Promise.all([
      call("POST", `${M}/run`, { macroId: macro.body.id, conversationIds: [id], runId }, ada),
      call("POST", `${M}/run`, { macroId: macro.body.id, conversationIds: [id], runId }, ada),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const outcomes = [first.body.results[0].outcome, second.body.results[0].outcome].sort();
    expect(outcomes).toEqual(["already_ran", "applied"]);
    const conversation = await call("GET", `${C}/${id}`, undefined, ada);
    expect(conversation.body.conversation).toMatchObject({
      labels: ["Urgent"],
      priority: "urgent",
      status: "pending",
      assigneeId: adaId,
    });
    const sent = await outbound(id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toBe("Thanks Chidi, we are on it.");
    const notes = await useTransaction((tx) =>
      tx
        .select()
        .from(inboxMessageTable)
        .where(and(eq(inboxMessageTable.conversationId, id), eq(inboxMessageTable.direction, "internal"))),
    );
    expect(notes.map((m) => m.body)).toEqual(["Known outage in Lekki"]);
    const events = await useTransaction((tx) =>
      tx.select().from(inboxConversationEventTable).where(eq(inboxConversationEventTable.conversationId, id)),
    );
    const byMacro = events.filter((e) => e.reason?.startsWith("macro Outage"));
    expect(byMacro.map((e) => e.kind).sort()).toEqual([
      "assigned",
      "labels_changed",
      "priority_changed",
      "status_changed",
    ]);
    const again = await call("POST", `${M}/run`, { macroId: macro.body.id, conversationIds: [id], runId }, ada);
    expect(again.body.results[0].outcome).toBe("already_ran");
    expect(await outbound(id)).toHaveLength(1);
    const listed = await call("GET", M, undefined, ada);
    expect(listed.body.items.find((m: { id: string }) => m.id === macro.body.id).runCount).toBe(1);
  });

  it("a refused step leaves that conversation unchanged and says which step; the others still run", async () => {
    const open = await customerSays("Hello", "Funmi Ade");
    const closed = await customerSays("Anyone there?", "Emeka Nwosu", false);
    const macro = await call(
      "POST",
      M,
      {
        name: "Label and thank",
        actions: [
          { type: "add_label", label: "Billing" },
          { type: "status", status: "pending" },
          { type: "send_canned", cannedId },
        ],
      },
      ada,
    );
    const result = await call(
      "POST",
      `${M}/run`,
      { macroId: macro.body.id, conversationIds: [open, closed], runId: randomUUID() },
      ada,
    );
    expect(result.status).toBe(200);
    const byId = Object.fromEntries(result.body.results.map((r: { conversationId: string }) => [r.conversationId, r]));
    expect(byId[open]).toMatchObject({ outcome: "applied", failed: null });
    expect(byId[closed]).toMatchObject({
      outcome: "failed",
      failed: { step: 2, type: "send_canned", code: "conflict", reason: "template_required" },
    });
    const after = await call("GET", `${C}/${closed}`, undefined, ada);
    expect(after.body.conversation).toMatchObject({ labels: [], status: "open" });
    expect(await outbound(closed)).toHaveLength(0);
    const events = await useTransaction((tx) =>
      tx.select().from(inboxConversationEventTable).where(eq(inboxConversationEventTable.conversationId, closed)),
    );
    expect(events.filter((e) => e.reason?.startsWith("macro"))).toHaveLength(0);
  });

  it("runs a shared macro on many conversations; another agent's personal macro and unseen conversations are refused", async () => {
    const ids = [await customerSays("a", "One"), await customerSays("b", "Two"), await customerSays("c", "Three")];
    const shared = await call("POST", M, {
      name: "Resolve quietly",
      visibility: "shared",
      actions: [{ type: "status", status: "resolved" }],
    });
    const many = await call(
      "POST",
      `${M}/run`,
      { macroId: shared.body.id, conversationIds: ids, runId: randomUUID() },
      ada,
    );
    expect(many.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(["applied", "applied", "applied"]);
    const bolaOwn = await call("POST", M, { name: "Bola's", actions: [{ type: "priority", priority: "low" }] }, bola);
    const refused = await call(
      "POST",
      `${M}/run`,
      { macroId: bolaOwn.body.id, conversationIds: [ids[0]], runId: randomUUID() },
      ada,
    );
    expect(refused.status).toBe(404);
    // Bola is not in the Lagos team: the routed conversation is not his to change.
    const unseen = await customerSays("d", "Four");
    const notHis = await call(
      "POST",
      `${M}/run`,
      { macroId: bolaOwn.body.id, conversationIds: [unseen], runId: randomUUID() },
      bola,
    );
    expect(notHis.body.results[0]).toMatchObject({ outcome: "failed", failed: { step: null, code: "not_found" } });
    expect(
      (await call("POST", `${M}/run`, { macroId: shared.body.id, conversationIds: [], runId: randomUUID() }, ada))
        .status,
    ).toBe(400);
    expect(
      (
        await call(
          "POST",
          `${M}/run`,
          { macroId: shared.body.id, conversationIds: ids, runId: randomUUID() },
          dispatcher,
        )
      ).status,
    ).toBe(403);
  });
});

describe("bulk assignment from the list", () => {
  it("an agent takes several conversations at once; assigning them to someone else is a supervisor's", async () => {
    const ids = [await customerSays("e", "Five"), await customerSays("f", "Six")];
    const bolaUser = await Auth.fromEmail("bola@isp.test");
    const refused = await call("POST", `${C}/bulk`, { ids, assigneeId: bolaUser?.id }, ada);
    expect(refused.body.updated).toEqual([]);
    expect(refused.body.failed[0].refused[0]).toMatchObject({ field: "assignee", code: "forbidden" });
    const taken = await call("POST", `${C}/bulk`, { ids, assigneeId: adaId, addLabels: ["Urgent"] }, ada);
    expect(taken.body).toEqual({ updated: ids, failed: [] });
    for (const id of ids) {
      const after = await call("GET", `${C}/${id}`, undefined, ada);
      expect(after.body.conversation).toMatchObject({ assigneeId: adaId, labels: ["Urgent"] });
    }
    const byAdmin = await call("POST", `${C}/bulk`, { ids: [ids[0]], assigneeId: bolaUser?.id });
    expect(byAdmin.body.updated).toEqual([ids[0]]);
  });
});
