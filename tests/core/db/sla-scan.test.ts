import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import * as Sla from "@dotmac/core/sla";
import { slaAlertTable, ticketSlaTable } from "@dotmac/core/sla/sla.sql";
import * as Ticket from "@dotmac/core/ticket";
import { asc, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
let admin: ReturnType<typeof staffActor>;
const MINUTE = 60_000;

beforeAll(async () => {
  t = await setupTestDatabase();
  const ops = await Auth.createUser({ email: "ops@isp.test", displayName: "Ops", roles: ["admin"] });
  admin = staffActor({ id: ops.id, email: ops.email, roles: ["admin"] });
  // Urgent tickets: 10 minutes to answer, an hour to resolve, "at risk" at half of either.
  await asAdmin(() =>
    Sla.savePolicy({ priority: "urgent", firstResponseMinutes: 10, resolutionMinutes: 60, warnAtPercent: 50 }),
  );
});
afterAll(() => t.close());
beforeEach(async () => {
  await useTransaction((tx) =>
    tx.execute(
      sql`truncate sla_alert, ticket_sla, ticket_event, ticket_comment, ticket_assignee, ticket, outbox_event cascade`,
    ),
  );
});

// async, so input a verb refuses synchronously arrives as a rejection like any other failure.
const asAdmin = <T>(work: () => Promise<T>) => withActor(admin, async () => work());

const registry = async (ticketId: string) => {
  const [row] = await useTransaction((tx) =>
    tx.select().from(ticketSlaTable).where(eq(ticketSlaTable.ticketId, ticketId)),
  );
  if (!row) throw new Error(`no registry row for ${ticketId}`);
  return row;
};
const alerts = (ticketId: string) =>
  useTransaction((tx) =>
    tx
      .select({ clock: slaAlertTable.clock, kind: slaAlertTable.kind, cycle: slaAlertTable.cycle })
      .from(slaAlertTable)
      .where(eq(slaAlertTable.ticketId, ticketId))
      .orderBy(asc(slaAlertTable.cycle), asc(slaAlertTable.at), asc(slaAlertTable.kind)),
  );
const outbox = () =>
  useTransaction((tx) =>
    tx
      .select({ type: outboxTable.type, payload: outboxTable.payload })
      .from(outboxTable)
      .where(like(outboxTable.type, "sla.%"))
      .orderBy(asc(outboxTable.occurredAt), asc(outboxTable.id)),
  );
const createdAt = async (ticketId: string) => {
  const [created] = await asAdmin(() => Ticket.events(ticketId));
  return Date.parse(created?.at ?? "");
};
const scanAt = (at: number) => Sla.scan({ now: new Date(at) });
/** Moves a ticket's whole log `minutes` into the past, as if it had been filed that long ago. */
const age = (ticketId: string, minutes: number) =>
  useTransaction((tx) =>
    tx.execute(sql`update ticket_event set at = at - make_interval(mins => ${minutes}) where ticket_id = ${ticketId}`),
  );

describe(`SLA registry scan on ${dbKind}`, () => {
  it("raises the warning, then the breach, each once; a re-run raises nothing twice", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Core router down", priority: "urgent" }));
    await age(ticket.id, 6);
    const start = await createdAt(ticket.id);

    // 6 minutes in: first response past its 5-minute warning, not yet breached.
    expect(await scanAt(Date.now())).toEqual({ checked: 1, warnings: 1, breaches: 0 });
    const afterWarning = await registry(ticket.id);
    expect(afterWarning).toMatchObject({ firstResponseState: "running", resolutionState: "running", error: null });
    // Next look: the first-response deadline (10 min), before the resolution warning (30 min).
    expect(afterWarning.nextCheckAt?.getTime()).toBe(start + 10 * MINUTE);
    expect(afterWarning.firstResponseDeadline?.getTime()).toBe(start + 10 * MINUTE);
    expect(afterWarning.resolutionDeadline?.getTime()).toBe(start + 60 * MINUTE);

    // Not due yet: nothing happens until the deadline.
    expect(await scanAt(start + 8 * MINUTE)).toEqual({ checked: 0, warnings: 0, breaches: 0 });
    expect(await scanAt(start + 11 * MINUTE)).toEqual({ checked: 1, warnings: 0, breaches: 1 });
    const afterBreach = await registry(ticket.id);
    expect(afterBreach.firstResponseState).toBe("breached");
    expect(afterBreach.firstResponseBreachedAt?.getTime()).toBe(start + 10 * MINUTE);
    expect(afterBreach.nextCheckAt?.getTime()).toBe(start + 30 * MINUTE);

    // A change marks the row due again; recomputing raises nothing already raised.
    await asAdmin(() => Ticket.update({ id: ticket.id, title: "Core router down in Ikeja" }));
    await asAdmin(() => Ticket.assign({ id: ticket.id, primaryAssigneeId: admin.properties.userId }));
    expect((await registry(ticket.id)).nextCheckAt?.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await scanAt(start + 12 * MINUTE)).toEqual({ checked: 1, warnings: 0, breaches: 0 });

    expect(await alerts(ticket.id)).toEqual([
      { clock: "first_response", kind: "warning", cycle: 0 },
      { clock: "first_response", kind: "breach", cycle: 0 },
    ]);
    expect(await outbox()).toEqual([
      {
        type: "sla.warning",
        payload: {
          ticketId: ticket.id,
          clock: "first_response",
          cycle: 0,
          at: new Date(start + 5 * MINUTE).toISOString(),
          deadline: new Date(start + 10 * MINUTE).toISOString(),
        },
      },
      {
        type: "sla.breached",
        payload: expect.objectContaining({ clock: "first_response", at: new Date(start + 10 * MINUTE).toISOString() }),
      },
    ]);
  });

  it("a breach still standing when the ticket is reopened is raised again, in the next cycle", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "BTS outage", priority: "urgent" }));
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open" }));
    await asAdmin(() => Ticket.addComment({ id: ticket.id, body: "On it", isInternal: false }));
    await age(ticket.id, 90);
    // An hour and a half later, still unresolved: the resolution clock breached at 60 minutes.
    expect(await scanAt(Date.now())).toEqual({ checked: 1, warnings: 0, breaches: 1 });
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "pending_confirmation" }));
    await scanAt(Date.now());
    expect(await registry(ticket.id)).toMatchObject({ resolutionState: "breached", cycle: 0, nextCheckAt: null });

    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open", note: "Customer says still down" }));
    const reopened = await scanAt(Date.now());
    expect(reopened).toEqual({ checked: 1, warnings: 0, breaches: 1 });
    expect(await registry(ticket.id)).toMatchObject({ resolutionState: "breached", cycle: 1 });
    expect(await alerts(ticket.id)).toEqual([
      { clock: "resolution", kind: "breach", cycle: 0 },
      { clock: "resolution", kind: "breach", cycle: 1 },
    ]);
    // Listed once on the dashboard even though it was raised in two cycles.
    const today = new Date().toISOString().slice(0, 10);
    const recent = await asAdmin(() => Sla.recentBreaches({}));
    expect(recent).toEqual([
      expect.objectContaining({ ticketId: ticket.id, number: ticket.number, clock: "resolution" }),
    ]);
    const { days } = await asAdmin(() => Sla.breaches({ from: today, to: today }));
    expect(days).toEqual([{ date: today, met: 0, breached: 0 }]); // reopened: not resolved any more
  });

  it("a reopen resumes the clocks and warns again in the new cycle", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Slow fibre", priority: "urgent" }));
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open" }));
    await asAdmin(() => Ticket.addComment({ id: ticket.id, body: "Looking", isInternal: false }));
    await age(ticket.id, 35);
    expect(await scanAt(Date.now())).toMatchObject({ warnings: 1, breaches: 0 }); // resolution at risk
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "pending_confirmation" }));
    await scanAt(Date.now());
    expect(await registry(ticket.id)).toMatchObject({ resolutionState: "met", nextCheckAt: null });
    const today = new Date().toISOString().slice(0, 10);
    expect((await asAdmin(() => Sla.complianceSeries({ from: today, to: today })))[0]).toEqual({
      date: today,
      met: 1,
      breached: 0,
    });

    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open", note: "Disputed" }));
    // Still over the warning share after the reopen: at risk again, in cycle 1; next look at the deadline.
    expect(await scanAt(Date.now())).toEqual({ checked: 1, warnings: 1, breaches: 0 });
    const row = await registry(ticket.id);
    expect(row).toMatchObject({ resolutionState: "running", cycle: 1, firstResponseState: "met" });
    expect(row.nextCheckAt?.getTime()).toBe(row.resolutionDeadline?.getTime());
    expect(await scanAt(Date.now())).toEqual({ checked: 0, warnings: 0, breaches: 0 });
    expect(await alerts(ticket.id)).toEqual([
      { clock: "resolution", kind: "warning", cycle: 0 },
      { clock: "resolution", kind: "warning", cycle: 1 },
    ]);
  });

  it("a paused ticket is not watched; the status change that resumes it marks it due", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Waiting for the customer", priority: "urgent" }));
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "waiting_on_customer" }));
    await scanAt(Date.now());
    expect(await registry(ticket.id)).toMatchObject({
      firstResponseState: "paused",
      resolutionState: "paused",
      firstResponseDeadline: null,
      nextCheckAt: null,
    });
    // Hours later nothing is due and nothing is raised.
    expect(await scanAt(Date.now() + 5 * 60 * MINUTE)).toEqual({ checked: 0, warnings: 0, breaches: 0 });

    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open" }));
    expect((await registry(ticket.id)).nextCheckAt?.getTime()).toBeLessThanOrEqual(Date.now());
    await scanAt(Date.now());
    expect(await registry(ticket.id)).toMatchObject({ firstResponseState: "running", resolutionState: "running" });
  });

  it("configured pause statuses apply, and changing them re-checks open tickets", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Last mile re-run", priority: "urgent" }));
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open" }));
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "lastmile_rerun" }));
    await scanAt(Date.now());
    expect((await registry(ticket.id)).resolutionState).toBe("running");
    try {
      await asAdmin(() => Ticket.saveSettings({ pauseStatuses: ["pending", "lastmile_rerun"] }));
      expect((await registry(ticket.id)).nextCheckAt?.getTime()).toBeLessThanOrEqual(Date.now());
      await scanAt(Date.now());
      expect(await registry(ticket.id)).toMatchObject({ resolutionState: "paused", nextCheckAt: null });
      const explain = await asAdmin(() => Sla.forTicket({ id: ticket.id }));
      expect(explain.pauseStatuses).toEqual(["pending", "lastmile_rerun"]);
      expect(explain.resolution.intervals.at(-1)?.reason).toBe("paused: lastmile_rerun");
    } finally {
      await asAdmin(() => Ticket.saveSettings({ pauseStatuses: ["pending", "waiting_on_customer", "on_hold"] }));
    }
  });

  it("a ticket no policy matches stores the reason and no state; the scan carries on", async () => {
    const lower = (await asAdmin(() => Sla.policies({}))).find((p) => p.ticketTypeId === null && p.priority === "low");
    if (!lower) throw new Error("the migration seeds an any-type policy for low");
    await asAdmin(() => Sla.removePolicy({ id: lower.id }));
    try {
      const orphan = await asAdmin(() => Ticket.create({ title: "Cosmetic typo", priority: "low" }));
      const watched = await asAdmin(() => Ticket.create({ title: "Outage", priority: "urgent" }));
      expect(await scanAt(Date.now())).toMatchObject({ checked: 2 });
      expect(await registry(orphan.ticket.id)).toMatchObject({
        firstResponseState: null,
        resolutionState: null,
        nextCheckAt: null,
        error: expect.stringContaining("No SLA policy matches priority low"),
      });
      expect((await registry(watched.ticket.id)).resolutionState).toBe("running");
      const list = await asAdmin(() => Ticket.list({}));
      expect(list.items.find((i) => i.id === orphan.ticket.id)?.sla).toBeNull();
      expect(list.items.find((i) => i.id === watched.ticket.id)?.sla).toMatchObject({
        firstResponse: { state: "running" },
        resolution: { state: "running", breachedAt: null },
        cycle: 0,
      });
    } finally {
      await asAdmin(() =>
        Sla.savePolicy({
          priority: "low",
          firstResponseMinutes: lower.firstResponseMinutes,
          resolutionMinutes: lower.resolutionMinutes,
        }),
      );
    }
  });

  it("a deleted ticket drops out of the registry", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Filed twice", priority: "urgent" }));
    await asAdmin(() => Ticket.remove(ticket.id));
    const start = await createdAt(ticket.id).catch(() => Date.now());
    expect(await scanAt(start + 120 * MINUTE)).toEqual({ checked: 1, warnings: 0, breaches: 0 });
    expect((await registry(ticket.id)).nextCheckAt).toBeNull();
    expect(await alerts(ticket.id)).toEqual([]);
  });

  it("single-ticket reads carry the SLA summary, fresh even before the scan ran", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Fresh", priority: "urgent" }));
    const start = await createdAt(ticket.id);
    const read = await asAdmin(() => Ticket.fromRef(ticket.number));
    expect(read?.sla?.firstResponse).toMatchObject({
      state: "running",
      deadline: new Date(start + 10 * MINUTE).toISOString(),
    });
    expect(await scanAt(Date.now())).toMatchObject({ checked: 1 });
    const again = await asAdmin(() => Ticket.fromRef(ticket.id));
    expect(again?.sla).toEqual(read?.sla);
  });

  it("works through more due rows than one batch", async () => {
    for (let i = 0; i < 7; i++) await asAdmin(() => Ticket.create({ title: `Outage ${i}`, priority: "urgent" }));
    expect(await Sla.scan({ now: new Date(Date.now() + MINUTE), batchSize: 3 })).toMatchObject({ checked: 7 });
    const due = await useTransaction((tx) =>
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(ticketSlaTable)
        .where(sql`${ticketSlaTable.nextCheckAt} <= now()`),
    );
    expect(due[0]?.n).toBe(0);
  });
});
