import * as Organization from "@dotmac/core/organization";
import * as Person from "@dotmac/core/person";
import { personChannelTable, personMergeLogTable, personTable } from "@dotmac/core/person/person.sql";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import type { AppError } from "@dotmac/core/platform/errors";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import * as Subscriber from "@dotmac/core/subscriber";
import { subscriberTable } from "@dotmac/core/subscriber/subscriber.sql";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await setupTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await useTransaction((tx) =>
    tx.execute(
      sql`truncate person_merge_log, person_status_log, person_channel, subscriber, person, organization, outbox_event cascade`,
    ),
  );
});

const staff = staffActor({ id: "0190c000-0000-7000-8000-000000000001", email: "ops@isp.test", roles: ["admin"] });
// async, so input a verb refuses synchronously arrives as a rejection like any other failure.
const asStaff = <T>(work: () => Promise<T>) => withActor(staff, async () => work());

/** The AppError a rejected call threw, so a test can assert on its code and message. */
async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the call to fail");
}

const outboxTypes = async () =>
  (await useTransaction((tx) => tx.select({ type: outboxTable.type }).from(outboxTable))).map((r) => r.type);

async function subscriber(number: string) {
  const [row] = await useTransaction((tx) =>
    tx
      .insert(subscriberTable)
      .values({
        externalSystem: "billing",
        externalId: `bill-${number}`,
        subscriberNumber: number,
        status: "active",
        sourceUpdatedAt: new Date(),
      })
      .returning(),
  );
  return row as typeof subscriberTable.$inferSelect;
}

describe(`organisations on ${dbKind}`, () => {
  it("a reseller builds a tree of customer organisations and reads its descendants", async () => {
    const reseller = await asStaff(() => Organization.create({ name: "FibreLink Resellers", accountType: "reseller" }));
    const estate = await asStaff(() =>
      Organization.create({ name: "Lekki Estate", accountType: "customer", parentId: reseller.id }),
    );
    const block = await asStaff(() =>
      Organization.create({ name: "Block C", accountType: "customer", parentId: estate.id }),
    );
    const other = await asStaff(() => Organization.create({ name: "Other ISP", accountType: "partner" }));

    const tree = await Organization.descendants(reseller.id);
    expect(tree.map((o) => [o.name, o.depth])).toEqual([
      ["FibreLink Resellers", 0],
      ["Lekki Estate", 1],
      ["Block C", 2],
    ]);
    expect(tree.map((o) => o.id)).not.toContain(other.id);
    expect((await Organization.descendants(block.id)).map((o) => o.id)).toEqual([block.id]);

    expect((await asStaff(() => Organization.list({ accountType: "customer" }))).items.map((o) => o.name)).toEqual([
      "Block C",
      "Lekki Estate",
    ]);
    expect((await asStaff(() => Organization.list({ parentId: reseller.id }))).items.map((o) => o.id)).toEqual([
      estate.id,
    ]);
    expect((await asStaff(() => Organization.list({ parentId: null }))).items.map((o) => o.name)).toEqual([
      "FibreLink Resellers",
      "Other ISP",
    ]);
    expect(await asStaff(() => Organization.fromID(estate.id))).toMatchObject({
      name: "Lekki Estate",
      parentId: reseller.id,
    });
    expect(await outboxTypes()).toEqual(Array(4).fill("organization.created"));
  });

  it("refuses a parent that would make a cycle, and allows a legal move", async () => {
    const a = await asStaff(() => Organization.create({ name: "A", accountType: "reseller" }));
    const b = await asStaff(() => Organization.create({ name: "B", accountType: "customer", parentId: a.id }));
    const c = await asStaff(() => Organization.create({ name: "C", accountType: "customer", parentId: b.id }));

    const cycle = await failure(asStaff(() => Organization.update({ id: a.id, parentId: c.id })));
    expect(cycle.code).toBe("precondition_failed");
    expect(cycle.message).toContain("cycle");
    const self = await failure(asStaff(() => Organization.update({ id: a.id, parentId: a.id })));
    expect(self.code).toBe("precondition_failed");
    expect((await asStaff(() => Organization.fromID(a.id)))?.parentId).toBeNull();

    const moved = await asStaff(() => Organization.update({ id: c.id, parentId: a.id, name: "C moved" }));
    expect(moved).toMatchObject({ parentId: a.id, name: "C moved" });
    expect((await Organization.descendants(b.id)).map((o) => o.id)).toEqual([b.id]);
    const missing = await failure(
      asStaff(() =>
        Organization.create({ name: "X", accountType: "vendor", parentId: "0190c000-0000-7000-8000-0000000000ff" }),
      ),
    );
    expect(missing.code).toBe("not_found");
  });

  it("needs a staff user to change anything", async () => {
    const error = await failure(
      withActor({ type: "public", properties: {} }, () => Organization.create({ name: "A", accountType: "vendor" })),
    );
    expect(error.code).toBe("unauthenticated");
  });
});

describe(`people and channels on ${dbKind}`, () => {
  it("creates a person with channels; email and phone become primary channels in normal form", async () => {
    const org = await asStaff(() => Organization.create({ name: "Acme", accountType: "customer" }));
    const ada = await asStaff(() =>
      Person.create({
        firstName: "Ada",
        lastName: "Obi",
        email: "  Ada.Obi@Example.COM ",
        phone: "+234 (803) 000-0001",
        organizationId: org.id,
        timezone: "Africa/Lagos",
        channels: [
          { kind: "whatsapp", value: "2348030000001" },
          { kind: "messenger", value: "psid-1001" },
        ],
      }),
    );
    expect(ada).toMatchObject({
      displayName: "Ada Obi",
      email: "ada.obi@example.com",
      phone: "+2348030000001",
      partyStatus: "lead",
      organizationId: org.id,
    });
    expect(ada.channels.map((c) => [c.kind, c.value, c.isPrimary])).toEqual([
      ["email", "ada.obi@example.com", true],
      ["messenger", "psid-1001", true],
      ["phone", "+2348030000001", true],
      ["whatsapp", "+2348030000001", true],
    ]);
    expect(await asStaff(() => Person.fromID(ada.id))).toEqual(ada);
    expect((await asStaff(() => Person.list({ organizationId: org.id }))).items.map((p) => p.id)).toEqual([ada.id]);

    const second = await asStaff(() =>
      Person.addChannel({ personId: ada.id, channel: { kind: "email", value: "ada@work.example", isPrimary: true } }),
    );
    const channels = (await asStaff(() => Person.fromID(ada.id)))?.channels.filter((c) => c.kind === "email");
    expect(channels?.map((c) => [c.value, c.isPrimary])).toEqual([
      ["ada.obi@example.com", false],
      [second.value, true],
    ]);
    const types = await outboxTypes();
    expect(types.filter((x) => x === "person.channel_added")).toHaveLength(5);
    expect(types).toContain("person.created");
  });

  it("updating details keeps a new email and phone as primary channels and validates the time zone", async () => {
    const p = await asStaff(() => Person.create({ firstName: "Ada", email: "ada@old.example" }));
    const updated = await asStaff(() =>
      Person.update({
        id: p.id,
        lastName: "Obi",
        email: "ADA@new.example",
        phone: "+44 20 7946 0000",
        locale: "en-GB",
      }),
    );
    expect(updated).toMatchObject({
      lastName: "Obi",
      email: "ada@new.example",
      phone: "+442079460000",
      locale: "en-GB",
    });
    expect(updated.channels.map((c) => [c.kind, c.value, c.isPrimary])).toEqual([
      ["email", "ada@old.example", false],
      ["email", "ada@new.example", true],
      ["phone", "+442079460000", true],
    ]);
    const tz = await failure(asStaff(() => Person.update({ id: p.id, timezone: "Lagos" })));
    expect(tz.code).toBe("validation");
    expect(tz.message).toContain("IANA");
    expect(await outboxTypes()).toContain("person.updated");
  });

  it("a channel someone else owns is a conflict that names the owner", async () => {
    const ada = await asStaff(() =>
      Person.create({ displayName: "Ada Obi", channels: [{ kind: "phone", value: "+2348030000001" }] }),
    );
    const ben = await asStaff(() => Person.create({ displayName: "Ben Eze", email: "ben@example.com" }));

    const channel = await failure(
      asStaff(() => Person.addChannel({ personId: ben.id, channel: { kind: "phone", value: "0023480 3000 0001" } })),
    );
    expect(channel.code).toBe("conflict");
    expect(channel.message).toContain("Ada Obi");
    expect(channel.message).toContain(ada.id);

    const email = await failure(asStaff(() => Person.create({ displayName: "Imposter", email: "BEN@example.com" })));
    expect(email.code).toBe("conflict");
    expect(email.message).toContain(`Ben Eze (person ${ben.id})`);
    const onUpdate = await failure(asStaff(() => Person.update({ id: ada.id, email: "ben@example.com" })));
    expect(onUpdate.code).toBe("conflict");
    // Nothing of the refused create was kept.
    expect(await useTransaction((tx) => tx.select().from(personTable))).toHaveLength(2);

    // Adding a channel the person already has is a no-op, not a conflict.
    const again = await asStaff(() =>
      Person.addChannel({ personId: ada.id, channel: { kind: "phone", value: "+234 803 000 0001" } }),
    );
    expect(again.value).toBe("+2348030000001");
  });

  it("finds the owner of a channel whatever form the inbound value takes", async () => {
    const ada = await asStaff(() =>
      Person.create({
        displayName: "Ada",
        email: "ada@example.com",
        channels: [{ kind: "whatsapp", value: "+234 803 000 0001" }],
      }),
    );
    expect((await Person.findByChannel({ kind: "email", value: " ADA@Example.com" }))?.id).toBe(ada.id);
    expect((await Person.findByChannel({ kind: "whatsapp", value: "2348030000001" }))?.id).toBe(ada.id);
    expect((await Person.findByChannel({ kind: "whatsapp", value: "00234-803-000-0001" }))?.id).toBe(ada.id);
    expect(await Person.findByChannel({ kind: "phone", value: "+2348030000001" })).toBeUndefined();
    const bad = await failure(
      Promise.resolve().then(() => Person.findByChannel({ kind: "phone", value: "0803 000 0001" })),
    );
    expect(bad.code).toBe("validation");
    expect(bad.message).toContain("country code");
  });

  it("removing a person frees their email and channels for someone else", async () => {
    const old = await asStaff(() =>
      Person.create({
        displayName: "Old",
        email: "shared@example.com",
        channels: [{ kind: "instagram", value: "ig-77" }],
      }),
    );
    await asStaff(() => Person.remove(old.id));
    expect(await asStaff(() => Person.fromID(old.id))).toBeUndefined();
    const fresh = await asStaff(() =>
      Person.create({
        displayName: "New",
        email: "shared@example.com",
        channels: [{ kind: "instagram", value: "ig-77" }],
      }),
    );
    expect((await Person.findByChannel({ kind: "instagram", value: "ig-77" }))?.id).toBe(fresh.id);
    expect((await Person.findByChannel({ kind: "email", value: "shared@example.com" }))?.id).toBe(fresh.id);
  });

  // Row-lock contention needs a server: this suite runs on PostgreSQL.
  it("two transactions creating the same channel at once leave exactly one owner", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const firstInserted = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const first = asStaff(() =>
      createTransaction(async () => {
        const p = await Person.create({
          displayName: "First",
          channels: [{ kind: "whatsapp", value: "+2348039999999" }],
        });
        inserted();
        await gate; // still uncommitted while the second transaction tries the same value
        return p;
      }),
    );
    await firstInserted;
    const second = asStaff(() =>
      Person.create({ displayName: "Second", channels: [{ kind: "whatsapp", value: "+234 803 999 9999" }] }),
    ).then(
      (p) => ({ ok: true as const, p }),
      (e: AppError) => ({ ok: false as const, e }),
    );
    await new Promise((r) => setTimeout(r, 200));
    release();
    const owner = await first;
    const outcome = await second;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.e.code).toBe("conflict");
      expect(outcome.e.message).toContain(owner.id);
    }

    // And a burst of parallel creates of one value: exactly one wins.
    const burst = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        asStaff(() => Person.create({ displayName: `P${i}`, channels: [{ kind: "phone", value: "+2348031111111" }] })),
      ),
    );
    expect(burst.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of burst) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("conflict");
    const rows = await useTransaction((tx) =>
      tx.select().from(personChannelTable).where(eq(personChannelTable.value, "+2348031111111")),
    );
    expect(rows).toHaveLength(1);
  });
});

describe(`party status on ${dbKind}`, () => {
  it("follows v1's transitions, logs each change and refuses the rest naming the allowed targets", async () => {
    const p = await asStaff(() => Person.create({ displayName: "Lead Person" }));
    await asStaff(() => Person.changeStatus({ personId: p.id, to: "contact", reason: "replied to campaign" }));
    await asStaff(() => Person.changeStatus({ personId: p.id, to: "customer" }));
    const refused = await failure(asStaff(() => Person.changeStatus({ personId: p.id, to: "lead" })));
    expect(refused.code).toBe("precondition_failed");
    expect(refused.message).toContain("subscriber, contact");
    const done = await asStaff(() => Person.changeStatus({ personId: p.id, to: "subscriber" }));
    expect(done.partyStatus).toBe("subscriber");
    // Same status again: a no-op, nothing logged.
    await asStaff(() => Person.changeStatus({ personId: p.id, to: "subscriber" }));

    const log = await Person.statusLog(p.id);
    expect(log.map((l) => [l.fromStatus, l.toStatus, l.reason])).toEqual([
      [null, "lead", null],
      ["lead", "contact", "replied to campaign"],
      ["contact", "customer", null],
      ["customer", "subscriber", null],
    ]);
    expect(log.every((l) => l.actorType === "user" && l.actorId === staff.properties.userId)).toBe(true);
    expect((await outboxTypes()).filter((x) => x === "person.status_changed")).toHaveLength(3);

    const lead = await asStaff(() => Person.create({ displayName: "Fresh Lead" }));
    const jump = await failure(asStaff(() => Person.changeStatus({ personId: lead.id, to: "subscriber" })));
    expect(jump.message).toContain("contact, customer");
    expect(Person.transitions.contact).toEqual(["customer", "lead"]);
  });
});

describe(`merging people on ${dbKind}`, () => {
  it("moves channels and subscriber links to the target, logs a snapshot and retires the source", async () => {
    const target = await asStaff(() =>
      Person.create({
        displayName: "Ada Obi",
        email: "ada@example.com",
        channels: [{ kind: "whatsapp", value: "+2348030000001" }],
      }),
    );
    const source = await asStaff(() =>
      Person.create({
        displayName: "A. Obi",
        phone: "+2348030000002",
        locale: "en-NG",
        channels: [
          { kind: "whatsapp", value: "+2348030000002" },
          { kind: "email", value: "ada.personal@example.com" },
        ],
      }),
    );
    const sub = await subscriber("SUB-1");
    await asStaff(() => Subscriber.link({ subscriberId: sub.id, personId: source.id }));

    const merged = await asStaff(() => Person.merge({ sourceId: source.id, targetId: target.id }));
    expect(merged).toMatchObject({ id: target.id, email: "ada@example.com", phone: "+2348030000002", locale: "en-NG" });
    expect(merged.channels.map((c) => [c.kind, c.value, c.isPrimary])).toEqual([
      ["email", "ada@example.com", true],
      ["email", "ada.personal@example.com", false],
      ["phone", "+2348030000002", true],
      ["whatsapp", "+2348030000001", true],
      ["whatsapp", "+2348030000002", false],
    ]);
    expect((await Person.findByChannel({ kind: "whatsapp", value: "+2348030000002" }))?.id).toBe(target.id);

    const [retired] = await useTransaction((tx) => tx.select().from(personTable).where(eq(personTable.id, source.id)));
    expect(retired?.mergedIntoId).toBe(target.id);
    expect(retired?.deletedAt).toBeInstanceOf(Date);
    const [linked] = await useTransaction((tx) =>
      tx.select().from(subscriberTable).where(eq(subscriberTable.id, sub.id)),
    );
    expect(linked?.personId).toBe(target.id);

    const [log] = await useTransaction((tx) => tx.select().from(personMergeLogTable));
    expect(log).toMatchObject({
      sourceId: source.id,
      targetId: target.id,
      actorType: "user",
      actorId: staff.properties.userId,
    });
    expect(log?.snapshot).toMatchObject({ person: { displayName: "A. Obi" }, subscriberIds: [sub.id] });
    expect((log?.snapshot as { channels?: unknown[] } | undefined)?.channels).toHaveLength(3);
    expect(await outboxTypes()).toContain("person.merged");

    // Into a merged person, from a merged person, into itself: refused.
    const third = await asStaff(() => Person.create({ displayName: "Third" }));
    const intoMerged = await failure(asStaff(() => Person.merge({ sourceId: third.id, targetId: source.id })));
    expect(intoMerged.code).toBe("precondition_failed");
    expect(intoMerged.message).toContain(`merged into ${target.id}`);
    const fromMerged = await failure(asStaff(() => Person.merge({ sourceId: source.id, targetId: third.id })));
    expect(fromMerged.code).toBe("precondition_failed");
    const self = await failure(asStaff(() => Person.merge({ sourceId: third.id, targetId: third.id })));
    expect(self.code).toBe("validation");
    expect(self.message).toContain("itself");
    const linkMerged = await failure(asStaff(() => Subscriber.link({ subscriberId: sub.id, personId: source.id })));
    expect(linkMerged.code).toBe("precondition_failed");
  });

  it("links a subscriber to an organisation and unlinks with null", async () => {
    const org = await asStaff(() => Organization.create({ name: "Acme", accountType: "customer" }));
    const sub = await subscriber("SUB-2");
    const linked = await asStaff(() => Subscriber.link({ subscriberId: sub.id, organizationId: org.id }));
    expect(linked).toMatchObject({ organizationId: org.id, personId: null });
    const unlinked = await asStaff(() => Subscriber.link({ subscriberId: sub.id, organizationId: null }));
    expect(unlinked.organizationId).toBeNull();
    const none = await failure(asStaff(() => Subscriber.link({ subscriberId: sub.id })));
    expect(none.code).toBe("validation");
    expect((await outboxTypes()).filter((x) => x === "subscriber.linked")).toHaveLength(2);
  });
});
