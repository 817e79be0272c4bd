import * as Audit from "@dotmac/core/audit/log";
import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import type { AppError } from "@dotmac/core/platform/errors";
import * as Sla from "@dotmac/core/sla";
import * as Ticket from "@dotmac/core/ticket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
let admin: ReturnType<typeof staffActor>;
let types: Ticket.TypeInfo[];
const MINUTE = 60_000;

beforeAll(async () => {
  t = await setupTestDatabase();
  const ops = await Auth.createUser({ email: "ops@isp.test", displayName: "Ops", roles: ["admin"] });
  admin = staffActor({ id: ops.id, email: ops.email, roles: ["admin"] });
  types = await asAdmin(() => Ticket.types({}));
});
afterAll(() => t.close());

// async, so input a verb refuses synchronously arrives as a rejection like any other failure.
const asAdmin = <T>(work: () => Promise<T>) => withActor(admin, async () => work());
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the call to fail");
}

const typeId = (index: number) => {
  const type = types.filter((x) => !x.requiresSubscriber)[index];
  if (!type) throw new Error(`no ticket type #${index} without a subscriber`);
  return type.id;
};

describe(`SLA configuration on ${dbKind}`, () => {
  it("the migration seeds a default 24/7 calendar and an any-type policy per priority", async () => {
    const calendars = await asAdmin(() => Sla.calendars({}));
    expect(calendars[0]).toMatchObject({ name: "24/7", isDefault: true, definition: { alwaysOpen: true } });
    const seeded = await asAdmin(() => Sla.policies({}));
    // One scale, low < medium < high < urgent: v1's "lower" and "normal" policies folded into low and medium.
    expect(
      seeded
        .filter((p) => p.ticketTypeId === null)
        .map((p) => p.priority)
        .sort(),
    ).toEqual(["urgent", "high", "medium", "low"].sort());
  });

  it("the most specific policy wins: type and priority, then type, then priority, then any", async () => {
    const type = typeId(0);
    const other = typeId(1);
    await asAdmin(async () => {
      await Sla.savePolicy({ firstResponseMinutes: 600, resolutionMinutes: 6000 });
      await Sla.savePolicy({ ticketTypeId: type, firstResponseMinutes: 120, resolutionMinutes: 1200 });
      await Sla.savePolicy({
        ticketTypeId: type,
        priority: "urgent",
        firstResponseMinutes: 10,
        resolutionMinutes: 100,
      });
    });
    const pick = (ticketTypeId: string | null, priority: Ticket.Info["priority"]) =>
      asAdmin(() => Sla.policyFor({ ticketTypeId, priority }));
    expect(await pick(type, "urgent")).toMatchObject({
      ticketTypeId: type,
      priority: "urgent",
      resolutionMinutes: 100,
    });
    expect(await pick(type, "low")).toMatchObject({ ticketTypeId: type, priority: null, resolutionMinutes: 1200 });
    expect(await pick(other, "high")).toMatchObject({ ticketTypeId: null, priority: "high", resolutionMinutes: 480 });
    expect(await pick(null, "urgent")).toMatchObject({ ticketTypeId: null, priority: "urgent" });

    // Saving a scope again replaces its row, and is audited.
    const again = await asAdmin(() =>
      Sla.savePolicy({ ticketTypeId: type, priority: "urgent", firstResponseMinutes: 15, resolutionMinutes: 90 }),
    );
    expect(await pick(type, "urgent")).toMatchObject({ id: again.id, resolutionMinutes: 90 });
    const audit = await asAdmin(() => Audit.list({ action: "sla.policy.saved" }));
    expect(audit.items[0]).toMatchObject({
      entityId: again.id,
      changes: { resolutionMinutes: { from: 100, to: 90 } },
    });
  });

  it("a ticket never paused has its deadline at creation + target on a 24/7 calendar", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "Slow link", priority: "medium" }));
    const [created] = await asAdmin(() => Ticket.events(ticket.id));
    const explain = await asAdmin(() => Sla.forTicket({ id: ticket.id }));
    const start = Date.parse(created?.at ?? "");
    expect(explain.policy).toMatchObject({ priority: "medium", resolutionMinutes: 1440 });
    expect(explain.calendar.name).toBe("24/7");
    expect(explain.resolution.state).toBe("running");
    expect(Date.parse(explain.resolution.deadline ?? "")).toBe(start + 1440 * MINUTE);
    expect(Date.parse(explain.firstResponse.deadline ?? "")).toBe(start + 240 * MINUTE);
    expect(explain.resolution.consumedMinutes * MINUTE).toBeCloseTo(Date.parse(explain.at) - start, 6);
  });

  it("created → paused (pending) → resumed → upgraded: only unpaused time counts, the target follows the priority", async () => {
    const { ticket } = await asAdmin(() => Ticket.create({ title: "No internet", priority: "low" }));
    await tick();
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "pending" }));
    await tick();
    await asAdmin(() => Ticket.changeStatus({ id: ticket.id, status: "open" }));
    await tick();
    await asAdmin(() => Ticket.update({ id: ticket.id, priority: "high" }));
    const log = await asAdmin(() => Ticket.events(ticket.id));
    const at = (kind: string, to?: string) =>
      Date.parse(log.find((e) => e.kind === kind && (to === undefined || e.to === to))?.at ?? "");
    const created = at("created");
    const paused = at("status_changed", "pending");
    const resumed = at("status_changed", "open");

    const explain = await asAdmin(() => Sla.forTicket({ id: ticket.id }));
    const now = Date.parse(explain.at);
    const expected = (paused - created + (now - resumed)) / MINUTE;
    expect(explain.policy).toMatchObject({ priority: "high", firstResponseMinutes: 60, resolutionMinutes: 480 });
    for (const clock of [explain.firstResponse, explain.resolution]) {
      expect(clock.consumedMinutes).toBeCloseTo(expected, 9);
      expect(clock.state).toBe("running");
      expect(clock.intervals).toContainEqual({
        from: new Date(paused).toISOString(),
        to: new Date(resumed).toISOString(),
        counted: false,
        reason: "paused: pending",
      });
      const counted = clock.intervals.filter((i) => i.counted);
      const sum = counted.reduce((total, i) => total + Date.parse(i.to) - Date.parse(i.from), 0);
      expect(sum / MINUTE).toBeCloseTo(expected, 9);
    }
    expect(explain.resolution.targetMinutes).toBe(480);
    expect(explain.firstResponse.targetMinutes).toBe(60);
    // The pause pushes the deadline back by exactly its length.
    expect(Date.parse(explain.resolution.deadline ?? "")).toBe(created + 480 * MINUTE + (resumed - paused));
  });

  it("an invalid calendar is a validation error naming the field", async () => {
    const error = await failure(
      asAdmin(() =>
        Sla.saveCalendar({ name: "Lagos office", definition: { timeZone: "Africa/Atlantis", alwaysOpen: true } }),
      ),
    );
    expect(error.code).toBe("validation");
    expect(error.details).toContainEqual({ path: "definition.timeZone", message: "Unknown IANA time zone" });
  });

  it("a business-hours calendar can become the default; the old default cannot be un-defaulted directly", async () => {
    const saved = await asAdmin(() =>
      Sla.saveCalendar({
        name: "Lagos office",
        definition: { timeZone: "Africa/Lagos", weekly: { "1": [{ from: "08:00", to: "17:00" }] } },
        isDefault: true,
      }),
    );
    expect(saved).toMatchObject({ isDefault: true, definition: { timeZone: "Africa/Lagos", holidays: [] } });
    const calendars = await asAdmin(() => Sla.calendars({}));
    expect(calendars.filter((c) => c.isDefault).map((c) => c.name)).toEqual(["Lagos office"]);
    const error = await failure(
      asAdmin(() => Sla.saveCalendar({ name: "Lagos office", definition: saved.definition, isDefault: false })),
    );
    expect(error.details[0]?.path).toBe("isDefault");
    await asAdmin(() =>
      Sla.saveCalendar({ name: "24/7", definition: calendars[1]?.definition ?? saved.definition, isDefault: true }),
    );
  });
});
