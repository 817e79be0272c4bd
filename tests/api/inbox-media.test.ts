import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import * as Auth from "@dotmac/core/auth";
import * as Inbox from "@dotmac/core/inbox";
import { inboxAttachmentTable, inboxChannelTable } from "@dotmac/core/inbox/inbox.sql";
import { setBlobStore } from "@dotmac/core/platform/blob";
import { type LocalBlobStore, localBlobStore } from "@dotmac/core/platform/blob/local";
import { setConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { cspHeader, cspWithOrigin } from "@dotmac/core/platform/security-headers";
import { teamMemberTable, teamTable } from "@dotmac/core/team/team.sql";
import { blobRoutes } from "@dotmac/functions/local/blob-routes";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

/**
 * A customer's photo in the thread: WhatsApp says it is a JPEG, the bytes say PNG. The agent of the
 * conversation's team gets a one-minute link serving what the bytes are; an agent of another team gets
 * 404 as if it did not exist; the link stops working when it expires.
 */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const PASSWORD = "correct horse battery staple";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let store: LocalBlobStore;
let blobs: ReturnType<typeof blobRoutes>;
let media: Server;
let graph = "";
let channelId = "";
let ada: Record<string, string>;
let bola: Record<string, string>;
let admin: Record<string, string>;
let n = 0;

beforeAll(async () => {
  media = createServer((req, res) => {
    if (req.headers.authorization !== "Bearer wa-token") return void res.writeHead(401).end();
    const id = /^\/v21\.0\/(\w+)$/.exec(req.url ?? "")?.[1];
    if (id) {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ url: `${graph}/files/${id}`, id }));
    }
    if (req.url === "/files/PHOTO") return void res.writeHead(200, { "content-type": "image/jpeg" }).end(PNG);
    if (req.url === "/files/INVOICE") return void res.writeHead(200).end(PDF);
    res.writeHead(404).end();
  });
  await new Promise<void>((ready) => media.listen(0, "127.0.0.1", ready));
  graph = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  process.env.MEDIA_TEST_WA_TOKEN = "wa-token";
  t = await setupTestDatabase({ GRAPH_BASE_URL: graph });
  store = localBlobStore({
    root: join(t.dataDir, "blobs"),
    publicUrl: "http://localhost:3999",
    secret: "s".repeat(32),
  });
  setBlobStore(store);
  blobs = blobRoutes(store, 1024 * 1024);
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}` };
  const users: { id: string }[] = [];
  for (const email of ["ada@example.com", "bola@example.com"]) {
    users.push(await Auth.createUser({ email, password: PASSWORD, displayName: email, roles: ["support"] }));
  }
  const [adaToken, bolaToken] = await Promise.all(
    ["ada@example.com", "bola@example.com"].map(
      async (email) => (await passwordSignIn({ email, password: PASSWORD })).accessToken,
    ),
  );
  ada = { authorization: `Bearer ${adaToken}` };
  bola = { authorization: `Bearer ${bolaToken}` };
  await useTransaction(async (tx) => {
    const [lagos] = await tx.insert(teamTable).values({ name: "Lagos support" }).returning();
    const [abuja] = await tx.insert(teamTable).values({ name: "Abuja support" }).returning();
    await tx.insert(teamMemberTable).values([
      { teamId: lagos?.id as string, userId: users[0]?.id as string, role: "member" },
      { teamId: abuja?.id as string, userId: users[1]?.id as string, role: "member" },
    ]);
    const [channel] = await tx
      .insert(inboxChannelTable)
      .values({
        kind: "whatsapp",
        name: "Lagos line",
        externalAccountId: "106540352242922",
        accessTokenSecret: "MEDIA_TEST_WA_TOKEN",
        teamId: lagos?.id as string,
      })
      .returning();
    channelId = channel?.id as string;
  });
});
afterAll(async () => {
  await t.close();
  await new Promise((done) => media.close(done));
});
beforeEach(() => {
  setConfig(t.env);
  setBlobStore(store);
});

/** A customer's media message through the real receive path; its file is fetched from the media host. */
async function mediaMessage(mediaRef: string, kind: "image" | "document", declaredType: string, filename: string) {
  const result = await withActor({ type: "webhook", properties: { provider: "whatsapp" } }, () =>
    Inbox.Receive.inbound({
      channelId,
      from: { value: `2348055500${String(++n).padStart(3, "0")}`, name: "Ada Obi" },
      externalId: `wamid.media-${++n}`,
      kind,
      providerAt: new Date(),
      windowExpiresAt: new Date(Date.now() + 24 * 3600_000),
      attachments: [{ mediaRef, declaredType, filename }],
    }),
  );
  if (result.outcome !== "inserted") throw new Error("not inserted");
  const [attachment] = await useTransaction((tx) =>
    tx.select().from(inboxAttachmentTable).where(eq(inboxAttachmentTable.messageId, result.messageId)),
  );
  return { conversationId: result.conversationId, attachment: attachment as typeof inboxAttachmentTable.$inferSelect };
}

const get = (path: string, headers: Record<string, string>) => api.request(path, { headers });

describe("inbox media downloads", () => {
  it("the agent of the conversation gets a one-minute link serving the type the bytes say, inline for an image", async () => {
    const { conversationId, attachment } = await mediaMessage("PHOTO", "image", "image/jpeg", "router.jpg");
    expect(attachment).toMatchObject({ state: "stored", detectedType: "image/png" });
    const page = await (await get(`/api/v1/inbox/conversations/${conversationId}/messages`, ada)).json();
    expect(page.items[0].attachments[0]).toMatchObject({
      id: attachment.id,
      contentType: "image/png",
      state: "stored",
    });

    const res = await get(`/api/v1/inbox/attachments/${attachment.id}/download`, ada);
    expect(res.status).toBe(200);
    const link = await res.json();
    expect(link.contentType).toBe("image/png");
    const expires = Number(new URL(link.url).searchParams.get("expires")) * 1000;
    expect(expires).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(new Date(link.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 60_000);

    const file = await blobs.request(link.url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("content-disposition")).toMatch(/^inline; filename="router.jpg"/);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);

    // The stable address an <img> points at: a 302 to a fresh link, never cached.
    const redirect = await get(`/api/v1/inbox/attachments/${attachment.id}/file`, ada);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("cache-control")).toContain("no-store");
    expect((await blobs.request(redirect.headers.get("location") as string)).status).toBe(200);
  });

  it("a document is served as an attachment, never inline", async () => {
    const { attachment } = await mediaMessage("INVOICE", "document", "application/pdf", "invoice.pdf");
    expect(attachment).toMatchObject({ state: "stored", detectedType: "application/pdf" });
    const link = await (await get(`/api/v1/inbox/attachments/${attachment.id}/download`, ada)).json();
    const file = await blobs.request(link.url);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="invoice.pdf"/);
  });

  it("an agent of another team gets 404 problem+json, as for a missing id; no sign-in is 401; admin sees it", async () => {
    const { attachment } = await mediaMessage("PHOTO", "image", "image/jpeg", "photo.jpg");
    for (const path of [
      `/api/v1/inbox/attachments/${attachment.id}/download`,
      `/api/v1/inbox/attachments/${attachment.id}/file`,
    ]) {
      const refused = await get(path, bola);
      expect(refused.status).toBe(404);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
      expect(refused.headers.get("location")).toBeNull();
      expect((await get(path, {})).status).toBe(401);
    }
    const missing = await get("/api/v1/inbox/attachments/0190c6a0-0000-7000-8000-000000000000/download", ada);
    expect(missing.status).toBe(404);
    expect((await get(`/api/v1/inbox/attachments/${attachment.id}/download`, admin)).status).toBe(200);
    expect((await get("/api/v1/inbox/attachments/not-an-id/download", ada)).status).toBe(400);
  });

  it("a link past its expiry, or with its type changed, is refused", async () => {
    const { attachment } = await mediaMessage("PHOTO", "image", "image/jpeg", "late.jpg");
    const link = new URL((await (await get(`/api/v1/inbox/attachments/${attachment.id}/download`, ada)).json()).url);
    const expired = await store.downloadUrl(attachment.blobKey as string, {
      filename: "late.jpg",
      contentType: "image/png",
      inline: true,
      expiresInSeconds: -1,
    });
    const late = await blobs.request(expired);
    expect(late.status).toBe(403);
    expect(await late.text()).toMatch(/expired/i);
    link.searchParams.set("type", "text/html");
    expect((await blobs.request(link.toString())).status).toBe(403);
  });

  it("a file refused at fetch time cannot be downloaded, and says why", async () => {
    const { attachment } = await mediaMessage("MISSING", "image", "image/jpeg", "gone.jpg");
    expect(attachment.state).toBe("rejected");
    const res = await get(`/api/v1/inbox/attachments/${attachment.id}/download`, ada);
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toMatch(/refused/);
  });

  it("the CSP lets the portal show the links: images and audio/video from itself, and from the bucket on AWS", async () => {
    const csp = (await get("/api/health", {})).headers.get("content-security-policy") ?? "";
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("media-src 'self'");
    expect(csp).toContain("default-src 'self'");
    const aws = cspHeader(cspWithOrigin("https://attachments.example.net"));
    expect(aws).toContain("img-src 'self' data: blob: https://attachments.example.net");
    expect(aws).toContain("media-src 'self' https://attachments.example.net");
    expect(aws).not.toMatch(/media-src[^;]*(\*|https:(?!\/\/))/);
  });
});

describe("label colours from the palette the portal can draw", () => {
  const post = (body: unknown) =>
    api.request("/api/v1/inbox/labels", {
      method: "POST",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("a tone name or a #rrggbb is stored as the nearest palette colour, and every label carries its tone", async () => {
    expect(await (await post({ name: "Outage", colour: "green" })).json()).toMatchObject({
      colour: "#16a34a",
      tone: "green",
    });
    expect(await (await post({ name: "Billing", colour: "#ef4444" })).json()).toMatchObject({
      colour: "#dc2626",
      tone: "red",
    });
    expect(await (await post({ name: "Sales" })).json()).toMatchObject({ colour: "#64748b", tone: "slate" });
    const refused = await post({ name: "Odd", colour: "tomato" });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("a palette tone (red, orange");
    const list = await (await get("/api/v1/inbox/labels", ada)).json();
    expect(list.items.map((l: { name: string; tone: string }) => `${l.name}:${l.tone}`)).toEqual([
      "Billing:red",
      "Outage:green",
      "Sales:slate",
    ]);
  });

  it("a colour stored before the palette shows as the nearest tone", () => {
    expect(Inbox.Labels.toneOf("#0ea5e9")).toBe("blue");
    expect(Inbox.Labels.toneOf("#22c55e")).toBe("green");
    expect(Inbox.Labels.toneOf("#a855f7")).toBe("purple");
    expect(Inbox.Labels.toneOf("not a colour")).toBe("slate");
  });
});
