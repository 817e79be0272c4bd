import * as Auth from "@dotmac/core/auth";
import { widgetProvider } from "@dotmac/core/inbox";
import { inboxConversationTable, inboxMessageTable } from "@dotmac/core/inbox/inbox.sql";
import { personChannelTable } from "@dotmac/core/person/person.sql";
import { useTransaction } from "@dotmac/core/platform/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

const SITE = "https://www.demo-isp.example";
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let staff: Record<string, string>;
let widget: { id: string; publicId: string; snippet: string };
let other: { id: string; publicId: string };

beforeAll(async () => {
  // Per-visitor budget below the per-IP one, so each can be seen refusing on its own.
  t = await setupTestDatabase({ WIDGET_RATE_LIMIT_IP: "100000", WIDGET_RATE_LIMIT_VISITOR: "40" });
  api = testApp();
  staff = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  const created = await api.request("/api/v1/inbox/settings/widgets", {
    method: "POST",
    headers: staff,
    body: JSON.stringify({ name: "Main website", settings: { allowedOrigins: [SITE] } }),
  });
  expect(created.status).toBe(201);
  widget = await created.json();
  const second = await api.request("/api/v1/inbox/settings/widgets", {
    method: "POST",
    headers: staff,
    body: JSON.stringify({ name: "Other site", settings: { allowedOrigins: ["https://other.example"] } }),
  });
  other = await second.json();
});
afterAll(() => t.close());

const visitor = (
  path: string,
  init: { method?: string; body?: unknown; token?: string; origin?: string; id?: string } = {},
) => {
  const headers: Record<string, string> = { origin: init.origin ?? SITE };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const sep = path.includes("?") ? "&" : "?";
  return api.request(`/api/v1/widget/${path}${sep}widget=${init.id ?? widget.publicId}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
};

async function start(name: string, message?: string) {
  const res = await visitor("start", {
    body: { name, email: `${name.toLowerCase()}@example.net`, ...(message ? { message } : {}) },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; conversationId: string | null };
}

/** The agent's reply as the outbound pipeline stores and sends it: queued by the inbox, then the widget provider. */
async function agentReply(conversationId: string, body: string, direction: "outbound" | "internal" = "outbound") {
  const author = await Auth.fromEmail("ops@example.com");
  return useTransaction(async (tx) => {
    const [row] = await tx
      .insert(inboxMessageTable)
      .values({
        conversationId,
        channelId: widget.id,
        direction,
        kind: direction === "internal" ? "note" : "text",
        status: direction === "internal" ? "sent" : "queued",
        body,
        authorId: author?.id ?? null,
      })
      .returning();
    if (!row) throw new Error("no row");
    if (direction === "outbound") {
      const accepted = await widgetProvider.send({
        messageId: row.id,
        channel: {
          id: widget.id,
          kind: "widget",
          externalAccountId: widget.publicId,
          businessAccountId: null,
          accessTokenSecret: null,
          settings: {},
        },
        to: "visitor",
        kind: "text",
        body,
        subject: null,
        payload: {},
      });
      expect(accepted.sentOnAccept).toBe(true);
      await tx
        .update(inboxMessageTable)
        .set({ status: "sent", externalId: accepted.externalId, sentAt: new Date() })
        .where(eq(inboxMessageTable.id, row.id));
    }
    return row.id;
  });
}

const status = async (id: string) =>
  (await useTransaction((tx) => tx.select().from(inboxMessageTable).where(eq(inboxMessageTable.id, id))))[0]?.status;

describe("web chat widget", () => {
  it("staff create a widget and get its one-tag embed snippet; colours below WCAG AA are refused", async () => {
    expect(widget.snippet).toContain(`data-widget-id="${widget.publicId}"`);
    expect(widget.snippet).toContain("/widget.js");
    const bad = await api.request("/api/v1/inbox/settings/widgets", {
      method: "POST",
      headers: staff,
      body: JSON.stringify({
        name: "Pastel",
        settings: { allowedOrigins: [SITE], colors: { primary: "#ffcc00", onPrimary: "#ffffff" } },
      }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/contrast 1\.\d+:1; WCAG AA needs 4\.5:1/);
    const origin = await api.request(`/api/v1/inbox/settings/widgets/${widget.id}`, {
      method: "PATCH",
      headers: staff,
      body: JSON.stringify({ settings: { allowedOrigins: ["www.example.net/path"] } }),
    });
    expect(origin.status).toBe(400);
    expect(JSON.stringify(await origin.json())).toContain("is not an origin");

    const password = "correct horse battery staple";
    await Auth.createUser({ email: "tech@example.com", password, displayName: "Tech", roles: ["field_technician"] });
    const tech = (await passwordSignIn({ email: "tech@example.com", password })).accessToken;
    const refused = await api.request("/api/v1/inbox/settings/widgets", {
      method: "POST",
      headers: { authorization: `Bearer ${tech}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Sneaky", settings: { allowedOrigins: [SITE] } }),
    });
    expect(refused.status).toBe(403);
  });

  it("answers config only to an allowed origin, with CORS naming that origin alone", async () => {
    const ok = await visitor("config");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(SITE);
    const config = await ok.json();
    expect(config).toMatchObject({ name: "Main website", online: true, preChat: { name: "required" } });
    expect(config).not.toHaveProperty("allowedOrigins");

    const evil = await visitor("config", { origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await api.request(`/api/v1/widget/messages?widget=${widget.publicId}`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const allowed = await api.request(`/api/v1/widget/messages?widget=${widget.publicId}`, {
      method: "OPTIONS",
      headers: {
        origin: SITE,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
      },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(allowed.headers.get("access-control-allow-headers")).toContain("authorization");
  });

  it("start makes a person and a conversation; a double send is one message; the poll is that visitor's thread only", async () => {
    const missing = await visitor("start", { body: { email: "x@example.net" } });
    expect(missing.status).toBe(400);
    expect((await missing.json()).detail).toContain("Fill in name");

    const ada = await start("Ada", "My fibre light is red");
    expect(ada.conversationId).toBeTruthy();
    const [conversation] = await useTransaction((tx) =>
      tx
        .select()
        .from(inboxConversationTable)
        .where(eq(inboxConversationTable.id, ada.conversationId as string)),
    );
    expect(conversation?.channelId).toBe(widget.id);
    const channels = await useTransaction((tx) =>
      tx
        .select()
        .from(personChannelTable)
        .where(eq(personChannelTable.personId, conversation?.personId as string)),
    );
    expect(channels.map((c) => c.kind).sort()).toEqual(["email", "visitor"]);

    const first = await visitor("messages", { body: { clientId: "client-0001", body: "Still red" }, token: ada.token });
    const again = await visitor("messages", { body: { clientId: "client-0001", body: "Still red" }, token: ada.token });
    const a = await first.json();
    const b = await again.json();
    expect(a.messageId).toBe(b.messageId);
    expect(b.duplicate).toBe(true);

    const bob = await start("Bob", "Bill question");
    await agentReply(ada.conversationId as string, "note: check OLT port", "internal");

    const thread = await (await visitor("messages", { token: ada.token })).json();
    expect(thread.items.map((m: { body: string }) => m.body)).toEqual(["My fibre light is red", "Still red"]);
    const bobs = await (await visitor("messages", { token: bob.token })).json();
    expect(bobs.items.map((m: { body: string }) => m.body)).toEqual(["Bill question"]);
  });

  it("refuses a missing, forged or other widget's token", async () => {
    const ada = await start("Adaeze");
    expect((await visitor("messages")).status).toBe(401);
    const [nonce] = ada.token.split(".");
    expect((await visitor("messages", { token: `${nonce}.forgedmacforgedmacforgedmacforgedmacforged` })).status).toBe(
      401,
    );
    const foreign = await visitor("messages", {
      token: ada.token,
      id: other.publicId,
      origin: "https://other.example",
    });
    expect(foreign.status).toBe(401);
    // The token is never read from the URL.
    const inUrl = await api.request(`/api/v1/widget/messages?widget=${widget.publicId}&token=${ada.token}`, {
      headers: { origin: SITE },
    });
    expect(inUrl.status).toBe(401);
  });

  it("an agent's reply reaches the poll, turns delivered when fetched and read when shown; the token brings the thread back", async () => {
    const ada = await start("Chioma", "Router blinking");
    const first = await (await visitor("messages", { token: ada.token })).json();
    const replyId = await agentReply(ada.conversationId as string, "A technician is on the way");
    expect(await status(replyId)).toBe("sent");

    const next = await (await visitor(`messages?since=${first.cursor}`, { token: ada.token })).json();
    expect(next.items).toEqual([
      expect.objectContaining({ id: replyId, from: "agent", body: "A technician is on the way" }),
    ]);
    expect(await status(replyId)).toBe("delivered");
    expect((await visitor("seen", { body: { messageId: replyId }, token: ada.token })).status).toBe(200);
    expect(await status(replyId)).toBe("read");

    // Leave and come back: the same token reads the same thread from the start.
    const back = await (await visitor("messages", { token: ada.token })).json();
    expect(back.items.map((m: { from: string }) => m.from)).toEqual(["visitor", "agent"]);
  });

  it("outside business hours the widget says it is offline and still takes the message", async () => {
    const closed = { timeZone: "UTC", weekly: {}, alwaysOpen: false, holidays: [] };
    // A calendar open one minute a week, at a minute that is not now.
    const now = new Date();
    const day = String((now.getUTCDay() + 3) % 7);
    const patch = await api.request(`/api/v1/inbox/settings/widgets/${other.id}`, {
      method: "PATCH",
      headers: staff,
      body: JSON.stringify({
        settings: {
          allowedOrigins: ["https://other.example"],
          hours: { ...closed, weekly: { [day]: [{ from: "10:00", to: "10:01" }] } },
          offlineMessage: "We are closed; we answer from 8 am.",
        },
      }),
    });
    expect(patch.status).toBe(200);
    const opts = { id: other.publicId, origin: "https://other.example" };
    const config = await (await visitor("config", opts)).json();
    expect(config).toMatchObject({ online: false, offlineMessage: "We are closed; we answer from 8 am." });
    const started = await visitor("start", { ...opts, body: { name: "Night owl", message: "Still there?" } });
    expect(await started.json()).toMatchObject({
      online: false,
      offlineMessage: "We are closed; we answer from 8 am.",
    });
  });

  it("limits each visitor and each IP: 429 with Retry-After", async () => {
    const ada = await start("Limited");
    let refused: Response | undefined;
    for (let i = 0; i < 45 && !refused; i++) {
      const res = await visitor("messages", { token: ada.token });
      if (res.status === 429) refused = res;
    }
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused?.headers.get("content-type")).toContain("application/problem+json");
    // Another visitor from the same IP is still served: the refusal was per visitor.
    const fresh = await start("Fresh");
    expect((await visitor("messages", { token: fresh.token })).status).toBe(200);
  });
});

describe("web chat widget per-IP limit", () => {
  it("refuses one IP past its budget whatever the token", async () => {
    const { patchConfig } = await import("@dotmac/core/platform/config");
    patchConfig({ WIDGET_RATE_LIMIT_IP: 3 });
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) last = await visitor("config");
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    patchConfig({ WIDGET_RATE_LIMIT_IP: 100000 });
  });
});
