import { createHmac } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import { inboxChannelTable } from "@dotmac/core/inbox/inbox.sql";
import { useConfig } from "@dotmac/core/platform/config";
import { useTransaction } from "@dotmac/core/platform/db";
import { resolveSecret } from "@dotmac/core/platform/secrets";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

const WA_SECRET = "wa-app-secret";
const WA_TOKEN = "EAAGwhatsapp-token-0123456789abcdef";
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: Record<string, string>;
let support: Record<string, string>;

beforeAll(async () => {
  t = await setupTestDatabase({ META_WHATSAPP_APP_SECRETS: WA_SECRET, META_APP_SECRETS: "meta-app-secret" });
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  const password = "correct horse battery staple";
  await Auth.createUser({ email: "sam@example.com", password, displayName: "Sam", roles: ["support"] });
  support = {
    authorization: `Bearer ${(await passwordSignIn({ email: "sam@example.com", password })).accessToken}`,
    "content-type": "application/json",
  };
});
afterAll(async () => {
  await t.close();
});

const BASE = "/api/v1/inbox/settings/channels";
const post = (path: string, body: unknown, headers = admin) =>
  api.request(path, { method: "POST", headers, body: JSON.stringify(body) });
const patch = (path: string, body: unknown, headers = admin) =>
  api.request(path, { method: "PATCH", headers, body: JSON.stringify(body) });
const row = async (id: string) =>
  (await useTransaction((tx) => tx.select().from(inboxChannelTable).where(eq(inboxChannelTable.id, id))))[0];
const handshake = (url: string, token: string) =>
  api.request(`${new URL(url).pathname}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=ch-42`);

describe("connecting a WhatsApp number", () => {
  let created: Record<string, unknown>;

  it("keeps the token in the secret store, never in the row or the answer, and shows the verify token once", async () => {
    const res = await post(BASE, {
      kind: "whatsapp",
      name: "Support line",
      externalAccountId: "106540352242922",
      businessAccountId: "102290129340398",
      accessToken: WA_TOKEN,
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(WA_TOKEN);
    created = JSON.parse(text);
    expect(created).toMatchObject({ kind: "whatsapp", status: "active", hasAccessToken: true });
    expect(created.webhookUrl).toBe(`http://localhost:3999/webhooks/whatsapp/${created.id}`);
    expect(created.verifyToken).toMatch(/^vt_[\w-]{32}$/);

    const stored = await row(created.id as string);
    expect(JSON.stringify(stored)).not.toContain(WA_TOKEN);
    expect(JSON.stringify(stored)).not.toContain(created.verifyToken as string);
    expect(stored?.verifyTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await resolveSecret(stored?.accessTokenSecret as string)).toBe(WA_TOKEN);
    const file = join(useConfig().DATA_DIR, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).not.toContain(created.verifyToken as string);

    const listed = await (await api.request(BASE, { headers: admin })).json();
    const item = listed.items.find((c: { id: string }) => c.id === created.id);
    expect(item).toMatchObject({ name: "Support line", hasAccessToken: true });
    expect(item).not.toHaveProperty("verifyToken");
    expect(JSON.stringify(listed)).not.toContain(WA_TOKEN);

    const [audit] = await useTransaction((tx) =>
      tx
        .select()
        .from(auditEventTable)
        .where(eq(auditEventTable.entityId, created.id as string)),
    );
    expect(audit?.action).toBe("inbox.channel_created");
    expect(JSON.stringify(audit?.changes)).not.toContain(WA_TOKEN);
  });

  it("Meta's GET verification on the channel's URL succeeds with that token and no other", async () => {
    const ok = await handshake(created.webhookUrl as string, created.verifyToken as string);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("ch-42");
    expect((await handshake(created.webhookUrl as string, "vt_wrong")).status).toBe(403);
    // The same token on the Messenger/Instagram app's endpoint is not this channel's.
    const other = (created.webhookUrl as string).replace("/whatsapp/", "/meta/");
    expect((await handshake(other, created.verifyToken as string)).status).toBe(403);
    expect((await handshake("http://x/webhooks/whatsapp/not-a-channel", "x")).status).toBe(403);
  });

  it("accepts signed deliveries on the channel's URL, and refuses unsigned ones", async () => {
    const body = JSON.stringify({ object: "whatsapp_business_account", entry: [] });
    const path = new URL(created.webhookUrl as string).pathname;
    const sig = `sha256=${createHmac("sha256", WA_SECRET).update(body).digest("hex")}`;
    const signed = await api.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": sig },
      body,
    });
    expect(signed.status).toBe(200);
    const unsigned = await api.request(path, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(unsigned.status).toBe(401);
  });

  it("rotating gives a new token once; the old one stops verifying", async () => {
    const res = await post(`${BASE}/${created.id}/verify-token`, {});
    expect(res.status).toBe(200);
    const rotated = await res.json();
    expect(rotated.verifyToken).not.toBe(created.verifyToken);
    expect((await handshake(created.webhookUrl as string, created.verifyToken as string)).status).toBe(403);
    expect((await handshake(created.webhookUrl as string, rotated.verifyToken)).status).toBe(200);
    created.verifyToken = rotated.verifyToken;
  });

  it("a second channel on the same number is 409 naming the first", async () => {
    const res = await post(BASE, {
      kind: "whatsapp",
      name: "Copy",
      externalAccountId: "106540352242922",
      businessAccountId: "102290129340398",
      accessToken: WA_TOKEN,
    });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await res.json()).detail).toContain("Support line");
  });

  it("renames, disables and enables; removing frees the number and stops the handshake", async () => {
    const renamed = await patch(`${BASE}/${created.id}`, { name: "Lagos support", status: "disabled" });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ name: "Lagos support", status: "disabled" });
    expect((await patch(`${BASE}/${created.id}`, { status: "active" })).status).toBe(200);
    // The satisfaction survey is on unless turned off (the survey verb reads settings.csat).
    expect((await (await patch(`${BASE}/${created.id}`, { name: "Lagos support" })).json()).csat).toBe(true);
    const quiet = await patch(`${BASE}/${created.id}`, { csat: false });
    expect(await quiet.json()).toMatchObject({ csat: false, name: "Lagos support", status: "active" });
    expect((await row(created.id as string))?.settings).toMatchObject({ csat: false });
    expect((await patch(`${BASE}/${created.id}`, { csat: "no" })).status).toBe(400);
    const removed = await api.request(`${BASE}/${created.id}`, { method: "DELETE", headers: admin });
    expect(removed.status).toBe(204);
    expect((await row(created.id as string))?.deletedAt).not.toBeNull();
    expect((await handshake(created.webhookUrl as string, created.verifyToken as string)).status).toBe(403);
    expect((await patch(`${BASE}/${created.id}`, { name: "Back" })).status).toBe(404);
    const again = await post(BASE, {
      kind: "whatsapp",
      name: "Reconnected",
      externalAccountId: "106540352242922",
      businessAccountId: "102290129340398",
      accessToken: WA_TOKEN,
    });
    expect(again.status).toBe(201);
  });
});

describe("the other kinds", () => {
  it("connects a page, an Instagram account, a mailbox and a widget", async () => {
    const page = await (
      await post(BASE, { kind: "messenger", name: "Page", externalAccountId: "104455667788990", accessToken: WA_TOKEN })
    ).json();
    expect(page.webhookUrl).toContain(`/webhooks/meta/${page.id}`);
    expect(page.verifyToken).toMatch(/^vt_/);
    const ig = await post(BASE, {
      kind: "instagram",
      name: "Insta",
      externalAccountId: "17841400000000000",
      accessToken: WA_TOKEN,
    });
    expect(ig.status).toBe(201);
    const mail = await (
      await post(BASE, { kind: "email", name: "Mail", externalAccountId: "Help@ISP.example" })
    ).json();
    expect(mail).toMatchObject({ externalAccountId: "help@isp.example", webhookUrl: null, verifyToken: null });
    const widget = await (await post(BASE, { kind: "widget", name: "Website" })).json();
    expect(widget.externalAccountId).toMatch(/^wgt_/);
    expect(widget.hasAccessToken).toBe(false);
  });
});

describe("refusals", () => {
  it("bad input is a 400 problem naming the field", async () => {
    const res = await post(BASE, { kind: "whatsapp", name: "No id", accessToken: "short" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = await res.json();
    const paths = problem.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["externalAccountId", "businessAccountId", "accessToken"]));
    expect((await post(BASE, { kind: "fax", name: "x" })).status).toBe(400);
    expect((await post(BASE, { kind: "email", name: "x", externalAccountId: "not-an-address" })).status).toBe(400);
    expect((await post(BASE, { kind: "widget", name: "w", accessToken: WA_TOKEN })).status).toBe(400);
  });

  it("a plain support agent can neither list nor connect channels", async () => {
    expect((await api.request(BASE, { headers: support })).status).toBe(403);
    const res = await post(BASE, { kind: "widget", name: "Mine" }, support);
    expect(res.status).toBe(403);
    expect((await api.request(BASE)).status).toBe(401);
  });
});
