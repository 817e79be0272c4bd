import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { type CsvCell, csvStream } from "../platform/csv";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { createId } from "../platform/ids";
import { cursor, id, instantText, int, pageLimit, text } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import {
  inventoryItemTable,
  inventoryLocationTable,
  inventoryMovementTable,
  inventorySerialTable,
  inventoryStockTable,
  locationKinds,
  movementKinds,
  serialStatuses,
} from "./inventory.sql";
import {
  applyMovement,
  crossLowStock,
  itemOf,
  locationOf,
  readsAll,
  requireLocationRead,
  requireWorkOrderRead,
} from "./shared";

const s = inventoryStockTable;

export const StockInfo = z.object({
  itemId: z.string(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  serialized: z.boolean(),
  locationId: z.string(),
  locationName: z.string(),
  locationKind: z.enum(locationKinds),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  reorderLevel: z.number().int().nullable(),
  /** Available stock is below the reorder level. */
  low: z.boolean(),
});
export type StockInfo = z.infer<typeof StockInfo>;

async function stockRows(tx: Tx, where: SQL | undefined): Promise<StockInfo[]> {
  const rows = await tx
    .select({
      itemId: s.itemId,
      sku: inventoryItemTable.sku,
      name: inventoryItemTable.name,
      unit: inventoryItemTable.unit,
      serialized: inventoryItemTable.serialized,
      locationId: s.locationId,
      locationName: inventoryLocationTable.name,
      locationKind: inventoryLocationTable.kind,
      onHand: s.onHand,
      reserved: s.reserved,
      reorderLevel: s.reorderLevel,
    })
    .from(s)
    .innerJoin(inventoryItemTable, eq(inventoryItemTable.id, s.itemId))
    .innerJoin(inventoryLocationTable, eq(inventoryLocationTable.id, s.locationId))
    .where(and(isNull(inventoryItemTable.deletedAt), isNull(inventoryLocationTable.deletedAt), where))
    .orderBy(asc(inventoryLocationTable.name), asc(inventoryItemTable.sku));
  return rows.map((r) => {
    const available = r.onHand - r.reserved;
    return { ...r, available, low: r.reorderLevel !== null && available < r.reorderLevel };
  });
}

/** Stock by location (inventory:read); `low` keeps the rows below their reorder level. */
export const listStock = fn(
  z.object({ locationId: id().optional(), itemId: id().optional(), low: z.boolean().default(false) }).default({
    low: false,
  }),
  async (input): Promise<{ items: StockInfo[] }> =>
    useTransaction(async (tx) => {
      if (input.locationId) await requireLocationRead(tx, input.locationId);
      else requirePermission("inventory:read");
      const rows = await stockRows(
        tx,
        and(
          input.locationId ? eq(s.locationId, input.locationId) : undefined,
          input.itemId ? eq(s.itemId, input.itemId) : undefined,
          input.low
            ? sql`${s.reorderLevel} is not null and ${s.onHand} - ${s.reserved} < ${s.reorderLevel}`
            : undefined,
        ),
      );
      return { items: rows };
    }),
);

const reason = () => text(500);

function requireSerialsFit(serialized: boolean, name: string, quantity: number, serials: string[]) {
  if (serialized && serials.length !== quantity) {
    throw new AppError("validation", `Invalid input: serials: ${name} is serialized: list ${quantity} serial(s)`, [
      { path: "serials", message: `must list ${quantity} serial(s)` },
    ]);
  }
  if (!serialized && serials.length) {
    throw new AppError("validation", `Invalid input: serials: ${name} has no serial numbers`, [
      { path: "serials", message: "must be empty for this item" },
    ]);
  }
  if (new Set(serials).size !== serials.length) {
    throw new AppError("validation", "Invalid input: serials: a serial is listed twice", [
      { path: "serials", message: "must be distinct" },
    ]);
  }
}

/** Goods received at a location (a delivery from a supplier); serialized items list their serials. */
export const receive = fn(
  z.object({
    locationId: id(),
    itemId: id(),
    quantity: int(1, 1_000_000),
    serials: z.array(text(100)).max(1000).default([]),
    reason: reason().optional(),
  }),
  async (input): Promise<StockInfo> => {
    requirePermission("inventory:write");
    return createTransaction(async (tx) => {
      const item = await itemOf(tx, input.itemId);
      await locationOf(tx, input.locationId);
      requireSerialsFit(item.serialized, item.name, input.quantity, input.serials);
      if (input.serials.length) {
        await tx
          .insert(inventorySerialTable)
          .values(input.serials.map((serial) => ({ itemId: item.id, serial, locationId: input.locationId })));
      }
      await applyMovement(tx, {
        kind: "receipt",
        itemId: item.id,
        locationId: input.locationId,
        onHandDelta: input.quantity,
        serials: input.serials,
        reason: input.reason ?? null,
      });
      return (await stockRows(tx, and(eq(s.itemId, item.id), eq(s.locationId, input.locationId))))[0] as StockInfo;
    });
  },
);

/**
 * A correction with a reason (damaged, lost, found). Serialized items name the serials removed or
 * added. Never takes stock below what is reserved: release reservations first.
 */
export const adjust = fn(
  z.object({
    locationId: id(),
    itemId: id(),
    delta: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((d) => d !== 0, "must not be 0"),
    reason: reason(),
    serials: z.array(text(100)).max(1000).default([]),
  }),
  async (input): Promise<StockInfo> => {
    requirePermission("inventory:write");
    return createTransaction(async (tx) => {
      const item = await itemOf(tx, input.itemId);
      await locationOf(tx, input.locationId);
      requireSerialsFit(item.serialized, item.name, Math.abs(input.delta), input.serials);
      if (item.serialized && input.delta > 0) {
        await tx
          .insert(inventorySerialTable)
          .values(input.serials.map((serial) => ({ itemId: item.id, serial, locationId: input.locationId })));
      } else if (item.serialized) {
        await removeSerials(tx, item.id, input.locationId, input.serials);
      }
      await applyMovement(tx, {
        kind: "adjustment",
        itemId: item.id,
        locationId: input.locationId,
        onHandDelta: input.delta,
        serials: input.serials,
        reason: input.reason,
      });
      return (await stockRows(tx, and(eq(s.itemId, item.id), eq(s.locationId, input.locationId))))[0] as StockInfo;
    });
  },
);

async function removeSerials(tx: Tx, itemId: string, locationId: string, serials: string[]) {
  const gone = await tx
    .delete(inventorySerialTable)
    .where(
      and(
        eq(inventorySerialTable.itemId, itemId),
        eq(inventorySerialTable.locationId, locationId),
        eq(inventorySerialTable.status, "in_stock"),
        inArray(inventorySerialTable.serial, serials),
      ),
    )
    .returning({ serial: inventorySerialTable.serial });
  if (gone.length !== serials.length) {
    const found = new Set(gone.map((g) => g.serial));
    const missing = serials.filter((x) => !found.has(x));
    throw new AppError("conflict", `Serial(s) ${missing.join(", ")} are not in stock at this location`, [
      { path: "serials", message: `not in stock here: ${missing.join(", ")}` },
    ]);
  }
}

/**
 * A stock count: for each line the counted quantity replaces on-hand, through a `count` ledger row of
 * the difference. Serialized items are corrected with adjustments naming serials, not counts.
 */
export const count = fn(
  z.object({
    locationId: id(),
    reason: reason(),
    lines: z
      .array(z.object({ itemId: id(), counted: int(0, 1_000_000) }))
      .min(1)
      .max(500),
  }),
  async (input): Promise<{ items: StockInfo[] }> => {
    requirePermission("inventory:write");
    return createTransaction(async (tx) => {
      await locationOf(tx, input.locationId);
      for (const [i, l] of input.lines.entries()) {
        const item = await itemOf(tx, l.itemId);
        if (item.serialized) {
          throw new AppError(
            "validation",
            `Invalid input: lines.${i}.itemId: ${item.name} is serialized: adjust it naming the serials`,
            [{ path: `lines.${i}.itemId`, message: "is serialized: use an adjustment with serials" }],
          );
        }
        await tx.insert(s).values({ itemId: l.itemId, locationId: input.locationId }).onConflictDoNothing();
        const [current] = await tx
          .select({ onHand: s.onHand })
          .from(s)
          .where(and(eq(s.itemId, l.itemId), eq(s.locationId, input.locationId)))
          .for("update");
        const delta = l.counted - (current?.onHand ?? 0);
        if (delta !== 0) {
          await applyMovement(tx, {
            kind: "count",
            itemId: l.itemId,
            locationId: input.locationId,
            onHandDelta: delta,
            reason: input.reason,
          });
        }
      }
      const ids = input.lines.map((l) => l.itemId);
      return { items: await stockRows(tx, and(eq(s.locationId, input.locationId), inArray(s.itemId, ids))) };
    });
  },
);

/** The reorder threshold of one item at one location (null: no alert). */
export const setReorderLevel = fn(
  z.object({ locationId: id(), itemId: id(), reorderLevel: int(0, 1_000_000).nullable() }),
  async (input): Promise<StockInfo> => {
    requirePermission("inventory:write");
    return createTransaction(async (tx) => {
      await itemOf(tx, input.itemId);
      await locationOf(tx, input.locationId);
      await tx.insert(s).values({ itemId: input.itemId, locationId: input.locationId }).onConflictDoNothing();
      const [row] = await tx
        .update(s)
        .set({ reorderLevel: input.reorderLevel })
        .where(and(eq(s.itemId, input.itemId), eq(s.locationId, input.locationId)))
        .returning();
      if (!row) throw new AppError("internal", "The stock row is missing");
      const low = row.reorderLevel !== null && row.onHand - row.reserved < row.reorderLevel;
      if (low !== (row.lowAlertedAt !== null)) await crossLowStock(tx, input.itemId, input.locationId, low);
      await Audit.record({
        action: "inventory.reorder_level_set",
        entityType: "inventory_stock",
        entityId: `${input.itemId}:${input.locationId}`,
        changes: { reorderLevel: { to: input.reorderLevel } },
      });
      return (await stockRows(tx, and(eq(s.itemId, input.itemId), eq(s.locationId, input.locationId))))[0] as StockInfo;
    });
  },
);

export const TransferLine = z.object({
  itemId: id(),
  quantity: int(1, 1_000_000),
  serials: z.array(text(100)).max(1000).default([]),
});

/**
 * Moves stock between two locations: a `transfer_out` and a `transfer_in` ledger row per line, sharing
 * a transfer id; serial units move with it. Used by storekeepers and by issuing a material request.
 */
export async function transferIn(
  tx: Tx,
  input: {
    fromLocationId: string;
    toLocationId: string;
    lines: z.output<typeof TransferLine>[];
    reason?: string | null;
  },
  materialRequestId: string | null = null,
): Promise<string> {
  if (input.fromLocationId === input.toLocationId) {
    throw new AppError("validation", "Invalid input: toLocationId: must differ from fromLocationId", [
      { path: "toLocationId", message: "must differ from the source" },
    ]);
  }
  await locationOf(tx, input.fromLocationId);
  await locationOf(tx, input.toLocationId);
  const transferId = createId();
  for (const l of input.lines) {
    const item = await itemOf(tx, l.itemId);
    requireSerialsFit(item.serialized, item.name, l.quantity, l.serials);
    if (l.serials.length) {
      const moved = await tx
        .update(inventorySerialTable)
        .set({ locationId: input.toLocationId })
        .where(
          and(
            eq(inventorySerialTable.itemId, l.itemId),
            eq(inventorySerialTable.locationId, input.fromLocationId),
            eq(inventorySerialTable.status, "in_stock"),
            inArray(inventorySerialTable.serial, l.serials),
          ),
        )
        .returning({ serial: inventorySerialTable.serial });
      if (moved.length !== l.serials.length) {
        const found = new Set(moved.map((m) => m.serial));
        const missing = l.serials.filter((x) => !found.has(x));
        throw new AppError("conflict", `Serial(s) ${missing.join(", ")} are not in stock at the source`, [
          { path: "serials", message: `not at the source: ${missing.join(", ")}` },
        ]);
      }
    }
    const common = {
      itemId: l.itemId,
      transferId,
      materialRequestId,
      serials: l.serials,
      reason: input.reason ?? null,
    };
    await applyMovement(tx, {
      ...common,
      kind: "transfer_out",
      locationId: input.fromLocationId,
      onHandDelta: -l.quantity,
    });
    await applyMovement(tx, {
      ...common,
      kind: "transfer_in",
      locationId: input.toLocationId,
      onHandDelta: l.quantity,
    });
  }
  return transferId;
}

export const transfer = fn(
  z.object({
    fromLocationId: id(),
    toLocationId: id(),
    lines: z.array(TransferLine).min(1).max(200),
    reason: reason().optional(),
  }),
  async (input): Promise<{ transferId: string }> => {
    requirePermission("inventory:write");
    return createTransaction(async (tx) => ({ transferId: await transferIn(tx, input) }));
  },
);

export const MovementInfo = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(movementKinds),
  itemId: z.string(),
  sku: z.string(),
  itemName: z.string(),
  locationId: z.string(),
  locationName: z.string(),
  onHandDelta: z.number().int(),
  reservedDelta: z.number().int(),
  workOrderId: z.string().nullable(),
  lineId: z.string().nullable(),
  transferId: z.string().nullable(),
  materialRequestId: z.string().nullable(),
  serials: z.array(z.string()),
  reason: z.string().nullable(),
  actorType: z.string(),
  actorId: z.string().nullable(),
});
export type MovementInfo = z.infer<typeof MovementInfo>;

export const MovementFilters = z.object({
  itemId: id().optional(),
  locationId: id().optional(),
  workOrderId: id().optional(),
  kind: z.enum(movementKinds).optional(),
});

const m = inventoryMovementTable;
const page = keyset({ columns: [m.at, m.id], direction: "desc", position: z.tuple([instantText(), id()]) });

function movementQuery(tx: Tx, f: z.output<typeof MovementFilters>, extra?: SQL) {
  return tx
    .select({
      id: m.id,
      at: m.at,
      cursorAt: microseconds(m.at),
      kind: m.kind,
      itemId: m.itemId,
      sku: inventoryItemTable.sku,
      itemName: inventoryItemTable.name,
      locationId: m.locationId,
      locationName: inventoryLocationTable.name,
      onHandDelta: m.onHandDelta,
      reservedDelta: m.reservedDelta,
      workOrderId: m.workOrderId,
      lineId: m.lineId,
      transferId: m.transferId,
      materialRequestId: m.materialRequestId,
      serials: m.serials,
      reason: m.reason,
      actorType: m.actorType,
      actorId: m.actorId,
    })
    .from(m)
    .innerJoin(inventoryItemTable, eq(inventoryItemTable.id, m.itemId))
    .innerJoin(inventoryLocationTable, eq(inventoryLocationTable.id, m.locationId))
    .where(
      and(
        f.itemId ? eq(m.itemId, f.itemId) : undefined,
        f.locationId ? eq(m.locationId, f.locationId) : undefined,
        f.workOrderId ? eq(m.workOrderId, f.workOrderId) : undefined,
        f.kind ? eq(m.kind, f.kind) : undefined,
        extra,
      ),
    )
    .orderBy(...page.orderBy);
}

type MovementRow = Awaited<ReturnType<typeof movementQuery>>[number];
const toMovementInfo = ({ cursorAt: _, ...r }: MovementRow): MovementInfo => ({ ...r, at: r.at.toISOString() });

/** Scope: inventory readers see every movement; a technician those of their van or of their jobs. */
async function requireMovementScope(tx: Tx, f: z.output<typeof MovementFilters>) {
  if (readsAll()) return;
  if (f.locationId) return void (await requireLocationRead(tx, f.locationId));
  if (f.workOrderId) return void (await requireWorkOrderRead(tx, f.workOrderId));
  requirePermission("inventory:read");
}

/** The ledger, newest first, filtered by item, location, work order or kind. */
export const listMovements = fn(
  MovementFilters.extend({ cursor: cursor().optional(), limit: pageLimit(500, 100) }),
  async ({ cursor: after, limit, ...f }): Promise<{ items: MovementInfo[]; nextCursor: string | null }> =>
    useTransaction(async (tx) => {
      await requireMovementScope(tx, f);
      const rows = await movementQuery(tx, f, page.after(after)).limit(page.take(limit));
      const { items, nextCursor } = page.page(rows, limit, (r) => [r.cursorAt, r.id]);
      return { items: items.map(toMovementInfo), nextCursor };
    }),
);

export const movementCsvHeader = [
  "at",
  "kind",
  "sku",
  "item",
  "location",
  "on_hand_delta",
  "reserved_delta",
  "work_order_id",
  "serials",
  "reason",
  "actor_type",
  "actor_id",
];

/** The filtered ledger as CSV (inventory:read), streamed page by page. */
export const exportMovements = fn(MovementFilters, async (f): Promise<ReadableStream<Uint8Array>> => {
  requirePermission("inventory:read");
  async function* rows(): AsyncIterable<CsvCell[]> {
    let after: string | undefined;
    do {
      const batch = await useTransaction((tx) => movementQuery(tx, f, page.after(after)).limit(page.take(500)));
      const { items, nextCursor } = page.page(batch, 500, (r) => [r.cursorAt, r.id]);
      for (const r of items) {
        yield [
          r.at,
          r.kind,
          r.sku,
          r.itemName,
          r.locationName,
          r.onHandDelta,
          r.reservedDelta,
          r.workOrderId,
          r.serials.join(" "),
          r.reason,
          r.actorType,
          r.actorId,
        ];
      }
      after = nextCursor ?? undefined;
    } while (after);
  }
  return csvStream(movementCsvHeader, rows());
});

export const SerialInfo = z.object({
  id: z.string(),
  itemId: z.string(),
  sku: z.string(),
  itemName: z.string(),
  serial: z.string(),
  status: z.enum(serialStatuses),
  locationId: z.string().nullable(),
  locationName: z.string().nullable(),
  workOrderId: z.string().nullable(),
  installedAt: z.string().nullable(),
});
export type SerialInfo = z.infer<typeof SerialInfo>;

/** Serial units: where each is (a location, or installed at a job). */
export const listSerials = fn(
  z
    .object({
      itemId: id().optional(),
      locationId: id().optional(),
      workOrderId: id().optional(),
      serial: text(100).optional(),
    })
    .default({}),
  async (f): Promise<{ items: SerialInfo[] }> =>
    useTransaction(async (tx) => {
      if (f.locationId) await requireLocationRead(tx, f.locationId);
      else if (f.workOrderId) await requireWorkOrderRead(tx, f.workOrderId);
      else requirePermission("inventory:read");
      const u = inventorySerialTable;
      const rows = await tx
        .select({
          id: u.id,
          itemId: u.itemId,
          sku: inventoryItemTable.sku,
          itemName: inventoryItemTable.name,
          serial: u.serial,
          status: u.status,
          locationId: u.locationId,
          locationName: inventoryLocationTable.name,
          workOrderId: u.workOrderId,
          installedAt: u.installedAt,
        })
        .from(u)
        .innerJoin(inventoryItemTable, eq(inventoryItemTable.id, u.itemId))
        .leftJoin(inventoryLocationTable, eq(inventoryLocationTable.id, u.locationId))
        .where(
          and(
            f.itemId ? eq(u.itemId, f.itemId) : undefined,
            f.locationId ? eq(u.locationId, f.locationId) : undefined,
            f.workOrderId ? eq(u.workOrderId, f.workOrderId) : undefined,
            f.serial ? eq(u.serial, f.serial) : undefined,
          ),
        )
        .orderBy(asc(inventoryItemTable.sku), asc(u.serial))
        .limit(1000);
      return { items: rows.map((r) => ({ ...r, installedAt: r.installedAt?.toISOString() ?? null })) };
    }),
);

export interface Drift {
  itemId: string;
  locationId: string;
  onHand: number;
  reserved: number;
  /** The sum of the ledger's on-hand changes. */
  ledgerOnHand: number;
  /** What the open material lines still hold. */
  linesReserved: number;
}

/**
 * Balances rebuilt where they differ from the kept ones (none, if all is well): on hand from the ledger,
 * reserved from what the open material lines still hold.
 */
export async function ledgerDrift(): Promise<Drift[]> {
  requirePermission("inventory:read");
  const result = await useTransaction((tx) =>
    tx.execute(sql`
      with ledger as (select item_id, location_id, sum(on_hand_delta) as on_hand
                        from inventory_movement group by item_id, location_id),
           held as (select item_id, location_id, sum(quantity - consumed_quantity) as reserved
                      from inventory_material_line where status = 'reserved' group by item_id, location_id),
           rebuilt as (select coalesce(l.item_id, h.item_id) as item_id, coalesce(l.location_id, h.location_id) as location_id,
                              coalesce(l.on_hand, 0) as on_hand, coalesce(h.reserved, 0) as reserved
                         from ledger l
                         full join held h on h.item_id = l.item_id and h.location_id = l.location_id)
      select coalesce(s.item_id, r.item_id) as "itemId", coalesce(s.location_id, r.location_id) as "locationId",
             coalesce(s.on_hand, 0) as "onHand", coalesce(s.reserved, 0) as "reserved",
             coalesce(r.on_hand, 0)::int as "ledgerOnHand", coalesce(r.reserved, 0)::int as "linesReserved"
        from inventory_stock s
        full join rebuilt r on r.item_id = s.item_id and r.location_id = s.location_id
       where coalesce(s.on_hand, 0) <> coalesce(r.on_hand, 0) or coalesce(s.reserved, 0) <> coalesce(r.reserved, 0)`),
  );
  return (result as unknown as { rows: Drift[] }).rows;
}
