import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { workOrderTable } from "../workorder/workorder.sql";

/** A stock-keeping unit: numbered from the row-locked sequence (scope `inventory_item`). */
export const inventoryItemTable = pgTable(
  "inventory_item",
  {
    id: id(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    /** What one unit is: "each", "m", "box"… */
    unit: text("unit").notNull().default("each"),
    /** Integer minor units of `currency`. */
    unitPriceMinor: bigint("unit_price_minor", { mode: "number" }).notNull().default(0),
    currency: text("currency").notNull().default("USD"),
    /** Each unit carries a serial number (ONTs, routers): quantities move as serial units. */
    serialized: boolean("serialized").notNull().default(false),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("inventory_item_sku_idx").on(t.sku),
    check("inventory_item_price", sql`${t.unitPriceMinor} >= 0`),
    check("inventory_item_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const locationKinds = ["warehouse", "van"] as const;
export type LocationKind = (typeof locationKinds)[number];

/** Where stock sits: a warehouse, or a technician's van (a location with an owner user). */
export const inventoryLocationTable = pgTable(
  "inventory_location",
  {
    id: id(),
    name: text("name").notNull(),
    kind: text("kind", { enum: locationKinds }).notNull(),
    ownerUserId: uuid("owner_user_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("inventory_location_name_idx").on(t.name).where(sql`${t.deletedAt} is null`),
    // One van per technician.
    uniqueIndex("inventory_location_owner_idx").on(t.ownerUserId).where(sql`${t.deletedAt} is null`),
    check("inventory_location_van_owner", sql`(${t.kind} = 'van') = (${t.ownerUserId} is not null)`),
  ],
);

/**
 * The balance of one item at one location, kept by conditional UPDATEs in the same transaction as the
 * ledger row that explains them; the CHECKs make an oversell impossible whatever a verb does.
 * `low_alerted_at` marks the current crossing below `reorder_level` (cleared when stock recovers).
 */
export const inventoryStockTable = pgTable(
  "inventory_stock",
  {
    itemId: uuid("item_id")
      .notNull()
      .references(() => inventoryItemTable.id),
    locationId: uuid("location_id")
      .notNull()
      .references(() => inventoryLocationTable.id),
    onHand: integer("on_hand").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    reorderLevel: integer("reorder_level"),
    lowAlertedAt: instant("low_alerted_at"),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.locationId] }),
    index("inventory_stock_location_idx").on(t.locationId),
    check("inventory_stock_on_hand", sql`${t.onHand} >= 0`),
    check("inventory_stock_reserved", sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
    check("inventory_stock_reorder", sql`${t.reorderLevel} is null or ${t.reorderLevel} >= 0`),
  ],
);

export const serialStatuses = ["in_stock", "installed"] as const;
export type SerialStatus = (typeof serialStatuses)[number];

/** One serial-numbered unit: in stock at a location, or installed at a work order. */
export const inventorySerialTable = pgTable(
  "inventory_serial",
  {
    id: id(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => inventoryItemTable.id),
    serial: text("serial").notNull(),
    status: text("status", { enum: serialStatuses }).notNull().default("in_stock"),
    locationId: uuid("location_id").references(() => inventoryLocationTable.id),
    workOrderId: uuid("work_order_id").references(() => workOrderTable.id),
    installedAt: instant("installed_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("inventory_serial_item_idx").on(t.itemId, t.serial),
    index("inventory_serial_serial_idx").on(t.serial),
    index("inventory_serial_location_idx").on(t.locationId, t.itemId),
    index("inventory_serial_work_order_idx").on(t.workOrderId),
    check(
      "inventory_serial_where",
      sql`(${t.status} = 'in_stock' and ${t.locationId} is not null) or (${t.status} = 'installed' and ${t.workOrderId} is not null)`,
    ),
  ],
);

export const lineStatuses = ["reserved", "consumed", "released", "expired"] as const;
export type LineStatus = (typeof lineStatuses)[number];

/**
 * A work order's material line: `quantity` planned and reserved at `location_id`, `consumed_quantity`
 * used on the job. The reservation still held is `quantity - consumed_quantity` while `reserved`.
 */
export const inventoryMaterialLineTable = pgTable(
  "inventory_material_line",
  {
    id: id(),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrderTable.id),
    /** With `location_id`, the balance the line reserves from (a composite key: see the table's foreign key). */
    itemId: uuid("item_id").notNull(),
    locationId: uuid("location_id").notNull(),
    quantity: integer("quantity").notNull(),
    consumedQuantity: integer("consumed_quantity").notNull().default(0),
    status: text("status", { enum: lineStatuses }).notNull().default("reserved"),
    /** When an unconsumed reservation is given back by the `inventory.expire_reservations` job. */
    expiresAt: instant("expires_at"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
  },
  (t) => [
    // The line points at its balance row, which the reservation has just locked: checking it costs no
    // shared lock on the item's and the location's rows, which every reservation of a hot item would share.
    foreignKey({
      name: "inventory_material_line_stock_fk",
      columns: [t.itemId, t.locationId],
      foreignColumns: [inventoryStockTable.itemId, inventoryStockTable.locationId],
    }),
    index("inventory_material_line_wo_idx").on(t.workOrderId),
    index("inventory_material_line_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'reserved'`),
    check("inventory_material_line_quantity", sql`${t.quantity} >= 0 and ${t.consumedQuantity} >= 0`),
  ],
);

/** What the ledger records: every change to what is on hand. */
export const movementKinds = ["receipt", "adjustment", "count", "transfer_out", "transfer_in", "consume"] as const;
export type MovementKind = (typeof movementKinds)[number];

/**
 * Changes to what is reserved alone: recorded by their material line (its quantity, status and
 * timestamps), not by a ledger row (decision 217).
 */
export const reservationChanges = ["reserve", "release", "expire"] as const;
export type ReservationChange = (typeof reservationChanges)[number];

/**
 * The ledger: one append-only row per movement of one item at one location that changes what is on
 * hand. `on_hand` is the sum of `on_hand_delta`; `reserved` is what the open material lines hold (a
 * consumption's `reserved_delta` is the part of it that came out of its line's reservation). Tests rebuild
 * both. `client_ref` makes a technician's replayed consumption a no-op per work order.
 */
export const inventoryMovementTable = pgTable(
  "inventory_movement",
  {
    id: id(),
    at: instant("at").notNull().defaultNow(),
    kind: text("kind", { enum: movementKinds }).notNull(),
    /** With `location_id`, the balance the movement changed (composite foreign key, as on the line). */
    itemId: uuid("item_id").notNull(),
    locationId: uuid("location_id").notNull(),
    onHandDelta: integer("on_hand_delta").notNull().default(0),
    reservedDelta: integer("reserved_delta").notNull().default(0),
    workOrderId: uuid("work_order_id").references(() => workOrderTable.id),
    lineId: uuid("line_id").references(() => inventoryMaterialLineTable.id),
    /** Both halves of a transfer share it. */
    transferId: uuid("transfer_id"),
    materialRequestId: uuid("material_request_id"),
    serials: text("serials").array().notNull().default(sql`'{}'::text[]`),
    reason: text("reason"),
    clientRef: text("client_ref"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
  },
  (t) => [
    foreignKey({
      name: "inventory_movement_stock_fk",
      columns: [t.itemId, t.locationId],
      foreignColumns: [inventoryStockTable.itemId, inventoryStockTable.locationId],
    }),
    index("inventory_movement_at_idx").on(t.at, t.id),
    index("inventory_movement_item_idx").on(t.itemId, t.locationId),
    index("inventory_movement_location_idx").on(t.locationId, t.at),
    index("inventory_movement_wo_idx").on(t.workOrderId),
    uniqueIndex("inventory_movement_client_ref_idx")
      .on(t.workOrderId, t.clientRef)
      .where(sql`${t.clientRef} is not null`),
  ],
);

export const requestStatuses = [
  "draft",
  "submitted",
  "approved",
  "rejected",
  "issued",
  "fulfilled",
  "canceled",
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** A technician's request for stock to be moved from a source (a warehouse) to a destination (their van). */
export const materialRequestTable = pgTable(
  "material_request",
  {
    id: id(),
    number: text("number").notNull(),
    status: text("status", { enum: requestStatuses }).notNull().default("draft"),
    requestedById: uuid("requested_by_id")
      .notNull()
      .references(() => userTable.id),
    workOrderId: uuid("work_order_id").references(() => workOrderTable.id),
    fromLocationId: uuid("from_location_id")
      .notNull()
      .references(() => inventoryLocationTable.id),
    toLocationId: uuid("to_location_id")
      .notNull()
      .references(() => inventoryLocationTable.id),
    note: text("note"),
    decidedById: uuid("decided_by_id").references(() => userTable.id),
    decidedAt: instant("decided_at"),
    decisionNote: text("decision_note"),
    submittedAt: instant("submitted_at"),
    issuedAt: instant("issued_at"),
    fulfilledAt: instant("fulfilled_at"),
    canceledAt: instant("canceled_at"),
    /** The requester's own id for this request (an offline outbox's): a resend answers the first one. */
    clientRef: text("client_ref"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("material_request_number_idx").on(t.number),
    uniqueIndex("material_request_client_ref_idx")
      .on(t.requestedById, t.clientRef)
      .where(sql`${t.clientRef} is not null`),
    index("material_request_status_idx").on(t.status, t.createdAt),
    index("material_request_requester_idx").on(t.requestedById),
    check("material_request_route", sql`${t.fromLocationId} <> ${t.toLocationId}`),
  ],
);

export const materialRequestItemTable = pgTable(
  "material_request_item",
  {
    id: id(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => materialRequestTable.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => inventoryItemTable.id),
    quantity: integer("quantity").notNull(),
    /** Serial numbers issued (serialized items), filled when the request is issued. */
    serials: text("serials").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    uniqueIndex("material_request_item_idx").on(t.requestId, t.itemId),
    check("material_request_item_quantity", sql`${t.quantity} > 0`),
  ],
);
