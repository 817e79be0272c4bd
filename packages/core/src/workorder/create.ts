import { and, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, int, labels, latitude, longitude, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { live, liveRow, softRemove } from "../platform/soft-delete";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { nextNumber } from "../ticket/numbering";
import { ticketTable } from "../ticket/ticket.sql";
import { AssigneesInput, storeAssignees } from "./assign";
import { assertNoDoubleBooking } from "./booking";
import { Events } from "./events";
import { actingUserId, type Info, infoOf, reach, reachableJob, type WorkOrderRow } from "./shared";
import { workOrderPriorities, workOrderTable, workOrderTypes } from "./workorder.sql";

/** Work orders share the ticket sequence table, in their own row: WO-2026-000001. */
export const WORK_ORDER_NUMBERS = { scope: "work_order", pattern: "WO-{YYYY}-", padding: 6 };

export const AddressInput = z.object({
  line1: text(200),
  line2: text(200).optional(),
  city: text(100),
  region: text(100).optional(),
  postalCode: text(20).optional(),
  country: text(100),
});

/** The fields staff set on a job, shared by create and update (status, assignees and field times have their own verbs). */
export const Fields = z.object({
  title: text(300),
  description: text(20_000, { min: 0 }).nullish(),
  priority: z.enum(workOrderPriorities),
  workType: z.enum(workOrderTypes),
  subscriberId: id().nullish(),
  personId: id().nullish(),
  ticketId: id().nullish(),
  /** A project's UUID (projects arrive later; kept as given). */
  projectId: id().nullish(),
  address: AddressInput.nullish(),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  region: text(100).nullish(),
  requiredSkills: z.array(id()).max(30),
  estimatedDurationMinutes: int(1, 7 * 24 * 60),
  accessNotes: text(5_000, { min: 0 }).nullish(),
  tags: labels(30, 50),
  vendorOrganizationId: id().nullish(),
  scheduledStart: instant().nullish(),
  scheduledEnd: instant().nullish(),
  windowStart: instant().nullish(),
  windowEnd: instant().nullish(),
  estimatedArrivalAt: instant().nullish(),
});
type FieldValues = Partial<z.output<typeof Fields>>;

const fieldNames = Object.keys(Fields.shape) as (keyof z.output<typeof Fields>)[];

const invalid = (path: string, message: string) =>
  new AppError("validation", `${path}: ${message}`, [{ path, message }]);

/** Refuses links to missing records and impossible times, naming the field to fix. */
async function assertFields(tx: Transaction, v: FieldValues) {
  const exists = async (path: string, found: unknown[]) => {
    if (found.length === 0) throw invalid(path, "does not exist");
  };
  if (v.subscriberId) {
    await exists(
      "subscriberId",
      await tx.select({ id: subscriberTable.id }).from(subscriberTable).where(eq(subscriberTable.id, v.subscriberId)),
    );
  }
  if (v.personId) {
    await exists(
      "personId",
      await tx
        .select({ id: personTable.id })
        .from(personTable)
        .where(and(eq(personTable.id, v.personId), live(personTable))),
    );
  }
  if (v.ticketId) {
    await exists(
      "ticketId",
      await tx
        .select({ id: ticketTable.id })
        .from(ticketTable)
        .where(and(eq(ticketTable.id, v.ticketId), live(ticketTable))),
    );
  }
  if (v.vendorOrganizationId) {
    await exists(
      "vendorOrganizationId",
      await tx
        .select({ id: organizationTable.id })
        .from(organizationTable)
        .where(and(eq(organizationTable.id, v.vendorOrganizationId), live(organizationTable))),
    );
  }
}

/** The merged row's times and coordinates must make sense together. */
function assertShape(
  r: Pick<WorkOrderRow, "scheduledStart" | "scheduledEnd" | "windowStart" | "windowEnd" | "latitude" | "longitude">,
) {
  if (r.scheduledEnd && !r.scheduledStart) throw invalid("scheduledStart", "is required with scheduledEnd");
  if (r.scheduledEnd && r.scheduledStart && r.scheduledEnd <= r.scheduledStart) {
    throw invalid("scheduledEnd", "must be after scheduledStart");
  }
  if (r.windowEnd && !r.windowStart) throw invalid("windowStart", "is required with windowEnd");
  if (r.windowEnd && r.windowStart && r.windowEnd <= r.windowStart) {
    throw invalid("windowEnd", "must be after windowStart");
  }
  if ((r.latitude === null) !== (r.longitude === null)) {
    throw invalid(r.latitude === null ? "latitude" : "longitude", "is required with the other coordinate");
  }
}

const nullable = <T>(v: T | null | undefined) => (v === undefined ? undefined : v);

/** The row values for the fields given (absent fields stay absent; null clears). */
function values(v: FieldValues): Partial<typeof workOrderTable.$inferInsert> {
  const out: Partial<typeof workOrderTable.$inferInsert> = {};
  for (const name of fieldNames) {
    const value = nullable(v[name]);
    if (value !== undefined) (out as Record<string, unknown>)[name] = value;
  }
  return out;
}

const auditedFields = [...fieldNames, "number", "status", "primaryAssigneeId"];

/**
 * Opens a work order numbered WO-{YYYY}-NNNNNN from the row-locked sequence. Created from a ticket,
 * it takes the ticket's subscriber and person unless given. It starts `scheduled` when it has a
 * start, else `draft`, unless `status` says which; assignees are optional (exactly one primary).
 */
export const create = fn(
  Fields.extend({
    priority: Fields.shape.priority.default("medium"),
    workType: Fields.shape.workType.default("other"),
    requiredSkills: Fields.shape.requiredSkills.default([]),
    estimatedDurationMinutes: Fields.shape.estimatedDurationMinutes.default(60),
    tags: Fields.shape.tags.default([]),
    status: z.enum(["draft", "scheduled"]).optional(),
    assignees: AssigneesInput.default([]),
  }),
  async ({ status, assignees, ...input }): Promise<Info> => {
    requirePermission("operations:work_order:create");
    if (assignees.length > 0) requirePermission("operations:work_order:dispatch");
    return createTransaction(async (tx) => {
      await assertFields(tx, input);
      const fromTicket = input.ticketId
        ? (await tx.select().from(ticketTable).where(eq(ticketTable.id, input.ticketId)))[0]
        : undefined;
      const initial = status ?? (input.scheduledStart ? "scheduled" : "draft");
      const draft = {
        ...values(input),
        subscriberId: input.subscriberId ?? fromTicket?.subscriberId ?? null,
        personId: input.personId ?? fromTicket?.personId ?? null,
        status: initial,
        baseStatus: initial,
      };
      assertShape({
        scheduledStart: draft.scheduledStart ?? null,
        scheduledEnd: draft.scheduledEnd ?? null,
        windowStart: draft.windowStart ?? null,
        windowEnd: draft.windowEnd ?? null,
        latitude: draft.latitude ?? null,
        longitude: draft.longitude ?? null,
      });
      const number = await nextNumber(tx, new Date(), WORK_ORDER_NUMBERS);
      const [inserted] = await tx
        .insert(workOrderTable)
        .values({ ...draft, title: input.title, number, createdById: actingUserId() })
        .returning();
      let row = inserted as WorkOrderRow;
      await emit(Events.Created, {
        workOrderId: row.id,
        number: row.number,
        priority: row.priority,
        ticketId: row.ticketId,
        subscriberId: row.subscriberId,
      });
      await Audit.record({
        action: "work_order.created",
        entityType: "work_order",
        entityId: row.id,
        changes: Audit.diff(null, row, auditedFields),
      });
      if (assignees.length > 0) row = await storeAssignees(tx, row, assignees);
      return infoOf(tx, row);
    });
  },
);

/** Changes a job's fields; null clears one. Status, assignees and field times have their own verbs. */
export const update = fn(Fields.partial().extend({ id: id() }), async ({ id, ...input }): Promise<Info> => {
  requirePermission("operations:work_order:update");
  return createTransaction(async (tx) => {
    const before = await liveRow(tx, workOrderTable, "Work order", id, true);
    await assertFields(tx, input);
    const set = values(input);
    for (const [k, v] of Object.entries(input)) if (v === null) (set as Record<string, unknown>)[k] = null;
    assertShape({ ...before, ...set } as WorkOrderRow);
    if (Object.keys(set).length === 0) return infoOf(tx, before);
    const [row] = await tx.update(workOrderTable).set(set).where(eq(workOrderTable.id, id)).returning();
    const after = row ?? before;
    const changes = Audit.diff(before, after, Object.keys(set));
    if (changes.scheduledStart || changes.scheduledEnd) await assertNoDoubleBooking(tx, after);
    if (Object.keys(changes).length > 0) {
      await emit(Events.Updated, { workOrderId: id, fields: Object.keys(changes) });
      await Audit.record({ action: "work_order.updated", entityType: "work_order", entityId: id, changes });
    }
    return infoOf(tx, after);
  });
});

/**
 * Moves a job's map pin: a technician on site corrects where the job really is (v1's "Edit job pin"),
 * or staff do. The address stays as entered; a closed job's pin is the one it was worked at.
 */
export const locate = fn(
  z.object({ id: id(), latitude: latitude(), longitude: longitude() }),
  async ({ id, latitude, longitude }): Promise<Info> => {
    const r = reach("operations:work_order:update", "field:job:transition");
    return createTransaction(async (tx) => {
      const before = await reachableJob(tx, r, id, true);
      if (before.status === "completed" || before.status === "canceled") {
        throw new AppError("conflict", `Work order ${before.number} is ${before.status}: its pin no longer moves`, [], {
          reason: { key: "work_order_closed" },
        });
      }
      if (before.latitude === latitude && before.longitude === longitude) return infoOf(tx, before);
      const [row] = await tx
        .update(workOrderTable)
        .set({ latitude, longitude })
        .where(eq(workOrderTable.id, id))
        .returning();
      const after = row ?? before;
      await emit(Events.Updated, { workOrderId: id, fields: ["latitude", "longitude"] });
      await Audit.record({
        action: "work_order.located",
        entityType: "work_order",
        entityId: id,
        changes: Audit.diff(before, after, ["latitude", "longitude"]),
      });
      return infoOf(tx, after);
    });
  },
);

/** Soft-deletes a job; its number stays taken and its log stays (operations:work_order:delete). */
export const remove = fn(id(), async (id): Promise<void> => {
  requirePermission("operations:work_order:delete");
  await createTransaction(async (tx) => {
    const current = await liveRow(tx, workOrderTable, "Work order", id, true);
    const at = new Date();
    await softRemove(tx, workOrderTable, eq(workOrderTable.id, id), { at });
    await emit(Events.Updated, { workOrderId: id, fields: ["deletedAt"] });
    await Audit.record({
      action: "work_order.deleted",
      entityType: "work_order",
      entityId: id,
      changes: { number: { from: current.number }, deletedAt: { to: at.toISOString() } },
    });
  });
});
