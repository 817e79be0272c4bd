import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import * as Contract from "@dotmac/core/contract";
import { subscribers } from "@dotmac/core/events";
import { emailDeliveryTable, notificationTable } from "@dotmac/core/notification/notification.sql";
import { useLocalBlobStore } from "@dotmac/core/platform/blob";
import { useConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import * as Money from "@dotmac/core/platform/money";
import * as Project from "@dotmac/core/project";
import { workOrderTable } from "@dotmac/core/workorder/workorder.sql";
import { blobRoutes } from "@dotmac/functions/local/blob-routes";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { PASSWORD, portalWorld, vendorWithMfa } from "../support/portals";

type Headers = Record<string, string>;
type Json = Record<string, unknown>;
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let blobs: ReturnType<typeof blobRoutes>;
let world: Awaited<ReturnType<typeof portalWorld>>;
let ops: Headers;
let approver: Headers;
let vendor: Headers;
let rival: Headers;

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const DAY = 24 * 3600 * 1000;
const system = { type: "system", properties: { job: "test.fixture" } } as const;
const route = {
  type: "LineString",
  coordinates: [
    [3.4219, 6.4281],
    [3.4301, 6.4355],
    [3.4402, 6.4398],
  ],
};
const lines = [
  { description: "Trench and duct", quantity: "120.5", unit: "m", unitPriceMinor: 1999, taxRateBp: 750 },
  {
    description: "48F ADSS cable",
    cableType: "ADSS",
    fibreCount: 48,
    spliceCount: 12,
    quantity: "1",
    unit: "drum",
    unitPriceMinor: 25_000_00,
    taxRateBp: 750,
  },
];

async function call(method: string, path: string, headers: Headers, body?: unknown) {
  const res = await api.request(path, {
    method,
    headers: { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, type: res.headers.get("content-type") };
}

async function staff(email: string): Promise<Headers> {
  await Auth.createUser({ email, password: PASSWORD, displayName: email.split("@")[0] as string, roles: ["admin"] });
  return { authorization: `Bearer ${(await passwordSignIn({ email, password: PASSWORD })).accessToken}` };
}

/** A project (another domain's verb) and its installation side, open for bidding. */
async function openProject(name: string, days = 8) {
  const project = await withActor(system, () => Project.create({ projectType: "fiber_optics_installation", name }));
  const ip = await call("POST", "/api/v1/installation-projects", ops, { projectId: project.id, region: "Lekki" });
  expect(ip.status, JSON.stringify(ip.body)).toBe(201);
  const opened = await call("POST", `/api/v1/installation-projects/${ip.body.id}/open-bidding`, ops, {
    closesAt: new Date(Date.now() + days * DAY).toISOString(),
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  return { project, ip: opened.body as Json & { id: string; number: string } };
}

async function upload(as: Headers, projectId: string, name: string, bytes: Buffer, contentType = "image/png") {
  const slot = await call("POST", `/api/v1/vendor/projects/${projectId}/as-built-slots`, as, {
    filename: name,
    contentType,
    size: bytes.length,
  });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  expect((await blobs.request(slot.body.url, { method: "POST", body: form })).status).toBeLessThan(300);
  return slot.body.uploadId as string;
}

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  const store = useLocalBlobStore();
  if (!store) throw new Error("the tests run on the local blob store");
  blobs = blobRoutes(store, useConfig().UPLOAD_MAX_BYTES);
  world = await portalWorld("VP");
  ops = await staff("vp-ops@example.com");
  approver = await staff("vp-approver@example.com");
  vendor = (await vendorWithMfa(api.request, world.accounts.vendorUser.email)).headers;
  rival = (await vendorWithMfa(api.request, world.accounts.otherVendorUser.email)).headers;
});
afterAll(() => t.close());

describe("a contractor's bid, from open project to approved quote", () => {
  it("opens 1:1 with a project and only for a window of at least 7 days", async () => {
    const project = await withActor(system, () => Project.create({ projectType: "cable_rerun", name: "Window" }));
    const ip = await call("POST", "/api/v1/installation-projects", ops, { projectId: project.id });
    expect(ip.status).toBe(201);
    expect(ip.body).toMatchObject({ status: "draft", currency: "NGN", title: "Window" });
    expect(ip.body.number).toMatch(/^IP-\d{4}-\d{5}$/);
    const again = await call("POST", "/api/v1/installation-projects", ops, { projectId: project.id });
    expect(again.status).toBe(409);
    const short = await call("POST", `/api/v1/installation-projects/${ip.body.id}/open-bidding`, ops, {
      closesAt: new Date(Date.now() + 6 * DAY).toISOString(),
    });
    expect(short.status).toBe(400);
    expect(short.type).toContain("problem+json");
    expect(short.body.errors[0]).toMatchObject({ path: "closesAt" });
    const missing = await call("POST", "/api/v1/installation-projects", ops, { projectId: crypto.randomUUID() });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe("projectId");
    // A vendor sees a draft as nothing at all.
    expect((await call("GET", `/api/v1/vendor/projects/${ip.body.id}`, vendor)).status).toBe(404);
  });

  it("vendors bid with exact lines and a drawn route; staff revise, compare and approve with a second approver", async () => {
    const { project, ip } = await openProject("Lekki phase 2");
    const available = await call("GET", "/api/v1/vendor/projects?scope=available", vendor);
    expect(available.body.items.map((p: Json) => p.id)).toContain(ip.id);
    expect(available.body.items.find((p: Json) => p.id === ip.id)).toMatchObject({ biddingOpen: true });

    // The route is checked: one point, or a latitude out of range, says what to fix.
    const onePoint = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines,
      route: { type: "LineString", coordinates: [[3.42, 6.43]] },
    });
    expect(onePoint.status).toBe(400);
    expect(onePoint.body.detail).toMatch(/at least 2 points/);
    const offMap = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines,
      route: {
        type: "LineString",
        coordinates: [
          [3.42, 6.43],
          [3.43, 95],
        ],
      },
    });
    expect(offMap.status).toBe(400);
    expect(offMap.body.errors[0].path).toBe("route.coordinates.1.1");
    const noRoute = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, { lines, submit: true });
    expect(noRoute.status).toBe(400);
    expect(noRoute.body.errors[0].path).toBe("route");
    const badQty = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines: [{ ...lines[0], quantity: "1.2345" }],
    });
    expect(badQty.status).toBe(400);

    const submitted = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines,
      route,
      notes: "Two crews, ten days",
      submit: true,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const q = submitted.body;
    // Every figure is platform/money's: the lines rounded once, the totals their sums.
    const first = Money.lineAmounts({ quantity: 120_500, unitPriceMinor: 1999, discountBp: 0, taxRateBp: 750 });
    const second = Money.lineAmounts({ quantity: 1000, unitPriceMinor: 25_000_00, discountBp: 0, taxRateBp: 750 });
    expect(q.current.lines[0]).toMatchObject({
      quantity: "120.5",
      subtotalMinor: first.netMinor,
      taxMinor: first.taxMinor,
    });
    expect(q.current.lines[1]).toMatchObject({ cableType: "ADSS", fibreCount: 48, spliceCount: 12 });
    expect(q.totalMinor).toBe(first.totalMinor + second.totalMinor);
    expect(q.subtotalMinor + q.taxMinor).toBe(q.totalMinor);
    expect(q).toMatchObject({ status: "submitted", version: 1, currency: "NGN", vendorName: "VP Vendor" });
    expect(q.current.route).toEqual(route);
    // A double submit changes nothing.
    const twice = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, { lines, route, submit: true });
    expect(twice.status).toBe(409);
    expect((await call("GET", `/api/v1/installation-projects/${ip.id}`, ops)).body.status).toBe("quoted");

    // A rival bids lower; staff compare both, lowest first.
    const rivalQuote = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, rival, {
      lines: [{ description: "All in", quantity: "1", unitPriceMinor: 10_000_00 }],
      route,
      submit: true,
    });
    expect(rivalQuote.status).toBe(200);
    const compare = await call("GET", `/api/v1/installation-projects/${ip.id}/quotes`, ops);
    expect(compare.body.items.map((x: Json) => x.id)).toEqual([rivalQuote.body.id, q.id]);
    expect(compare.body.items[1].current.lines).toHaveLength(2);

    // Staff ask for a revision; the vendor's next save is version 2, version 1 kept with the request.
    const revise = await call("POST", `/api/v1/vendor-quotes/${q.id}/request-revision`, ops, {
      note: "Split the cable line per drum",
    });
    expect(revise.status).toBe(200);
    expect(revise.body.status).toBe("revision_requested");
    const draft2 = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines: [...lines, { description: "Splice closure", quantity: "2", unitPriceMinor: 15_000_00, taxRateBp: 750 }],
      route: { type: "LineString", coordinates: [...route.coordinates, [3.45, 6.44]] },
    });
    expect(draft2.body).toMatchObject({ status: "revision_requested", version: 2 });
    const v2 = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines: [...lines, { description: "Splice closure", quantity: "2", unitPriceMinor: 15_000_00, taxRateBp: 750 }],
      route: { type: "LineString", coordinates: [...route.coordinates, [3.45, 6.44]] },
      submit: true,
    });
    expect(v2.body).toMatchObject({ status: "submitted", version: 2 });
    const detail = await call("GET", `/api/v1/vendor/quotes/${q.id}`, vendor);
    expect(detail.body.versions.map((v: Json) => v.version)).toEqual([2, 1]);
    expect(detail.body.versions[1]).toMatchObject({ revisionNote: "Split the cable line per drum" });
    expect(detail.body.versions[1].lines).toHaveLength(2);

    // Above the threshold: the first approval is recorded, the same person cannot be the second.
    expect(
      (await call("PUT", "/api/v1/installation-projects/settings", ops, { approvalThresholdMinor: 50_000_00 })).status,
    ).toBe(200);
    const firstApproval = await call("POST", `/api/v1/vendor-quotes/${q.id}/approve`, ops, {});
    expect(firstApproval.body).toMatchObject({ status: "submitted", needsSecondApproval: true });
    expect(firstApproval.body.firstApprovedByName).toBe("vp-ops");
    const same = await call("POST", `/api/v1/vendor-quotes/${q.id}/approve`, ops, {});
    expect(same.status).toBe(403);
    expect(same.body.detail).toMatch(/second, different approver/);
    const plan = [
      { title: "Lekki phase 2: trench and pull", scheduledStart: new Date(Date.now() + 2 * DAY).toISOString() },
    ];
    const approved = await call("POST", `/api/v1/vendor-quotes/${q.id}/approve`, approver, { workOrders: plan });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", decidedByName: "vp-approver" });
    expect(approved.body.workOrderIds).toHaveLength(1);
    // Approving again creates nothing twice.
    const again = await call("POST", `/api/v1/vendor-quotes/${q.id}/approve`, approver, { workOrders: plan });
    expect(again.status).toBe(200);
    const jobs = await useTransaction((tx) =>
      tx.select().from(workOrderTable).where(eq(workOrderTable.projectId, project.id)),
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ vendorOrganizationId: world.orgs.vendor.id, workType: "install" });
    // The rival's quote is turned down; one approved quote per project.
    const rivalAfter = await call("GET", `/api/v1/vendor/quotes/${rivalQuote.body.id}`, rival);
    expect(rivalAfter.body).toMatchObject({ status: "rejected" });
    const late = await call("POST", `/api/v1/vendor-quotes/${rivalQuote.body.id}/approve`, approver, {});
    expect(late.status).toBe(409);
    const ipAfter = await call("GET", `/api/v1/vendor/projects/${ip.id}`, vendor);
    expect(ipAfter.body).toMatchObject({ status: "approved", vendorOrganizationId: world.orgs.vendor.id });
    // The rival still sees the project it bid on, but not who won it.
    const rivalView = await call("GET", `/api/v1/vendor/projects/${ip.id}`, rival);
    expect(rivalView.body).toMatchObject({ status: "approved", vendorOrganizationId: null, vendorName: null });
  });

  it("a direct assignment takes one vendor's quote only; below the threshold one approval decides", async () => {
    const project = await withActor(system, () => Project.create({ projectType: "cross_connect", name: "Direct" }));
    const ip = (await call("POST", "/api/v1/installation-projects", ops, { projectId: project.id })).body;
    const notVendor = await call("POST", `/api/v1/installation-projects/${ip.id}/assign`, ops, {
      vendorOrganizationId: world.orgs.resellerA.id,
    });
    expect(notVendor.status).toBe(400);
    const assigned = await call("POST", `/api/v1/installation-projects/${ip.id}/assign`, ops, {
      vendorOrganizationId: world.orgs.vendor.id,
    });
    expect(assigned.body.status).toBe("assigned");
    expect((await call("GET", `/api/v1/vendor/projects/${ip.id}`, rival)).status).toBe(404);
    const quote = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines: [{ description: "Patch", quantity: "1", unitPriceMinor: 100_00 }],
      route,
      submit: true,
    });
    expect(quote.status).toBe(200);
    const ok = await call("POST", `/api/v1/vendor-quotes/${quote.body.id}/approve`, ops, {});
    expect(ok.body).toMatchObject({ status: "approved", needsSecondApproval: false, firstApprovedById: null });
  });
});

describe("as-built, report and invoice", () => {
  it("the vendor reports the build with a file; staff reject, then accept and download the PDF report", async () => {
    const { ip } = await openProject("As-built street");
    const quote = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines: [{ description: "Build", quantity: "1", unitPriceMinor: 400_00 }],
      route,
      submit: true,
    });
    await call("POST", `/api/v1/vendor-quotes/${quote.body.id}/approve`, ops, {});
    // Before work starts nobody else may start it, and a project not won takes no as-built.
    expect((await call("POST", `/api/v1/vendor/projects/${ip.id}/start`, rival)).status).toBe(404);
    expect((await call("POST", `/api/v1/vendor/projects/${ip.id}/start`, vendor)).body.status).toBe("in_progress");

    const photo = await upload(vendor, ip.id, "splice.png", PNG);
    const fake = await upload(vendor, ip.id, "fake.png", Buffer.from("<!doctype html><p>no</p>"));
    const refused = await call("POST", `/api/v1/vendor/projects/${ip.id}/as-builts`, vendor, { uploadIds: [fake] });
    expect(refused.status).toBe(415);
    const body = {
      variations: [
        { type: "route_deviation", description: "Avoided the new culvert", amountMinor: 50_00 },
        { type: "reduction", description: "Shorter drop", amountMinor: -20_00 },
      ],
      route,
      notes: "Built and tested",
      uploadIds: [photo],
    };
    const first = await call("POST", `/api/v1/vendor/projects/${ip.id}/as-builts`, vendor, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ version: 1, status: "submitted", hasReport: false });
    expect(first.body.files).toEqual([expect.objectContaining({ uploadId: photo, contentType: "image/png" })]);
    const twice = await call("POST", `/api/v1/vendor/projects/${ip.id}/as-builts`, vendor, { ...body, uploadIds: [] });
    expect(twice.status).toBe(409);

    const noReason = await call("POST", `/api/v1/as-builts/${first.body.id}/review`, ops, { decision: "reject" });
    expect(noReason.status).toBe(400);
    const rejected = await call("POST", `/api/v1/as-builts/${first.body.id}/review`, ops, {
      decision: "reject",
      reason: "Add the OTDR trace",
    });
    expect(rejected.body).toMatchObject({ status: "rejected", reviewReason: "Add the OTDR trace" });
    const trace = await upload(vendor, ip.id, "otdr.png", PNG);
    // A file already in version 1 cannot be reused by reference.
    const reused = await call("POST", `/api/v1/vendor/projects/${ip.id}/as-builts`, vendor, {
      ...body,
      uploadIds: [photo],
    });
    expect(reused.status).toBe(400);
    // Built longer than proposed: one more point east; the review shows both routes and the difference.
    const built = { type: "LineString", coordinates: [...route.coordinates, [3.4502, 6.4398]] };
    const second = await call("POST", `/api/v1/vendor/projects/${ip.id}/as-builts`, vendor, {
      ...body,
      route: built,
      uploadIds: [trace],
    });
    expect(second.body.version).toBe(2);
    const review = (await call("GET", `/api/v1/installation-projects/${ip.id}/as-builts`, ops)).body.items[0];
    expect(review.proposed).toMatchObject({ quoteNumber: quote.body.number, version: 1, route });
    expect(review.proposed.lengthMetres).toBe(Contract.lengthMetres(route as never));
    expect(review.lengthMetres).toBe(Contract.lengthMetres(built as never));
    // 0.01° of longitude at 6.44° N is about 1,106 m on the ellipsoid.
    expect(review.lengthDifferenceMetres).toBe(review.lengthMetres - review.proposed.lengthMetres);
    expect(review.lengthDifferenceMetres).toBeGreaterThan(1100);
    expect(review.lengthDifferenceMetres).toBeLessThan(1112);
    const accepted = await call("POST", `/api/v1/as-builts/${second.body.id}/review`, ops, { decision: "accept" });
    expect(accepted.body).toMatchObject({ status: "accepted", hasReport: true });
    expect((await call("GET", `/api/v1/installation-projects/${ip.id}`, ops)).body.status).toBe("verified");

    const link = await call("GET", `/api/v1/vendor/as-builts/${second.body.id}/report`, vendor);
    expect(link.status).toBe(200);
    const pdf = await blobs.request(
      new URL(link.body.url, "http://localhost").pathname + new URL(link.body.url, "http://localhost").search,
    );
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const fileLink = await call("GET", `/api/v1/as-builts/${second.body.id}/files/${trace}`, ops);
    expect(fileLink.status).toBe(200);
    // Only ids: a file of another as-built under this one is not found; the report of a rejected one does not exist.
    expect((await call("GET", `/api/v1/as-builts/${second.body.id}/files/${photo}`, ops)).status).toBe(404);
    expect((await call("GET", `/api/v1/as-builts/${first.body.id}/report`, ops)).status).toBe(409);
  });

  it("purchase invoices: lines with tax, submitted once, sent back, resubmitted and approved", async () => {
    const { ip } = await openProject("Invoice lane");
    const quote = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines: [{ description: "Build", quantity: "1", unitPriceMinor: 400_00 }],
      route,
      submit: true,
    });
    const early = await call("PUT", `/api/v1/vendor/projects/${ip.id}/invoice`, vendor, {
      lines: [{ description: "Build", quantity: "1", unitPriceMinor: 400_00 }],
    });
    // Not awarded yet: nothing to invoice.
    expect(early.status).toBe(403);
    await call("POST", `/api/v1/vendor-quotes/${quote.body.id}/approve`, ops, {});
    const invoiceLines = [
      { description: "Build", quantity: "1", unitPriceMinor: 400_00, taxRateBp: 750 },
      { description: "Extra duct", quantity: "3.333", unit: "m", unitPriceMinor: 333, taxRateBp: 750 },
    ];
    const sent = await call("PUT", `/api/v1/vendor/projects/${ip.id}/invoice`, vendor, {
      lines: invoiceLines,
      vendorReference: "INV-77",
      submit: true,
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.number).toMatch(/^PINV-\d{4}-\d{5}$/);
    expect(sent.body.lines[1]).toMatchObject({ quantity: "3.333", subtotalMinor: 1110, taxMinor: 83 });
    expect(sent.body.totalMinor).toBe(sent.body.lines.reduce((s: number, l: Json) => s + (l.totalMinor as number), 0));
    const locked = await call("PUT", `/api/v1/vendor/projects/${ip.id}/invoice`, vendor, { lines: invoiceLines });
    expect(locked.status).toBe(409);
    const back = await call("POST", `/api/v1/vendor-invoices/${sent.body.id}/decide`, ops, {
      decision: "revision_requested",
      reason: "Attach the duct measure",
    });
    expect(back.body.status).toBe("revision_requested");
    const resent = await call("PUT", `/api/v1/vendor/projects/${ip.id}/invoice`, vendor, {
      lines: invoiceLines.slice(0, 1),
      submit: true,
    });
    expect(resent.body).toMatchObject({ id: sent.body.id, status: "submitted" });
    const approved = await call("POST", `/api/v1/vendor-invoices/${sent.body.id}/decide`, ops, {
      decision: "approved",
    });
    expect(approved.body).toMatchObject({ status: "approved", decidedByName: "vp-ops" });
    const mine = await call("GET", "/api/v1/vendor/invoices", vendor);
    expect(mine.body.items.map((i: Json) => i.id)).toContain(sent.body.id);
    expect((await call("GET", "/api/v1/vendor/invoices", rival)).body.items).toEqual([]);
  });
});

describe("contractor invoices across projects", () => {
  it("staff filter, total exactly, approve and mark paid; illegal moves are 409s with audit rows for the rest", async () => {
    const invoices: Json[] = [];
    for (const [name, price] of [
      ["Paid lane A", 1_000_05],
      ["Paid lane B", 333_33],
    ] as const) {
      const { ip } = await openProject(name);
      const quote = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
        lines: [{ description: "Build", quantity: "1", unitPriceMinor: price }],
        route,
        submit: true,
      });
      await call("POST", `/api/v1/vendor-quotes/${quote.body.id}/approve`, approver, {});
      const sent = await call("PUT", `/api/v1/vendor/projects/${ip.id}/invoice`, vendor, {
        lines: [{ description: "Build", quantity: "1.5", unitPriceMinor: price, taxRateBp: 750 }],
        submit: true,
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      invoices.push(sent.body);
    }
    const [a, b] = invoices as [Json & { id: string }, Json & { id: string }];
    const submitted = await call(
      "GET",
      `/api/v1/vendor-invoices?status=submitted&vendorOrganizationId=${world.orgs.vendor.id}`,
      ops,
    );
    expect(submitted.status).toBe(200);
    const ids = submitted.body.items.map((i: Json) => i.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(submitted.body.items[0].projectName).toMatch(/^IP-\d{4}-\d{5} · /);
    // Totals cover every match, summed exactly: the sum of the listed invoices' rounded figures.
    const ngn = submitted.body.totals.find((t: Json) => t.currency === "NGN");
    const listed = submitted.body.items as Json[];
    expect(ngn).toMatchObject({
      count: listed.length,
      taxMinor: listed.reduce((s, i) => s + (i.taxMinor as number), 0),
      totalMinor: listed.reduce((s, i) => s + (i.totalMinor as number), 0),
    });
    expect(ngn.subtotalMinor + ngn.taxMinor).toBe(ngn.totalMinor);
    const oneProject = await call(
      "GET",
      `/api/v1/vendor-invoices?installationProjectId=${a.installationProjectId}`,
      ops,
    );
    expect(oneProject.body.items.map((i: Json) => i.id)).toEqual([a.id]);
    expect((await call("GET", "/api/v1/vendor-invoices?status=nope", ops)).status).toBe(400);

    // Paying before approval is illegal: 409 problem+json naming the status.
    const early = await call("POST", `/api/v1/vendor-invoices/${a.id}/mark-paid`, ops, {});
    expect(early.status).toBe(409);
    expect(early.type).toContain("problem+json");
    expect(early.body.detail).toMatch(/is submitted: only an approved invoice is paid/);
    await call("POST", `/api/v1/vendor-invoices/${a.id}/decide`, ops, { decision: "approved" });
    const paid = await call("POST", `/api/v1/vendor-invoices/${a.id}/mark-paid`, ops, { paymentReference: "TRF-0091" });
    expect(paid.body).toMatchObject({ status: "paid", paymentReference: "TRF-0091", paidByName: "vp-ops" });
    // Paying twice changes nothing; deciding a paid invoice is a 409; a vendor token is refused on staff paths.
    const twice = await call("POST", `/api/v1/vendor-invoices/${a.id}/mark-paid`, ops, { paymentReference: "X" });
    expect(twice.body).toMatchObject({ status: "paid", paymentReference: "TRF-0091", paidAt: paid.body.paidAt });
    expect(
      (await call("POST", `/api/v1/vendor-invoices/${a.id}/decide`, ops, { decision: "rejected", reason: "x" })).status,
    ).toBe(409);
    expect((await call("POST", `/api/v1/vendor-invoices/${b.id}/mark-paid`, vendor, {})).status).toBe(401);
    const audit = await useTransaction((tx) =>
      tx.select().from(auditEventTable).where(eq(auditEventTable.entityId, a.id)),
    );
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(["contract.invoice_submitted", "contract.invoice_decided", "contract.invoice_paid"]),
    );
    expect(audit.filter((r) => r.action === "contract.invoice_paid")).toHaveLength(1);
    // The vendor sees its invoice paid.
    expect((await call("GET", `/api/v1/vendor/invoices/${a.id}`, vendor)).body.status).toBe("paid");

    const csv = await api.request(`/api/v1/vendor-invoices/export.csv?vendorOrganizationId=${world.orgs.vendor.id}`, {
      headers: ops,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe(
      "number,project,vendor,vendor_reference,status,currency,subtotal,tax,total,submitted_at,decided_at,paid_at,payment_reference",
    );
    expect(text).toContain(`${a.number},`);
    expect(text).toContain(",paid,NGN,1500.08,112.51,1612.59,");
  });
});

describe("notifications on contract events", () => {
  it("bids tell the owner and approvers; decisions and reviews tell the vendor's users, once per event", async () => {
    const { ip } = await openProject("Notified lane");
    const submitted = await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines: [{ description: "Build", quantity: "1", unitPriceMinor: 100_00 }],
      route,
      submit: true,
    });
    await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, rival, {
      lines: [{ description: "Build", quantity: "1", unitPriceMinor: 200_00 }],
      route,
      submit: true,
    });
    const staffInbox = async (who: Headers) =>
      ((await call("GET", "/api/v1/notifications", who)).body.items as Json[]).filter(
        (n) => n.link === `/installation-projects/${ip.id}`,
      );
    await expect.poll(async () => (await staffInbox(approver)).length).toBe(2);
    expect((await staffInbox(approver))[1]).toMatchObject({
      kind: "contract_quote_submitted",
      title: `VP Vendor submitted a bid on ${ip.number}`,
    });
    // The owner (who opened the project) is told too, by email as well.
    expect((await staffInbox(ops)).length).toBe(2);
    const mails = await useTransaction((tx) =>
      tx
        .select()
        .from(emailDeliveryTable)
        .where(
          and(
            eq(emailDeliveryTable.to, "vp-ops@example.com"),
            eq(emailDeliveryTable.template, "contract_quote_submitted"),
          ),
        ),
    );
    expect(mails.length).toBeGreaterThanOrEqual(2);

    await call("POST", `/api/v1/vendor-quotes/${submitted.body.id}/request-revision`, ops, { note: "Add the splices" });
    const vendorInbox = async (who: Headers) =>
      ((await call("GET", "/api/v1/vendor/notifications", who)).body.items as Json[]).filter(
        (n) => n.link === `/vendor/projects/${ip.id}`,
      );
    await expect
      .poll(async () => (await vendorInbox(vendor)).map((n) => n.kind))
      .toEqual(["contract_revision_requested"]);
    expect((await vendorInbox(vendor))[0]).toMatchObject({ body: "Add the splices" });
    await call("PUT", `/api/v1/vendor/projects/${ip.id}/quote`, vendor, {
      lines: [{ description: "Build", quantity: "1", unitPriceMinor: 100_00 }],
      route,
      submit: true,
    });
    await call("POST", `/api/v1/vendor-quotes/${submitted.body.id}/approve`, ops, {});
    await expect
      .poll(async () => (await vendorInbox(vendor)).map((n) => n.kind))
      .toEqual(["contract_quote_approved", "contract_revision_requested"]);
    // The rival's bid was turned down by the approval: its users hear it, and nothing of the winner's.
    await expect.poll(async () => (await vendorInbox(rival)).map((n) => n.kind)).toEqual(["contract_quote_rejected"]);
    expect((await vendorInbox(rival))[0]?.body).toMatch(/Another quote/);

    // A redelivered event notifies nobody twice.
    const rows = async () =>
      useTransaction((tx) =>
        tx.select().from(notificationTable).where(eq(notificationTable.kind, "contract_quote_approved")),
      );
    const before = (await rows()).length;
    const eventId = crypto.randomUUID();
    const payload = { quoteId: submitted.body.id, installationProjectId: ip.id, decision: "approved" as const };
    const notifier = subscribers.find((x) => x.name === "notification.contract-quote-decided");
    await withActor(system, () => notifier?.handle(eventId, payload));
    await withActor(system, () => notifier?.handle(eventId, payload));
    expect((await rows()).length).toBe(before + 1);

    await call("POST", `/api/v1/vendor/projects/${ip.id}/start`, vendor);
    const asBuilt = await call("POST", `/api/v1/vendor/projects/${ip.id}/as-builts`, vendor, { route });
    await call("POST", `/api/v1/as-builts/${asBuilt.body.id}/review`, ops, { decision: "reject", reason: "No photos" });
    await expect.poll(async () => (await vendorInbox(vendor)).map((n) => n.kind)[0]).toBe("contract_as_built_rejected");
    const read = await call("POST", `/api/v1/vendor/notifications/${(await vendorInbox(vendor))[0]?.id}/read`, vendor);
    expect(read.body.readAt).not.toBeNull();
  });
});
