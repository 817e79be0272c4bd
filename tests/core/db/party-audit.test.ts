import * as Audit from "@dotmac/core/audit/log";
import * as Organization from "@dotmac/core/organization";
import * as Person from "@dotmac/core/person";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction } from "@dotmac/core/platform/db";
import type { AppError } from "@dotmac/core/platform/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await setupTestDatabase();
});
afterAll(() => t.close());

const staff = staffActor({ id: "0190c000-0000-7000-8000-0000000000a1", email: "ops@isp.test", roles: ["admin"] });
// async, so input a verb refuses synchronously arrives as a rejection like any other failure.
const asStaff = <T>(work: () => Promise<T>) => withActor(staff, async () => work());

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the call to fail");
}

/** The audit rows about one entity, oldest first. */
async function trail(entityId: string) {
  const { items } = await asStaff(() => Audit.list({ entityId, limit: 200 }));
  return items.reverse();
}

const actionsOf = async (entityId: string) => (await trail(entityId)).map((e) => e.action);

describe(`party audit trail on ${dbKind}`, () => {
  it("create organisation → rename and move it → one row each, changed fields only, by the staff user", async () => {
    const parent = await asStaff(() => Organization.create({ name: "FibreLink Resellers", accountType: "reseller" }));
    const estate = await asStaff(() => Organization.create({ name: "Lekki Estate", accountType: "customer" }));
    await asStaff(() => Organization.update({ id: estate.id, name: "Lekki Gardens", parentId: parent.id }));
    // Nothing differs: no mutation worth a row.
    await asStaff(() => Organization.update({ id: estate.id, name: "Lekki Gardens", status: "active" }));

    const rows = await trail(estate.id);
    expect(rows.map((e) => e.action)).toEqual(["organization.created", "organization.updated"]);
    expect(rows[0]).toMatchObject({
      entityType: "organization",
      actor: { type: "user", id: staff.properties.userId, label: "ops@isp.test" },
      changes: { name: { to: "Lekki Estate" }, accountType: { to: "customer" }, status: { to: "active" } },
    });
    expect(rows[1]?.changes).toEqual({
      name: { from: "Lekki Estate", to: "Lekki Gardens" },
      parentId: { from: null, to: parent.id },
    });
  });

  it("a refused move leaves the organisation's trail as it was", async () => {
    const a = await asStaff(() => Organization.create({ name: "A", accountType: "customer" }));
    const b = await asStaff(() => Organization.create({ name: "B", accountType: "customer", parentId: a.id }));
    const cycle = await failure(asStaff(() => Organization.update({ id: a.id, name: "A2", parentId: b.id })));
    expect(cycle.code).toBe("precondition_failed");
    expect(await actionsOf(a.id)).toEqual(["organization.created"]);
  });

  it("create person → update → add channel → change status → remove: one row per verb with what changed", async () => {
    const ada = await asStaff(() =>
      Person.create({ firstName: "Ada", lastName: "Obi", email: "Ada@Example.com", phone: "+234 803 000 0001" }),
    );
    await asStaff(() => Person.update({ id: ada.id, lastName: "Okafor", firstName: "Ada", locale: "en-NG" }));
    await asStaff(() =>
      Person.addChannel({ personId: ada.id, channel: { kind: "whatsapp", value: "+234 803 000 0002" } }),
    );
    await asStaff(() => Person.changeStatus({ personId: ada.id, to: "contact", reason: "replied to campaign" }));
    await asStaff(() => Person.changeStatus({ personId: ada.id, to: "contact" })); // already there: a no-op
    await asStaff(() => Person.remove(ada.id));

    const rows = await trail(ada.id);
    expect(rows.map((e) => e.action)).toEqual([
      "person.created",
      "person.updated",
      "person.channel_added",
      "person.status_changed",
      "person.removed",
    ]);
    expect(rows.every((e) => e.entityType === "person" && e.actor.id === staff.properties.userId)).toBe(true);
    const [created, updated, channel, status, removed] = rows;
    expect(created?.changes).toMatchObject({
      firstName: { to: "Ada" },
      lastName: { to: "Obi" },
      displayName: { to: "Ada Obi" },
      email: { to: "ada@example.com" },
      partyStatus: { to: "lead" },
      channels: {
        to: [
          { kind: "email", value: "ada@example.com", isPrimary: true },
          { kind: "phone", value: "+2348030000001", isPrimary: true },
        ],
      },
    });
    expect(updated?.changes).toEqual({ lastName: { from: "Obi", to: "Okafor" }, locale: { from: null, to: "en-NG" } });
    expect(channel?.changes).toMatchObject({ kind: { to: "whatsapp" }, value: { to: "+2348030000002" } });
    expect(status?.changes).toEqual({
      partyStatus: { from: "lead", to: "contact" },
      reason: { to: "replied to campaign" },
    });
    expect(removed?.changes).toEqual({ deletedAt: { from: null, to: expect.any(String) } });
  });

  it("making a value the person already has primary is audited as a change of primary", async () => {
    const p = await asStaff(() => Person.create({ displayName: "Chidi", phone: "+234 803 000 0010" }));
    await asStaff(() => Person.addChannel({ personId: p.id, channel: { kind: "phone", value: "+234 803 000 0011" } }));
    await asStaff(() =>
      Person.addChannel({ personId: p.id, channel: { kind: "phone", value: "+234 803 000 0011", isPrimary: true } }),
    );
    // Adding it again changes nothing and writes nothing.
    await asStaff(() => Person.addChannel({ personId: p.id, channel: { kind: "phone", value: "+234 803 000 0011" } }));

    const rows = await trail(p.id);
    expect(rows.map((e) => e.action)).toEqual(["person.created", "person.channel_added", "person.updated"]);
    expect(rows[2]?.changes).toEqual({ "primary.phone": { from: "+2348030000010", to: "+2348030000011" } });
  });

  it("merge records one row on the surviving person with both ids and the blanks it filled", async () => {
    const source = await asStaff(() =>
      Person.create({ firstName: "Bola", email: "bola@example.com", phone: "+234 803 000 0020" }),
    );
    const target = await asStaff(() => Person.create({ firstName: "Bola", lastName: "Ade" }));
    await asStaff(() => Person.merge({ sourceId: source.id, targetId: target.id }));

    const rows = await trail(target.id);
    expect(rows.map((e) => e.action)).toEqual(["person.created", "person.merged"]);
    expect(rows[1]?.changes).toEqual({
      sourceId: { to: source.id },
      targetId: { to: target.id },
      email: { from: null, to: "bola@example.com" },
      phone: { from: null, to: "+2348030000020" },
    });
    expect(await actionsOf(source.id)).toEqual(["person.created"]);
  });

  it("a mutation that fails after its insert, or whose transaction rolls back, leaves no audit row", async () => {
    const owner = await asStaff(() => Person.create({ displayName: "Owner", phone: "+234 803 000 0030" }));
    const before = (await asStaff(() => Audit.list({ action: "person.created", limit: 200 }))).items.length;

    // The person row is inserted, then its channel conflicts: the whole create rolls back.
    const conflict = await failure(
      asStaff(() =>
        Person.create({ displayName: "Copycat", channels: [{ kind: "phone", value: "+234 803 000 0030" }] }),
      ),
    );
    expect(conflict.code).toBe("conflict");
    expect((await asStaff(() => Audit.list({ action: "person.created", limit: 200 }))).items).toHaveLength(before);

    const refused = await failure(asStaff(() => Person.changeStatus({ personId: owner.id, to: "subscriber" })));
    expect(refused.code).toBe("precondition_failed");

    await expect(
      asStaff(() =>
        createTransaction(async () => {
          await Person.update({ id: owner.id, displayName: "Renamed" });
          await Person.addChannel({ personId: owner.id, channel: { kind: "email", value: "owner@example.com" } });
          throw new Error("something later in the same change failed");
        }),
      ),
    ).rejects.toThrow("something later");

    expect(await actionsOf(owner.id)).toEqual(["person.created"]);
    expect((await asStaff(() => Person.fromID(owner.id)))?.displayName).toBe("Owner");
  });
});
