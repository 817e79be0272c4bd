import { useLocalBlobStore } from "@dotmac/core/platform/blob";
import { useConfig } from "@dotmac/core/platform/config";
import { blobRoutes } from "@dotmac/functions/local/blob-routes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, passwordSignIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { PASSWORD, portalSignIn, portalWorld } from "../support/portals";

/** The first bytes of a real 1×1 PNG: enough for the magic-byte check. */
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
  0, 0,
]);
const HTML = new TextEncoder().encode("<!doctype html><html><script>fetch('/api/v1/customer/tickets')</script></html>");

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let blobs: ReturnType<typeof blobRoutes>;
let world: Awaited<ReturnType<typeof portalWorld>>;
let ada: Session;
let bola: Session;
let staff: Record<string, string>;

type Session = { cookie: string; csrf: string };

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  const store = useLocalBlobStore();
  if (!store) throw new Error("the tests run on the local blob store");
  blobs = blobRoutes(store, useConfig().UPLOAD_MAX_BYTES);
  world = await portalWorld("CTA");
  ada = await portalSignIn(api.request, "customer", world.accounts.customer.email);
  bola = await portalSignIn(api.request, "customer", world.accounts.otherCustomer.email);
  const token = (await passwordSignIn({ email: world.accounts.staff.email, password: PASSWORD })).accessToken;
  staff = { authorization: `Bearer ${token}`, "content-type": "application/json" };
});
afterAll(() => t.close());

/** A cookie-session request as the customer portal sends it. */
const browser = (session: Session, path: string, init: RequestInit & { json?: unknown } = {}) =>
  api.request(path, {
    ...init,
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    headers: {
      "content-type": "application/json",
      origin: ORIGIN,
      cookie: session.cookie,
      "x-csrf-token": session.csrf,
      ...init.headers,
    },
  });
const asStaff = (method: string, path: string, json?: unknown) =>
  api.request(path, { method, headers: staff, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });

/** The browser's multipart POST to the presigned slot: policy fields first, the file last. */
function upload(slot: { url: string; fields: Record<string, string> }, bytes: Uint8Array, name: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.fields)) form.append(k, v);
  form.append("file", new Blob([Buffer.from(bytes)]), name);
  return blobs.request(slot.url, { method: "POST", body: form });
}

async function openTicket(session: Session, title: string) {
  const res = await browser(session, "/api/v1/customer/tickets", {
    method: "POST",
    json: { title, description: "Please help" },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; number: string; status: string };
}

describe("customer portal tickets API", () => {
  it("a customer opens a ticket, lists and reads it by number, and replies; another customer gets 404", async () => {
    const types = await (await browser(ada, "/api/v1/customer/tickets/types")).json();
    expect(types.items.length).toBeGreaterThan(0);
    const ticket = await openTicket(ada, "Internet keeps dropping");
    expect(ticket).toMatchObject({ status: "new", priority: "medium" });

    const list = await (await browser(ada, "/api/v1/customer/tickets")).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(ticket.id);
    expect(list.nextCursor).toBeNull();

    await asStaff("POST", `/api/v1/tickets/${ticket.id}/comments`, { body: "Internal: line test shows CRC errors" });
    await asStaff("POST", `/api/v1/tickets/${ticket.id}/comments`, {
      body: "We are looking into it",
      isInternal: false,
    });
    const reply = await browser(ada, `/api/v1/customer/tickets/${ticket.id}/comments`, {
      method: "POST",
      json: { body: "Thank you" },
    });
    expect(reply.status).toBe(201);

    const detail = await (await browser(ada, `/api/v1/customer/tickets/${ticket.number}`)).json();
    expect(detail.ticket).toMatchObject({
      id: ticket.id,
      title: "Internet keeps dropping",
      description: "Please help",
    });
    expect(detail.comments.map((c: { body: string }) => c.body)).toEqual(["We are looking into it", "Thank you"]);
    expect(JSON.stringify(detail)).not.toMatch(/CRC errors|@example\.com/);
    expect(detail.confirmation).toBeNull();

    expect((await browser(bola, `/api/v1/customer/tickets/${ticket.number}`)).status).toBe(404);
    expect((await browser(bola, `/api/v1/customer/tickets/${ticket.id}`)).status).toBe(404);
    const foreignReply = await browser(bola, `/api/v1/customer/tickets/${ticket.id}/comments`, {
      method: "POST",
      json: { body: "Not mine" },
    });
    expect(foreignReply.status).toBe(404);
  });

  it("attachments through the local blob route: real PNG bytes accepted, HTML posing as a PNG quarantined with the reason", async () => {
    const ticket = await openTicket(ada, "Photo of the router");
    const slotFor = async (filename: string, size: number) => {
      const res = await browser(ada, `/api/v1/customer/tickets/${ticket.id}/attachments/slots`, {
        method: "POST",
        json: { filename, contentType: "image/png", size },
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { uploadId: string; url: string; fields: Record<string, string>; maxBytes: number };
    };
    const attach = (uploadId: string) =>
      browser(ada, `/api/v1/customer/tickets/${ticket.id}/attachments`, { method: "POST", json: { uploadId } });

    const photo = await slotFor("router.png", PNG.byteLength);
    expect(photo.url).toMatch(/\/_blob\/upload$/);
    // Before the bytes land, the check has nothing to decide: try again later.
    const early = await attach(photo.uploadId);
    expect(early.status).toBe(409);
    expect((await early.json()).detail).toMatch(/still being checked/);
    const landed = await upload(photo, PNG, "router.png");
    expect(await landed.json()).toMatchObject({ status: "accepted", detectedType: "image/png" });
    const attached = await attach(photo.uploadId);
    expect(attached.status).toBe(201);
    const attachment = await attached.json();
    expect(attachment).toMatchObject({ filename: "router.png", contentType: "image/png", isInternal: false });
    // A double submit answers the same attachment.
    expect((await (await attach(photo.uploadId)).json()).id).toBe(attachment.id);

    const link = await browser(ada, `/api/v1/customer/tickets/${ticket.id}/attachments/${attachment.id}/download`);
    const { url } = await link.json();
    const file = await blobs.request(url);
    expect(file.status).toBe(200);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("content-disposition")).toMatch(/^inline; filename="router.png"/);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);

    const disguised = await slotFor("screenshot.png", HTML.byteLength);
    expect(await (await upload(disguised, HTML, "screenshot.png")).json()).toMatchObject({ status: "rejected" });
    const refused = await attach(disguised.uploadId);
    expect(refused.status).toBe(415);
    const problem = await refused.json();
    expect(problem.detail).toMatch(/screenshot\.png was quarantined: content type could not be identified/);
    expect(problem.errors).toEqual([{ path: "uploadId", message: expect.stringMatching(/could not be identified/) }]);

    const detail = await (await browser(ada, `/api/v1/customer/tickets/${ticket.id}`)).json();
    expect(detail.attachments.map((a: { filename: string }) => a.filename)).toEqual(["router.png"]);

    // Slots name the field to fix; someone else's ticket is 404.
    const tooBig = await browser(ada, `/api/v1/customer/tickets/${ticket.id}/attachments/slots`, {
      method: "POST",
      json: { filename: "huge.png", contentType: "image/png", size: 10 ** 10 },
    });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).errors[0].path).toBe("size");
    const svg = await browser(ada, `/api/v1/customer/tickets/${ticket.id}/attachments/slots`, {
      method: "POST",
      json: { filename: "logo.svg", contentType: "image/svg+xml", size: 100 },
    });
    expect(svg.status).toBe(400);
    expect((await svg.json()).errors[0].path).toBe("contentType");
    const foreign = await browser(bola, `/api/v1/customer/tickets/${ticket.id}/attachments/slots`, {
      method: "POST",
      json: { filename: "x.png", contentType: "image/png", size: 10 },
    });
    expect(foreign.status).toBe(404);
    const foreignDownload = await browser(
      bola,
      `/api/v1/customer/tickets/${ticket.id}/attachments/${attachment.id}/download`,
    );
    expect(foreignDownload.status).toBe(404);
  });

  it("staff attach internal files the customer never sees, and remove files", async () => {
    const ticket = await openTicket(ada, "Cable cut by builders");
    const slot = await asStaff("POST", `/api/v1/tickets/${ticket.id}/attachments/slots`, {
      filename: "splice-plan.png",
      contentType: "image/png",
      size: PNG.byteLength,
      isInternal: true,
    });
    expect(slot.status).toBe(201);
    const s = await slot.json();
    await upload(s, PNG, "splice-plan.png");
    const attached = await asStaff("POST", `/api/v1/tickets/${ticket.id}/attachments`, {
      uploadId: s.uploadId,
      isInternal: true,
    });
    expect(attached.status).toBe(201);
    const internal = await attached.json();
    expect(internal.isInternal).toBe(true);

    const staffList = await (await asStaff("GET", `/api/v1/tickets/${ticket.id}/attachments`)).json();
    expect(staffList.items.map((a: { id: string }) => a.id)).toEqual([internal.id]);
    const link = await (
      await asStaff("GET", `/api/v1/tickets/${ticket.id}/attachments/${internal.id}/download`)
    ).json();
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());

    const customerView = await (await browser(ada, `/api/v1/customer/tickets/${ticket.id}`)).json();
    expect(customerView.attachments).toEqual([]);
    expect(
      (await browser(ada, `/api/v1/customer/tickets/${ticket.id}/attachments/${internal.id}/download`)).status,
    ).toBe(404);

    expect((await asStaff("DELETE", `/api/v1/tickets/${ticket.id}/attachments/${internal.id}`)).status).toBe(204);
    expect((await (await asStaff("GET", `/api/v1/tickets/${ticket.id}/attachments`)).json()).items).toEqual([]);
    // A customer session does not open the staff routes.
    expect((await browser(ada, `/api/v1/tickets/${ticket.id}/attachments`)).status).toBe(401);
  });

  it("confirms a resolution while signed in; the routes need a customer session and CSRF", async () => {
    const ticket = await openTicket(ada, "Wi-Fi password reset");
    await asStaff("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "open" });
    await asStaff("POST", `/api/v1/tickets/${ticket.id}/status`, {
      status: "pending_confirmation",
      note: "Reset done",
    });
    const pending = await (await browser(ada, `/api/v1/customer/tickets/${ticket.id}`)).json();
    expect(pending.confirmation).toMatchObject({ state: "open" });
    expect((await browser(bola, `/api/v1/customer/tickets/${ticket.id}/confirm`, { method: "POST" })).status).toBe(404);
    const confirmed = await browser(ada, `/api/v1/customer/tickets/${ticket.id}/confirm`, { method: "POST" });
    expect(await confirmed.json()).toEqual({ state: "confirmed" });
    expect((await (await browser(ada, `/api/v1/customer/tickets/${ticket.id}`)).json()).ticket.status).toBe("closed");

    expect((await api.request("/api/v1/customer/tickets")).status).toBe(401);
    expect((await api.request("/api/v1/customer/tickets", { headers: staff })).status).toBe(401);
    const noCsrf = await browser(ada, "/api/v1/customer/tickets", {
      method: "POST",
      json: { title: "x", description: "y" },
      headers: { "x-csrf-token": "" },
    });
    expect(noCsrf.status).toBe(403);
  });

  it("the OpenAPI document describes the attachment, customer and reseller ticket routes", async () => {
    const doc = await (await api.request("/api/openapi.json")).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/tickets/{id}/attachments/slots",
        "/api/v1/tickets/{id}/attachments/{attachmentId}/download",
        "/api/v1/customer/tickets/{ref}",
        "/api/v1/customer/tickets/{id}/dispute",
        "/api/v1/reseller/tickets",
        "/api/v1/support/numbering/preview",
      ]),
    );
  });

  it("a reseller lists the tickets of its tree", async () => {
    const reseller = await portalSignIn(api.request, "reseller", world.accounts.adminA.email);
    const mine = await openTicket(ada, "Reseller can see this");
    const theirs = await openTicket(bola, "Reseller A cannot see this");
    const res = await browser(reseller, "/api/v1/reseller/tickets?limit=100");
    expect(res.status).toBe(200);
    const ids = (await res.json()).items.map((i: { id: string }) => i.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect((await browser(ada, "/api/v1/reseller/tickets")).status).toBe(401);
  });
});
