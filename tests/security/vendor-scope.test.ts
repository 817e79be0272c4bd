import * as Contract from "@dotmac/core/contract";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import * as Project from "@dotmac/core/project";
import * as Upload from "@dotmac/core/upload";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { newAccount, portalWorld, vendorWithMfa } from "../support/portals";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof portalWorld>>;
let staff: Actor;
let mine: Actor;
let theirs: Actor;
const system = { type: "system", properties: { job: "test.fixture" } } as const;
const DAY = 24 * 3600 * 1000;
const route = {
  type: "LineString" as const,
  coordinates: [
    [3.42, 6.43],
    [3.43, 6.44],
  ] as [number, number][],
};
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

const vendorActor = (u: { id: string; email: string }, organizationId: string | null): Actor => ({
  type: "user",
  properties: { userId: u.id, email: u.email, portal: "vendor", roles: [], permissions: [], organizationId },
});
const as = <T>(actor: Actor, f: () => Promise<T>) => withActor(actor, f);
const api = testApp();
// A vendor sets up its code once: later sign-ins in this file reuse its headers.
const signedIn = new Map<string, Promise<Record<string, string>>>();
const vendorHeaders = (email: string) => {
  if (!signedIn.has(email))
    signedIn.set(
      email,
      vendorWithMfa(api.request, email).then((r) => r.headers),
    );
  return signedIn.get(email) as Promise<Record<string, string>>;
};

/** Both vendors bid on one open project; `mine` wins, builds and invoices; `theirs` keeps its own quote. */
let fixture: {
  ip: Contract.ProjectInfo;
  assignedElsewhere: Contract.ProjectInfo;
  myQuote: Contract.QuoteInfo;
  theirQuote: Contract.QuoteInfo;
  asBuilt: Contract.AsBuiltInfo;
  fileId: string;
  invoice: Contract.InvoiceInfo;
};

beforeAll(async () => {
  t = await setupTestDatabase();
  world = await portalWorld("VS");
  staff = staffActor({ id: world.accounts.staff.id, email: world.accounts.staff.email, roles: ["admin"] });
  mine = vendorActor(world.accounts.vendorUser, world.orgs.vendor.id);
  theirs = vendorActor(world.accounts.otherVendorUser, world.orgs.otherVendor.id);
  const open = async (name: string) => {
    const p = await as(system, () => Project.create({ projectType: "fiber_optics_installation", name }));
    return as(staff, () => Contract.create({ projectId: p.id }));
  };
  const ip = await open("Scoped");
  await as(staff, () => Contract.openBidding({ id: ip.id, closesAt: new Date(Date.now() + 9 * DAY) }));
  const lines = [{ description: "Build", quantity: "1", unitPriceMinor: 100_00 }];
  const myQuote = await as(mine, () =>
    Contract.Quote.save({ installationProjectId: ip.id, lines, route, submit: true }),
  );
  const theirQuote = await as(theirs, () =>
    Contract.Quote.save({ installationProjectId: ip.id, lines, route, submit: true }),
  );
  await as(staff, () => Contract.Quote.approve({ id: myQuote.id }));
  const fileId = await as(mine, () => Upload.store({ bytes: PNG, filename: "trench.png", contentType: "image/png" }));
  const asBuilt = await as(mine, () =>
    Contract.AsBuilt.submit({ installationProjectId: ip.id, uploadIds: [fileId], route }),
  );
  await as(staff, () => Contract.AsBuilt.review({ id: asBuilt.id, decision: "accept" }));
  const invoice = await as(mine, () => Contract.Invoice.save({ installationProjectId: ip.id, lines, submit: true }));
  const elsewhere = await open("Theirs only");
  const assignedElsewhere = await as(staff, () =>
    Contract.assign({ id: elsewhere.id, vendorOrganizationId: world.orgs.otherVendor.id }),
  );
  fixture = { ip, assignedElsewhere, myQuote, theirQuote, asBuilt, fileId, invoice };
});
afterAll(() => t.close());

describe("vendor scoping: an organisation sees its own records only", () => {
  it("another vendor's quote, as-built, file, report and invoice answer not_found, as missing ones do", async () => {
    const f = fixture;
    await as(theirs, async () => {
      await expect(Contract.Quote.get(f.myQuote.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(Contract.AsBuilt.file({ id: f.asBuilt.id, uploadId: f.fileId })).rejects.toMatchObject({
        code: "not_found",
      });
      await expect(Contract.AsBuilt.report(f.asBuilt.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(Contract.Invoice.get(f.invoice.id)).rejects.toMatchObject({ code: "not_found" });
      // It still sees the project it bid on, its own quote only, and none of the winner's records.
      expect((await Contract.Quote.list({ installationProjectId: f.ip.id })).items.map((q) => q.id)).toEqual([
        f.theirQuote.id,
      ]);
      expect((await Contract.AsBuilt.list({ installationProjectId: f.ip.id })).items).toEqual([]);
      expect((await Contract.Invoice.list({})).items).toEqual([]);
      expect(await Contract.get(f.ip.id)).toMatchObject({ vendorOrganizationId: null, vendorName: null });
    });
    await as(mine, async () => {
      await expect(Contract.Quote.get(f.theirQuote.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(Contract.get(f.assignedElsewhere.id)).rejects.toMatchObject({ code: "not_found" });
      const listed = (await Contract.list({ scope: "mine" })).items.map((p) => p.id);
      expect(listed).toEqual([f.ip.id]);
      expect((await Contract.list({})).items.map((p) => p.id)).not.toContain(f.assignedElsewhere.id);
      expect((await Contract.AsBuilt.file({ id: f.asBuilt.id, uploadId: f.fileId })).url).toBeTruthy();
      expect((await Contract.AsBuilt.report(f.asBuilt.id)).url).toBeTruthy();
    });
  });

  it("through the shared routes too: filters never widen a vendor's reach to another organisation", async () => {
    const f = fixture;
    const headers = await vendorHeaders(world.accounts.otherVendorUser.email);
    const get = async (path: string) => {
      const res = await api.request(path, { headers });
      return { status: res.status, body: (await res.json()) as { items?: { id: string }[]; totals?: unknown[] } };
    };
    // Asking for the winner's invoices by its organisation's id answers nothing, and no totals of them.
    const filtered = await get(`/api/v1/vendor/invoices?vendorOrganizationId=${world.orgs.vendor.id}`);
    expect(filtered.body).toEqual({ items: [], totals: [] });
    expect((await get(`/api/v1/vendor/invoices?installationProjectId=${f.ip.id}`)).body.items).toEqual([]);
    expect((await get(`/api/v1/vendor/invoices/${f.invoice.id}`)).status).toBe(404);
    expect((await get(`/api/v1/vendor/projects/${f.ip.id}/invoices`)).body.items).toEqual([]);
    expect((await get(`/api/v1/vendor/projects/${f.ip.id}/as-builts`)).body.items).toEqual([]);
    expect((await get(`/api/v1/vendor/as-builts/${f.asBuilt.id}/report`)).status).toBe(404);
    expect((await get(`/api/v1/vendor/projects/${f.assignedElsewhere.id}/as-builts`)).status).toBe(200);
    // Notifications are each user's own: the winner's (approval, as-built accepted) never reach the other.
    const others = (await get("/api/v1/vendor/notifications")).body.items ?? [];
    const theirs = await as(staff, () => Contract.Quote.get(f.theirQuote.id));
    expect(theirs.status).toBe("rejected");
    const mineNotes = await api.request("/api/v1/vendor/notifications", {
      headers: await vendorHeaders(world.accounts.vendorUser.email),
    });
    const winner = ((await mineNotes.json()) as { items: { id: string; kind: string }[] }).items;
    expect(winner.map((n) => n.kind)).toEqual(
      expect.arrayContaining(["contract_quote_approved", "contract_as_built_accepted"]),
    );
    expect(others.map((n) => n.id)).not.toEqual(expect.arrayContaining([winner[0]?.id]));
    for (const n of winner) {
      const read = await api.request(`/api/v1/vendor/notifications/${n.id}/read`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
      });
      expect(read.status).toBe(404);
    }
    // Staff's own notification list refuses a vendor token.
    expect([401, 403]).toContain((await api.request("/api/v1/notifications", { headers })).status);
  });

  it("files are addressed by ids only: another's upload cannot be attached or fetched through an as-built", async () => {
    const f = fixture;
    // The other vendor's own upload, offered as the winner's file, is unknown to the winner.
    const foreign = await as(theirs, () => Upload.store({ bytes: PNG, filename: "x.png", contentType: "image/png" }));
    await expect(
      as(mine, () => Contract.AsBuilt.submit({ installationProjectId: f.ip.id, uploadIds: [foreign] })),
    ).rejects.toMatchObject({ code: "not_found" });
    // An upload that exists but is not part of this as-built is not served through it, even to staff.
    await expect(as(staff, () => Contract.AsBuilt.file({ id: f.asBuilt.id, uploadId: foreign }))).rejects.toMatchObject(
      { code: "not_found" },
    );
    // v1 served `report_file_path` straight from the database; here a path is not even valid input.
    for (const uploadId of ["../../etc/passwd", "/var/data/report.pdf", `${f.fileId}/../x`]) {
      await expect(as(staff, async () => Contract.AsBuilt.file({ id: f.asBuilt.id, uploadId }))).rejects.toMatchObject({
        code: "validation",
      });
    }
    const headers = await vendorHeaders(world.accounts.vendorUser.email);
    const res = await api.request(`/api/v1/vendor/as-builts/${f.asBuilt.id}/files/..%2F..%2Fetc%2Fpasswd`, { headers });
    expect(res.status).toBe(400);
    const ok = await api.request(`/api/v1/vendor/as-builts/${f.asBuilt.id}/files/${f.fileId}`, { headers });
    expect(ok.status).toBe(200);
    const { url } = (await ok.json()) as { url: string };
    expect(url).not.toContain("trench.png/");
    expect(url).not.toMatch(/\.\.|%2e%2e/i);
  });

  it("vendors cannot act as staff, and staff routes refuse vendor tokens", async () => {
    const f = fixture;
    await as(mine, async () => {
      await expect(Contract.Quote.approve({ id: f.theirQuote.id })).rejects.toMatchObject({ code: "forbidden" });
      await expect(
        Contract.AsBuilt.review({ id: f.asBuilt.id, decision: "reject", reason: "x" }),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(Contract.Invoice.decide({ id: f.invoice.id, decision: "approved" })).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(Contract.transition({ id: f.ip.id, to: "canceled" })).rejects.toMatchObject({ code: "forbidden" });
    });
    // Staff cannot write a vendor's quote in its name.
    await expect(
      as(staff, () =>
        Contract.Quote.save({
          installationProjectId: f.ip.id,
          lines: [{ description: "x", quantity: "1", unitPriceMinor: 1 }],
        }),
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    const headers = await vendorHeaders(world.accounts.otherVendorUser.email);
    for (const path of [
      "/api/v1/installation-projects",
      `/api/v1/vendor-quotes/${f.myQuote.id}`,
      `/api/v1/as-builts/${f.asBuilt.id}/report`,
      "/api/v1/vendor-invoices",
    ]) {
      expect([401, 403], path).toContain((await api.request(path, { headers })).status);
    }
  });

  it("a vendor account without an organisation, or a customer, reaches nothing", async () => {
    const loose = await newAccount({ portal: "vendor", email: "vs-loose@example.com", displayName: "Loose" });
    await expect(as(vendorActor(loose, null), () => Contract.list({}))).rejects.toMatchObject({ code: "forbidden" });
    const customer: Actor = {
      type: "user",
      properties: {
        userId: world.accounts.customer.id,
        email: world.accounts.customer.email,
        portal: "customer",
        roles: [],
        permissions: [],
      },
    };
    await expect(as(customer, () => Contract.list({}))).rejects.toMatchObject({ code: "forbidden" });
    await expect(as(customer, () => Contract.Quote.get(fixture.myQuote.id))).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
