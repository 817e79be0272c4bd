import { and, asc, eq, ilike, inArray, isNull, or } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, int, text } from "../platform/input";
import { containsPattern } from "../platform/sql";
import { nextInSeries } from "../ticket/numbering";
import { inventoryItemTable, inventoryLocationTable, type LocationKind, locationKinds } from "./inventory.sql";
import { actingUserId, type ItemRow, itemOf, type LocationRow, locationOf, readsAll, vanOf } from "./shared";

export const ItemInfo = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  unit: z.string(),
  unitPriceMinor: z.number().int(),
  currency: z.string(),
  serialized: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ItemInfo = z.infer<typeof ItemInfo>;

export const toItemInfo = (r: ItemRow): ItemInfo => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  description: r.description,
  unit: r.unit,
  unitPriceMinor: r.unitPriceMinor,
  currency: r.currency,
  serialized: r.serialized,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const ITEM_SERIES = { scope: "inventory_item", pattern: "ITM-", padding: 5 };

const currency = () =>
  z
    .string()
    .regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO 4217 code")
    .transform((c) => c.toUpperCase());

const ItemFields = z.object({
  name: text(200),
  description: text(2000).nullable().optional(),
  unit: text(20).default("each"),
  /** Integer minor units (cents) of `currency`. */
  unitPriceMinor: int(0, 1_000_000_000_000).default(0),
  currency: currency().default("USD"),
  serialized: z.boolean().default(false),
});

export const createItem = fn(
  ItemFields.extend({
    /** Leave out to number it from the SKU sequence (ITM-00001…). */
    sku: text(60)
      .regex(/^[A-Za-z0-9._-]+$/, "may hold letters, digits and . _ -")
      .optional(),
  }),
  async (input): Promise<ItemInfo> => {
    requirePermission("inventory:write");
    return createTransaction(async (tx) => {
      const sku = input.sku ?? (await nextInSeries(tx, ITEM_SERIES));
      const [row] = await tx
        .insert(inventoryItemTable)
        .values({ ...input, description: input.description ?? null, sku })
        .returning();
      if (!row) throw new AppError("internal", "The item was not stored");
      await Audit.record({ action: "inventory.item_created", entityType: "inventory_item", entityId: row.id });
      return toItemInfo(row);
    });
  },
);

export const updateItem = fn(
  z.object({
    id: id(),
    name: text(200).optional(),
    description: text(2000).nullable().optional(),
    unit: text(20).optional(),
    unitPriceMinor: int(0, 1_000_000_000_000).optional(),
    currency: currency().optional(),
  }),
  async ({ id, ...patch }): Promise<ItemInfo> => {
    requirePermission("inventory:write");
    return createTransaction(async (tx) => {
      const before = await itemOf(tx, id);
      const [row] = await tx.update(inventoryItemTable).set(patch).where(eq(inventoryItemTable.id, id)).returning();
      if (!row) throw new AppError("not_found", `Item ${id} does not exist`);
      await Audit.record({
        action: "inventory.item_updated",
        entityType: "inventory_item",
        entityId: id,
        changes: Audit.diff(before, row, ["name", "description", "unit", "unitPriceMinor", "currency"]),
      });
      return toItemInfo(row);
    });
  },
);

export const getItem = fn(id(), async (itemId): Promise<ItemInfo> => {
  requirePermission("inventory:read");
  return toItemInfo(await useTransaction((tx) => itemOf(tx, itemId)));
});

export const listItems = fn(
  z.object({ q: text(100).optional(), limit: int(1, 500).default(200) }),
  async ({ q, limit }): Promise<{ items: ItemInfo[] }> => {
    requirePermission("inventory:read");
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(inventoryItemTable)
        .where(
          and(
            isNull(inventoryItemTable.deletedAt),
            q
              ? or(
                  ilike(inventoryItemTable.name, containsPattern(q)),
                  ilike(inventoryItemTable.sku, containsPattern(q)),
                )
              : undefined,
          ),
        )
        .orderBy(asc(inventoryItemTable.sku))
        .limit(limit),
    );
    return { items: rows.map(toItemInfo) };
  },
);

export const LocationInfo = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(locationKinds),
  ownerUserId: z.string().nullable(),
  ownerName: z.string().nullable(),
});
export type LocationInfo = z.infer<typeof LocationInfo>;

const toLocationInfo = (r: LocationRow, ownerName: string | null): LocationInfo => ({
  id: r.id,
  name: r.name,
  kind: r.kind as LocationKind,
  ownerUserId: r.ownerUserId,
  ownerName,
});

export const createLocation = fn(
  z
    .object({ name: text(120), kind: z.enum(locationKinds), ownerUserId: id().optional() })
    .refine((l) => (l.kind === "van") === (l.ownerUserId !== undefined), {
      message: "a van has an owner (ownerUserId, the technician); a warehouse has none",
      path: ["ownerUserId"],
    }),
  async (input): Promise<LocationInfo> => {
    requirePermission("inventory:write");
    return createTransaction(async (tx) => {
      if (input.ownerUserId) {
        const existing = await vanOf(tx, input.ownerUserId);
        if (existing) throw new AppError("conflict", `This technician already has a van: ${existing.name}`);
      }
      const [row] = await tx
        .insert(inventoryLocationTable)
        .values({ name: input.name, kind: input.kind, ownerUserId: input.ownerUserId ?? null })
        .returning();
      if (!row) throw new AppError("internal", "The location was not stored");
      await Audit.record({ action: "inventory.location_created", entityType: "inventory_location", entityId: row.id });
      return (await locationsWithOwners([row]))[0] as LocationInfo;
    });
  },
);

export const updateLocation = fn(z.object({ id: id(), name: text(120) }), async ({ id, name }) => {
  requirePermission("inventory:write");
  return createTransaction(async (tx) => {
    const before = await locationOf(tx, id);
    const [row] = await tx
      .update(inventoryLocationTable)
      .set({ name })
      .where(eq(inventoryLocationTable.id, id))
      .returning();
    if (!row) throw new AppError("not_found", `Location ${id} does not exist`);
    await Audit.record({
      action: "inventory.location_updated",
      entityType: "inventory_location",
      entityId: id,
      changes: Audit.diff(before, row, ["name"]),
    });
    return (await locationsWithOwners([row]))[0] as LocationInfo;
  });
});

async function locationsWithOwners(rows: LocationRow[]): Promise<LocationInfo[]> {
  const owners = rows.map((r) => r.ownerUserId).filter((o): o is string => o !== null);
  const names = owners.length
    ? await useTransaction((tx) =>
        tx
          .select({ id: userTable.id, name: userTable.displayName, email: userTable.email })
          .from(userTable)
          .where(inArray(userTable.id, owners)),
      )
    : [];
  const byId = new Map(names.map((n) => [n.id, n.name || n.email]));
  return rows.map((r) => toLocationInfo(r, r.ownerUserId ? (byId.get(r.ownerUserId) ?? null) : null));
}

/** Every location for inventory readers; a technician sees their own van. */
export const listLocations = fn(
  z.object({ kind: z.enum(locationKinds).optional() }).default({}),
  async ({ kind }): Promise<{ items: LocationInfo[] }> => {
    const me = actingUserId();
    const all = readsAll();
    if (!all && !me) requirePermission("inventory:read");
    const rows = await useTransaction((tx) =>
      tx
        .select()
        .from(inventoryLocationTable)
        .where(
          and(
            isNull(inventoryLocationTable.deletedAt),
            kind ? eq(inventoryLocationTable.kind, kind) : undefined,
            all ? undefined : eq(inventoryLocationTable.ownerUserId, me as string),
          ),
        )
        .orderBy(asc(inventoryLocationTable.kind), asc(inventoryLocationTable.name)),
    );
    return { items: await locationsWithOwners(rows) };
  },
);

/** The acting technician's van, or a 404 saying they have none. */
export const myVan = fn(z.object({}).default({}), async (): Promise<LocationInfo> => {
  const me = actingUserId();
  if (!me) throw new AppError("forbidden", "Only a signed-in technician has a van");
  const van = await useTransaction((tx) => vanOf(tx, me));
  if (!van) throw new AppError("not_found", "You have no van: ask a storekeeper to create one for you");
  return (await locationsWithOwners([van]))[0] as LocationInfo;
});
