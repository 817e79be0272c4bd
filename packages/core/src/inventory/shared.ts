import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { holds } from "../access";
import { userTable } from "../auth/auth.sql";
import { notificationTable } from "../notification/notification.sql";
import { actorRef, useActor } from "../platform/context";
import { createTransaction, type Tx } from "../platform/db";
import { executePrepared } from "../platform/db/prepared";
import { AppError } from "../platform/errors";
import { createId } from "../platform/ids";
import { workOrderAssignmentTable, workOrderTable } from "../workorder/workorder.sql";
import {
  inventoryItemTable,
  inventoryLocationTable,
  inventoryStockTable,
  type MovementKind,
  type ReservationChange,
} from "./inventory.sql";

export type ItemRow = typeof inventoryItemTable.$inferSelect;
export type LocationRow = typeof inventoryLocationTable.$inferSelect;

/** The staff user acting, or null for system jobs and API keys. */
export function actingUserId(): string | null {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
}

export async function itemOf(tx: Tx, id: string): Promise<ItemRow> {
  const [row] = await tx
    .select()
    .from(inventoryItemTable)
    .where(and(eq(inventoryItemTable.id, id), isNull(inventoryItemTable.deletedAt)));
  if (!row) throw new AppError("not_found", `Item ${id} does not exist`);
  return row;
}

export async function locationOf(tx: Tx, id: string): Promise<LocationRow> {
  const [row] = await tx
    .select()
    .from(inventoryLocationTable)
    .where(and(eq(inventoryLocationTable.id, id), isNull(inventoryLocationTable.deletedAt)));
  if (!row) throw new AppError("not_found", `Location ${id} does not exist`);
  return row;
}

/** The van of `userId`, if they have one. */
export async function vanOf(tx: Tx, userId: string): Promise<LocationRow | undefined> {
  const [row] = await tx
    .select()
    .from(inventoryLocationTable)
    .where(and(eq(inventoryLocationTable.ownerUserId, userId), isNull(inventoryLocationTable.deletedAt)));
  return row;
}

/** Whether the actor may read everything in inventory (storekeepers, dispatchers, admins). */
export const readsAll = () => holds("inventory:read");

/** Reading one location: inventory:read, or the van's own technician. */
export async function requireLocationRead(tx: Tx, locationId: string): Promise<LocationRow> {
  const location = await locationOf(tx, locationId);
  if (readsAll()) return location;
  const me = actingUserId();
  if (me && location.ownerUserId === me) return location;
  throw new AppError("not_found", `Location ${locationId} does not exist`);
}

export type WorkOrderRow = Pick<
  typeof workOrderTable.$inferSelect,
  "id" | "number" | "title" | "status" | "primaryAssigneeId"
>;

export async function workOrderOf(tx: Tx, id: string): Promise<WorkOrderRow> {
  const [row] = await tx
    .select({
      id: workOrderTable.id,
      number: workOrderTable.number,
      title: workOrderTable.title,
      status: workOrderTable.status,
      primaryAssigneeId: workOrderTable.primaryAssigneeId,
    })
    .from(workOrderTable)
    .where(and(eq(workOrderTable.id, id), isNull(workOrderTable.deletedAt)));
  if (!row) throw new AppError("not_found", `Work order ${id} does not exist`);
  return row;
}

/** Materials are planned on open jobs only. */
export const closedWorkOrder = (wo: WorkOrderRow) =>
  new AppError("precondition_failed", `Work order ${wo.number} is ${wo.status}: plan materials on open jobs`);

export async function isAssigned(tx: Tx, workOrderId: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ userId: workOrderAssignmentTable.userId })
    .from(workOrderAssignmentTable)
    .where(and(eq(workOrderAssignmentTable.workOrderId, workOrderId), eq(workOrderAssignmentTable.userId, userId)));
  return row !== undefined;
}

/**
 * Reading a job's materials: whoever reads inventory or work orders, and the job's own technicians.
 * Anyone else is told the job does not exist (no probing of ids).
 */
export async function requireWorkOrderRead(tx: Tx, workOrderId: string): Promise<WorkOrderRow> {
  const wo = await workOrderOf(tx, workOrderId);
  if (readsAll() || holds("operations:work_order:read")) return wo;
  const me = actingUserId();
  if (me && holds("field:job:read") && (await isAssigned(tx, workOrderId, me))) return wo;
  throw new AppError("not_found", `Work order ${workOrderId} does not exist`);
}

export interface Movement {
  /** A ledger movement, or a change to what is reserved alone (recorded by its line, no ledger row). */
  kind: MovementKind | ReservationChange;
  itemId: string;
  locationId: string;
  onHandDelta?: number;
  reservedDelta?: number;
  workOrderId?: string | null;
  lineId?: string | null;
  transferId?: string | null;
  materialRequestId?: string | null;
  serials?: string[];
  reason?: string | null;
  clientRef?: string | null;
  /**
   * A work-order material line written by the same statement, only if the reservation succeeds and
   * the work order is still open (planning a line is then one statement: no transaction round trips).
   */
  line?: { id: string; quantity: number; expiresAt: Date; createdById: string | null };
}

interface BalanceRow {
  onHand: number;
  reserved: number;
  reorderLevel: number | null;
  alerted: boolean;
  lineCreatedAt: Date | string | null;
}

export interface Balance {
  onHand: number;
  reserved: number;
  /** When `line` was given: its creation instant. */
  lineCreatedAt?: Date;
}

/** What the actor is told when stock is short: how many there are, so they can ask for what exists. */
async function shortage(tx: Tx, m: Movement, onHandDelta: number, reservedDelta: number): Promise<AppError> {
  const [row] = await tx
    .select({
      onHand: sql<number>`coalesce(${inventoryStockTable.onHand}, 0)`,
      reserved: sql<number>`coalesce(${inventoryStockTable.reserved}, 0)`,
      sku: inventoryItemTable.sku,
      item: inventoryItemTable.name,
      location: inventoryLocationTable.name,
    })
    .from(inventoryItemTable)
    .innerJoin(inventoryLocationTable, eq(inventoryLocationTable.id, m.locationId))
    .leftJoin(
      inventoryStockTable,
      and(eq(inventoryStockTable.itemId, inventoryItemTable.id), eq(inventoryStockTable.locationId, m.locationId)),
    )
    .where(eq(inventoryItemTable.id, m.itemId));
  if (!row) return new AppError("not_found", `Item ${m.itemId} or location ${m.locationId} does not exist`);
  const onHand = Number(row.onHand);
  const reserved = Number(row.reserved);
  const available = onHand - reserved;
  const needed = reservedDelta > 0 ? reservedDelta : -onHandDelta - Math.max(0, -reservedDelta);
  const what = `${row.item} (${row.sku}) at ${row.location}`;
  const message =
    onHandDelta < 0 && onHand + onHandDelta < 0
      ? `Only ${onHand} of ${what} on hand (${available} available); ${-onHandDelta} asked`
      : `Only ${available} of ${what} available (${onHand} on hand, ${reserved} reserved); ${needed} asked`;
  return new AppError("conflict", message, [{ path: "quantity", message: `only ${available} available` }], {
    reason: { key: "insufficient_stock", params: { available: String(available), onHand: String(onHand) } },
  });
}

const APPLY_MOVEMENT = `select out_on_hand as "onHand", out_reserved as "reserved", out_reorder_level as "reorderLevel",
       out_alerted as "alerted", out_line_created_at as "lineCreatedAt"
  from inventory_apply_movement($1::uuid, $2::text, $3::uuid, $4::uuid, $5::int, $6::int, $7::uuid, $8::uuid,
       $9::uuid, $10::uuid, $11::jsonb, $12::text, $13::text, $14::text, $15::text, $16::int, $17::timestamptz, $18::uuid)`;

/**
 * Applies one movement: a conditional UPDATE of the balance (refused, with what is available, when it
 * would go negative or reserve more than is on hand: the row lock makes concurrent callers queue and
 * re-check), its ledger row when on-hand changes (a change to what is reserved alone is recorded by its
 * line), and the low-stock alert when the available stock crosses below the reorder level. Runs in the
 * caller's transaction.
 */
export async function applyMovement(tx: Tx, m: Movement): Promise<Balance> {
  const onHandDelta = m.onHandDelta ?? 0;
  const reservedDelta = m.reservedDelta ?? 0;
  if (onHandDelta > 0) {
    await tx.insert(inventoryStockTable).values({ itemId: m.itemId, locationId: m.locationId }).onConflictDoNothing();
  }
  // One call moves the balance and writes its ledger row (or the planned line), so the row lock is held
  // for that call and the commit only; the function's plans are kept per connection and the call's text
  // never varies, so it is prepared once (migrations 0027 and 0030, decisions 214 and 217).
  const { actorType, actorId } = actorRef();
  const ln = m.line;
  const rows = await executePrepared<BalanceRow>(tx, APPLY_MOVEMENT, [
    createId(),
    m.kind,
    m.itemId,
    m.locationId,
    onHandDelta,
    reservedDelta,
    m.workOrderId ?? null,
    m.lineId ?? null,
    m.transferId ?? null,
    m.materialRequestId ?? null,
    JSON.stringify(m.serials ?? []),
    m.reason ?? null,
    m.clientRef ?? null,
    actorType,
    actorId,
    ln ? ln.quantity : null,
    ln ? ln.expiresAt.toISOString() : null,
    ln ? ln.createdById : null,
  ]);
  const [row] = rows;
  if (!row) {
    if (ln && m.workOrderId) {
      const wo = await workOrderOf(tx, m.workOrderId);
      if (wo.status === "completed" || wo.status === "canceled") throw closedWorkOrder(wo);
    }
    throw await shortage(tx, m, onHandDelta, reservedDelta);
  }
  const onHand = Number(row.onHand);
  const reserved = Number(row.reserved);
  const low = row.reorderLevel !== null && onHand - reserved < Number(row.reorderLevel);
  // Outside a caller's transaction the movement committed alone: the crossing gets its own transaction.
  if (low !== row.alerted) await createTransaction((t) => crossLowStock(t, m.itemId, m.locationId, low));
  return row.lineCreatedAt ? { onHand, reserved, lineCreatedAt: new Date(row.lineCreatedAt) } : { onHand, reserved };
}

/**
 * Marks (or clears) the current crossing below the reorder level; a new crossing notifies the
 * storekeepers and admins once (the dedupe key is the crossing's instant).
 */
export async function crossLowStock(tx: Tx, itemId: string, locationId: string, low: boolean): Promise<void> {
  const s = inventoryStockTable;
  const pk = and(eq(s.itemId, itemId), eq(s.locationId, locationId));
  if (!low) {
    await tx
      .update(s)
      .set({ lowAlertedAt: null })
      .where(and(pk, sql`${s.lowAlertedAt} is not null`));
    return;
  }
  const [marked] = await tx
    .update(s)
    .set({ lowAlertedAt: sql`now()` })
    .where(and(pk, isNull(s.lowAlertedAt)))
    .returning({ at: s.lowAlertedAt, onHand: s.onHand, reserved: s.reserved, reorderLevel: s.reorderLevel });
  if (!marked) return;
  const [names] = await tx
    .select({ sku: inventoryItemTable.sku, item: inventoryItemTable.name, location: inventoryLocationTable.name })
    .from(inventoryItemTable)
    .innerJoin(inventoryLocationTable, eq(inventoryLocationTable.id, locationId))
    .where(eq(inventoryItemTable.id, itemId));
  const recipients = await tx
    .select({ id: userTable.id })
    .from(userTable)
    .where(
      and(
        eq(userTable.portal, "staff"),
        isNull(userTable.deactivatedAt),
        or(sql`'storekeeper' = any(${userTable.roles})`, sql`'admin' = any(${userTable.roles})`),
      ),
    );
  if (recipients.length === 0 || !names) return;
  const available = marked.onHand - marked.reserved;
  await tx
    .insert(notificationTable)
    .values(
      recipients.map((r) => ({
        userId: r.id,
        kind: "inventory_low_stock" as const,
        title: `Low stock: ${names.item} (${names.sku}) at ${names.location}`,
        body: `${available} available, reorder level ${marked.reorderLevel}.`,
        link: `/inventory/stock?locationId=${locationId}`,
        dedupeKey: `inventory_low_stock:${itemId}:${locationId}:${marked.at?.toISOString()}:${r.id}`,
      })),
    )
    .onConflictDoNothing();
}

/** Item and location names by id, for Info shapes. */
export async function namesOf(tx: Tx, itemIds: string[], locationIds: string[]) {
  const items = itemIds.length
    ? await tx
        .select()
        .from(inventoryItemTable)
        .where(inArray(inventoryItemTable.id, [...new Set(itemIds)]))
    : [];
  const locations = locationIds.length
    ? await tx
        .select()
        .from(inventoryLocationTable)
        .where(inArray(inventoryLocationTable.id, [...new Set(locationIds)]))
    : [];
  return {
    item: new Map(items.map((i) => [i.id, i])),
    location: new Map(locations.map((l) => [l.id, l])),
  };
}
