import * as Auth from "@dotmac/core/auth";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import * as WorkOrder from "@dotmac/core/workorder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { newAccount, PASSWORD, portalWorld } from "../support/portals";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof portalWorld>>;
let dispatcher: Actor;
let techA: Actor;
let techB: Actor;
let crew: Actor;
let otherCrew: Actor;
let techAId: string;

const vendorActor = (u: { id: string; email: string; organizationId: string | null }): Actor => ({
  type: "user",
  properties: {
    userId: u.id,
    email: u.email,
    portal: "vendor",
    roles: [],
    permissions: [],
    organizationId: u.organizationId,
  },
});
const tech = (u: { id: string; email: string }) =>
  staffActor(u, {
    roles: ["field_technician"],
    permissions: ["field:job:read", "field:job:transition", "field:note:create", "field:attachment:create"],
  });

beforeAll(async () => {
  t = await setupTestDatabase();
  world = await portalWorld("WOS");
  const user = (email: string, roles: string[]) =>
    Auth.createUser({ email, password: PASSWORD, displayName: email, roles });
  const d = await user("wos-dispatch@example.com", ["dispatcher"]);
  dispatcher = staffActor(d, {
    roles: ["dispatcher"],
    permissions: [
      "operations:work_order:read",
      "operations:work_order:create",
      "operations:work_order:update",
      "operations:work_order:dispatch",
    ],
  });
  const a = await user("wos-tech-a@example.com", ["field_technician"]);
  const b = await user("wos-tech-b@example.com", ["field_technician"]);
  techAId = a.id;
  techA = tech(a);
  techB = tech(b);
  crew = vendorActor({ ...world.accounts.vendorUser, organizationId: world.orgs.vendor.id });
  otherCrew = vendorActor({ ...world.accounts.otherVendorUser, organizationId: world.orgs.otherVendor.id });
});
afterAll(() => t.close());

const start = (id: string, clientEventId: string) =>
  WorkOrder.fieldEvent({ id, clientEventId, event: "start", occurredAt: new Date().toISOString() });

describe("work orders: only a job's own people act on it", () => {
  it("a technician cannot read, start or note another technician's job; it is not_found as a missing one", async () => {
    const job = await withActor(dispatcher, () =>
      WorkOrder.create({
        title: "A's job",
        scheduledStart: new Date(Date.now() - 3600_000).toISOString(),
        assignees: [{ userId: techAId, isPrimary: true }],
      }),
    );
    await withActor(techB, async () => {
      await expect(WorkOrder.get(job.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(start(job.id, "b1")).rejects.toMatchObject({ code: "not_found" });
      await expect(WorkOrder.addNote({ id: job.id, body: "mine" })).rejects.toMatchObject({ code: "not_found" });
      await expect(
        WorkOrder.createSlot({ id: job.id, filename: "x.png", contentType: "image/png", size: 10 }),
      ).rejects.toMatchObject({ code: "not_found" });
      expect((await WorkOrder.list({})).items.map((i) => i.id)).not.toContain(job.id);
      await expect(WorkOrder.update({ id: job.id, title: "taken" })).rejects.toMatchObject({ code: "forbidden" });
      await expect(WorkOrder.setAssignees({ id: job.id, assignees: [] })).rejects.toMatchObject({ code: "forbidden" });
    });
    const ok = await withActor(techA, () => start(job.id, "a1"));
    expect(ok.workOrder.status).toBe("in_progress");
  });

  it("a vendor crew acts only on its own organisation's jobs it is assigned to", async () => {
    const crewId = world.accounts.vendorUser.id;
    const own = await withActor(dispatcher, () =>
      WorkOrder.create({
        title: "Vendor job",
        status: "scheduled",
        vendorOrganizationId: world.orgs.vendor.id,
        assignees: [{ userId: crewId, isPrimary: true }],
      }),
    );
    // The other vendor's crew cannot be put on it, and sees nothing of it.
    await expect(
      withActor(dispatcher, () =>
        WorkOrder.setAssignees({
          id: own.id,
          assignees: [{ userId: world.accounts.otherVendorUser.id, isPrimary: true }],
        }),
      ),
    ).rejects.toMatchObject({ code: "validation" });
    await withActor(otherCrew, async () => {
      await expect(WorkOrder.get(own.id)).rejects.toMatchObject({ code: "not_found" });
      await expect(start(own.id, "o1")).rejects.toMatchObject({ code: "not_found" });
      expect((await WorkOrder.list({})).items).toEqual([]);
    });
    // A staff job the crew is not on is out of reach too, and the crew's notes are never internal.
    const staffJob = await withActor(dispatcher, () => WorkOrder.create({ title: "Staff job", status: "scheduled" }));
    await withActor(crew, async () => {
      await expect(WorkOrder.get(staffJob.id)).rejects.toMatchObject({ code: "not_found" });
      expect((await start(own.id, "c1")).workOrder.status).toBe("in_progress");
      expect((await WorkOrder.addNote({ id: own.id, body: "on site", internal: true })).internal).toBe(false);
      expect((await WorkOrder.list({})).items.map((i) => i.id)).toEqual([own.id]);
    });
    await withActor(dispatcher, () => WorkOrder.addNote({ id: own.id, body: "internal margin note", internal: true }));
    const seen = await withActor(crew, () => WorkOrder.get(own.id));
    expect(seen.notes.map((n) => n.body)).toEqual(["on site"]);
  });

  it("a vendor account without an organisation reaches nothing", async () => {
    const loose = await newAccount({ portal: "vendor", email: "wos-loose@example.com", displayName: "Loose" });
    await withActor(vendorActor({ id: loose.id, email: loose.email, organizationId: null }), async () => {
      expect((await WorkOrder.list({})).items).toEqual([]);
    });
  });
});
