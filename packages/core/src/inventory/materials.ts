import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import * as z from "zod";
import { holds, requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { createId } from "../platform/ids";
import { id, instant, int, text } from "../platform/input";
import { workOrderTable } from "../workorder/workorder.sql";
import {
  inventoryMaterialLineTable,
  inventoryMovementTable,
  inventorySerialTable,
  type LineStatus,
  lineStatuses,
} from "./inventory.sql";
import {
  actingUserId,
  applyMovement,
  closedWorkOrder,
  isAssigned,
  itemOf,
  type LocationRow,
  locationOf,
  namesOf,
  requireWorkOrderRead,
  vanOf,
  workOrderOf,
} from "./shared";

type LineRow = typeof inventoryMaterialLineTable.$inferSelect;
const line = inventoryMaterialLineTable;

/** How long an unconsumed reservation holds stock when the planner gives no expiry. */
export const DEFAULT_RESERVATION_DAYS = 7;

export const MaterialLineInfo = z.object({
  id: z.string(),
  workOrderId: z.string(),
  itemId: z.string(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  serialized: z.boolean(),
  /** Planned (and reserved while `reserved`). */
  quantity: z.number().int(),
  consumedQuantity: z.number().int(),
  /** What the line still holds of the location's stock. */
  reservedQuantity: z.number().int(),
  status: z.enum(lineStatuses),
  locationId: z.string(),
  locationName: z.string(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
});
export type MaterialLineInfo = z.infer<typeof MaterialLineInfo>;

const held = (r: LineRow) => (r.status === "reserved" ? Math.max(0, r.quantity - r.consumedQuantity) : 0);

async function toLineInfos(tx: Tx, rows: LineRow[]): Promise<MaterialLineInfo[]> {
  const names = await namesOf(
    tx,
    rows.map((r) => r.itemId),
    rows.map((r) => r.locationId),
  );
  return rows.map((r) => {
    const item = names.item.get(r.itemId);
    return {
      id: r.id,
      workOrderId: r.workOrderId,
      itemId: r.itemId,
      sku: item?.sku ?? "",
      name: item?.name ?? "",
      unit: item?.unit ?? "each",
      serialized: item?.serialized ?? false,
      quantity: r.quantity,
      consumedQuantity: r.consumedQuantity,
      reservedQuantity: held(r),
      status: r.status as LineStatus,
      locationId: r.locationId,
      locationName: names.location.get(r.locationId)?.name ?? "",
      expiresAt: r.expiresAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

async function linesOf(tx: Tx, workOrderId: string) {
  return tx.select().from(line).where(eq(line.workOrderId, workOrderId)).orderBy(asc(line.createdAt), asc(line.id));
}

/** A job's material lines: planned, reserved, consumed. */
export const listMaterials = fn(
  id(),
  async (workOrderId): Promise<{ items: MaterialLineInfo[] }> =>
    useTransaction(async (tx) => {
      await requireWorkOrderRead(tx, workOrderId);
      return { items: await toLineInfos(tx, await linesOf(tx, workOrderId)) };
    }),
);

/** Planning materials is for storekeepers (inventory:write) and dispatchers (operations:work_order:update). */
function requirePlanner() {
  if (holds("inventory:write")) return;
  requirePermission("operations:work_order:update");
}

export const planMaterial = fn(
  z.object({
    workOrderId: id(),
    itemId: id(),
    quantity: int(1, 100_000),
    /** Where to reserve from; by default the van of the job's primary technician. */
    locationId: id().optional(),
    /** When an unconsumed reservation is given back; 7 days by default. */
    expiresAt: instant().optional(),
  }),
  async (input): Promise<MaterialLineInfo> => {
    requirePlanner();
    // No explicit transaction: the reads check and name things, then one statement reserves the
    // stock, writes the line and its ledger row, and re-checks that the job is still open. The hot
    // stock row is locked for that statement only, not across a COMMIT round trip.
    return useTransaction(async (tx) => {
      const wo = await workOrderOf(tx, input.workOrderId);
      if (wo.status === "completed" || wo.status === "canceled") throw closedWorkOrder(wo);
      const item = await itemOf(tx, input.itemId);
      let location: LocationRow;
      if (!input.locationId) {
        const van = wo.primaryAssigneeId ? await vanOf(tx, wo.primaryAssigneeId) : undefined;
        if (!van) {
          throw new AppError(
            "validation",
            "Invalid input: locationId: the job's technician has no van; say which location to reserve from",
            [{ path: "locationId", message: "is required when the job's technician has no van" }],
          );
        }
        location = van;
      } else {
        location = await locationOf(tx, input.locationId);
      }
      const expiresAt = input.expiresAt ?? new Date(Date.now() + DEFAULT_RESERVATION_DAYS * 86_400_000);
      if (expiresAt.getTime() <= Date.now()) {
        throw new AppError("validation", "Invalid input: expiresAt: must be in the future", [
          { path: "expiresAt", message: "must be in the future" },
        ]);
      }
      const lineId = createId();
      const moved = await applyMovement(tx, {
        kind: "reserve",
        itemId: item.id,
        locationId: location.id,
        reservedDelta: input.quantity,
        workOrderId: wo.id,
        lineId,
        line: { id: lineId, quantity: input.quantity, expiresAt, createdById: actingUserId() },
      });
      return {
        id: lineId,
        workOrderId: wo.id,
        itemId: item.id,
        sku: item.sku,
        name: item.name,
        unit: item.unit,
        serialized: item.serialized,
        quantity: input.quantity,
        consumedQuantity: 0,
        reservedQuantity: input.quantity,
        status: "reserved",
        locationId: location.id,
        locationName: location.name,
        expiresAt: expiresAt.toISOString(),
        createdAt: (moved.lineCreatedAt ?? new Date()).toISOString(),
      };
    });
  },
);

async function lockedLine(tx: Tx, workOrderId: string, lineId: string): Promise<LineRow> {
  const [row] = await tx
    .select()
    .from(line)
    .where(and(eq(line.id, lineId), eq(line.workOrderId, workOrderId)))
    .for("update");
  if (!row) throw new AppError("not_found", `Material line ${lineId} is not on work order ${workOrderId}`);
  return row;
}

/** Only the job's assigned technicians consume, with field:material:confirm. */
async function requireOnJob(tx: Tx, workOrderId: string): Promise<string> {
  requirePermission("field:material:confirm");
  const me = actingUserId();
  await workOrderOf(tx, workOrderId);
  if (!me || !(await isAssigned(tx, workOrderId, me))) {
    throw new AppError("forbidden", "Only the job's assigned technicians record materials used on it");
  }
  return me;
}

async function duplicateOf(tx: Tx, workOrderId: string, clientRef: string) {
  const [prior] = await tx
    .select({ lineId: inventoryMovementTable.lineId })
    .from(inventoryMovementTable)
    .where(and(eq(inventoryMovementTable.workOrderId, workOrderId), eq(inventoryMovementTable.clientRef, clientRef)));
  return prior;
}

/**
 * Takes `quantity` of a line's item out of its location: from the line's reservation first, the rest
 * from free stock (refused, with what is free, when there is not enough). Serialized items name the
 * serials, which are then installed at the job.
 */
async function consumeOnLine(
  tx: Tx,
  row: LineRow,
  quantity: number,
  clientRef: string,
  serials: string[],
  kind: "consume",
): Promise<LineRow> {
  const item = await itemOf(tx, row.itemId);
  if (item.serialized && serials.length !== quantity) {
    throw new AppError(
      "validation",
      `Invalid input: serials: ${item.name} is serialized: give one serial per unit (${quantity})`,
      [{ path: "serials", message: `must list ${quantity} serial(s)` }],
    );
  }
  if (!item.serialized && serials.length > 0) {
    throw new AppError("validation", `Invalid input: serials: ${item.name} has no serial numbers`, [
      { path: "serials", message: "must be empty for this item" },
    ]);
  }
  const fromReserved = Math.min(quantity, held(row));
  await applyMovement(tx, {
    kind,
    itemId: row.itemId,
    locationId: row.locationId,
    onHandDelta: -quantity,
    reservedDelta: -fromReserved,
    workOrderId: row.workOrderId,
    lineId: row.id,
    serials,
    clientRef,
  });
  if (serials.length) await installSerials(tx, row, serials);
  const consumed = row.consumedQuantity + quantity;
  const [updated] = await tx
    .update(line)
    .set({
      consumedQuantity: consumed,
      quantity: Math.max(row.quantity, consumed),
      status: row.status === "reserved" && consumed < row.quantity ? "reserved" : "consumed",
    })
    .where(eq(line.id, row.id))
    .returning();
  return updated as LineRow;
}

async function installSerials(tx: Tx, row: LineRow, serials: string[]) {
  const units = await tx
    .update(inventorySerialTable)
    .set({ status: "installed", locationId: null, workOrderId: row.workOrderId, installedAt: new Date() })
    .where(
      and(
        eq(inventorySerialTable.itemId, row.itemId),
        inArray(inventorySerialTable.serial, serials),
        eq(inventorySerialTable.status, "in_stock"),
        eq(inventorySerialTable.locationId, row.locationId),
      ),
    )
    .returning({ serial: inventorySerialTable.serial });
  if (units.length !== new Set(serials).size) {
    const found = new Set(units.map((u) => u.serial));
    const missing = serials.filter((s) => !found.has(s));
    throw new AppError("conflict", `Serial(s) ${missing.join(", ")} are not in stock at this line's location`, [
      { path: "serials", message: `not in stock here: ${missing.join(", ")}` },
    ]);
  }
}

export const ConsumeResult = z.object({ line: MaterialLineInfo, duplicate: z.boolean() });
export type ConsumeResult = z.infer<typeof ConsumeResult>;

/** A technician records material used on the job; a replay of the same clientRef changes nothing. */
export const consume = fn(
  z.object({
    workOrderId: id(),
    lineId: id(),
    quantity: int(1, 100_000),
    clientRef: text(100),
    serials: z.array(text(100)).max(1000).default([]),
  }),
  async (input): Promise<ConsumeResult> =>
    createTransaction(async (tx) => {
      await requireOnJob(tx, input.workOrderId);
      const row = await lockedLine(tx, input.workOrderId, input.lineId);
      const prior = await duplicateOf(tx, input.workOrderId, input.clientRef);
      if (prior) {
        const [current] = await tx
          .select()
          .from(line)
          .where(eq(line.id, prior.lineId ?? row.id));
        return { line: (await toLineInfos(tx, [current ?? row]))[0] as MaterialLineInfo, duplicate: true };
      }
      if (row.status === "released" || row.status === "expired") {
        throw new AppError(
          "precondition_failed",
          `This line's reservation was ${row.status}: ask for the material to be planned again`,
        );
      }
      const updated = await consumeOnLine(tx, row, input.quantity, input.clientRef, input.serials, "consume");
      return { line: (await toLineInfos(tx, [updated]))[0] as MaterialLineInfo, duplicate: false };
    }),
);

export const EquipmentResult = z.object({
  line: MaterialLineInfo,
  serial: z.string(),
  itemId: z.string(),
  duplicate: z.boolean(),
});
export type EquipmentResult = z.infer<typeof EquipmentResult>;

/**
 * Equipment serial capture on the job: the unit (in the technician's van) is installed at the work
 * order and consumed from the van, against the job's reservation of that item when there is one.
 */
export const captureEquipment = fn(
  z.object({ workOrderId: id(), clientRef: text(100), serial: text(100), itemId: id().optional() }),
  async (input): Promise<EquipmentResult> =>
    createTransaction(async (tx) => {
      const me = await requireOnJob(tx, input.workOrderId);
      const prior = await duplicateOf(tx, input.workOrderId, input.clientRef);
      if (prior?.lineId) {
        const [current] = await tx.select().from(line).where(eq(line.id, prior.lineId));
        if (current) {
          const info = (await toLineInfos(tx, [current]))[0] as MaterialLineInfo;
          return { line: info, serial: input.serial, itemId: current.itemId, duplicate: true };
        }
      }
      const units = await tx
        .select()
        .from(inventorySerialTable)
        .where(
          and(
            eq(inventorySerialTable.serial, input.serial),
            input.itemId ? eq(inventorySerialTable.itemId, input.itemId) : undefined,
          ),
        );
      if (units.length === 0) {
        throw new AppError("not_found", `No unit with serial ${input.serial} is known: check the label`);
      }
      if (units.length > 1) {
        throw new AppError("validation", "Invalid input: itemId: several items have this serial: say which item", [
          { path: "itemId", message: "is required: the serial is not unique across items" },
        ]);
      }
      const unit = units[0] as (typeof units)[number];
      if (unit.status === "installed") {
        throw new AppError("conflict", `Serial ${input.serial} is already installed at a work order`);
      }
      const van = await vanOf(tx, me);
      if (!van || unit.locationId !== van.id) {
        const at = unit.locationId ? (await locationOf(tx, unit.locationId)).name : "another place";
        throw new AppError(
          "conflict",
          `Serial ${input.serial} is at ${at}, not in your van: ask a storekeeper to transfer it to you first`,
        );
      }
      const [open] = await tx
        .select()
        .from(line)
        .where(
          and(
            eq(line.workOrderId, input.workOrderId),
            eq(line.itemId, unit.itemId),
            eq(line.locationId, van.id),
            eq(line.status, "reserved"),
            sql`${line.quantity} > ${line.consumedQuantity}`,
          ),
        )
        .orderBy(asc(line.createdAt))
        .limit(1)
        .for("update");
      let target = open;
      if (!target) {
        // Equipment nobody planned: a line of 0 that the consumption grows to 1, from free stock.
        const [created] = await tx
          .insert(line)
          .values({
            workOrderId: input.workOrderId,
            itemId: unit.itemId,
            locationId: van.id,
            quantity: 0,
            createdById: me,
          })
          .returning();
        target = created as LineRow;
      }
      const updated = await consumeOnLine(tx, target, 1, input.clientRef, [input.serial], "consume");
      const info = (await toLineInfos(tx, [updated]))[0] as MaterialLineInfo;
      return { line: info, serial: input.serial, itemId: unit.itemId, duplicate: false };
    }),
);

/** Gives back what a line still holds (planners; the line keeps what was consumed). */
async function releaseLine(tx: Tx, row: LineRow, kind: "release" | "expire"): Promise<LineRow> {
  const rest = held(row);
  if (rest > 0) {
    await applyMovement(tx, {
      kind,
      itemId: row.itemId,
      locationId: row.locationId,
      reservedDelta: -rest,
      workOrderId: row.workOrderId,
      lineId: row.id,
    });
  }
  const status: LineStatus = row.consumedQuantity > 0 ? "consumed" : kind === "release" ? "released" : "expired";
  const [updated] = await tx
    .update(line)
    .set({ status, quantity: row.consumedQuantity > 0 ? row.consumedQuantity : row.quantity })
    .where(eq(line.id, row.id))
    .returning();
  return updated as LineRow;
}

export const release = fn(z.object({ workOrderId: id(), lineId: id() }), async (input): Promise<MaterialLineInfo> => {
  requirePlanner();
  return createTransaction(async (tx) => {
    const row = await lockedLine(tx, input.workOrderId, input.lineId);
    if (row.status !== "reserved") {
      throw new AppError("precondition_failed", `This line is ${row.status}: only a reserved line can be released`);
    }
    const released = await releaseLine(tx, row, "release");
    // The line records the release; who gave the stock back is the audit's (no ledger row: decision 217).
    await Audit.record({
      action: "inventory.reservation_released",
      entityType: "inventory_material_line",
      entityId: row.id,
      changes: { reserved: { from: held(row), to: 0 } },
    });
    return (await toLineInfos(tx, [released]))[0] as MaterialLineInfo;
  });
});

/**
 * The `inventory.expire_reservations` job: gives back reservations past their expiry and those of jobs
 * completed or canceled. Lines are claimed with SKIP LOCKED so two runs never release one twice.
 */
export async function expireReservations(now = new Date(), limit = 500): Promise<{ expired: number }> {
  return createTransaction(async (tx) => {
    const closed = tx
      .select({ id: workOrderTable.id })
      .from(workOrderTable)
      .where(inArray(workOrderTable.status, ["completed", "canceled"]));
    const due = await tx
      .select()
      .from(line)
      .where(
        and(eq(line.status, "reserved"), sql`(${lte(line.expiresAt, now)} or ${inArray(line.workOrderId, closed)} )`),
      )
      .limit(limit)
      .for("update", { skipLocked: true });
    for (const row of due) await releaseLine(tx, row, "expire");
    return { expired: due.length };
  });
}
