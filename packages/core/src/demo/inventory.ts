import { and, eq, isNull, sql } from "drizzle-orm";
import * as Auth from "../auth";
import { userTable } from "../auth/auth.sql";
import * as Inventory from "../inventory";
import { inventoryItemTable, inventoryLocationTable } from "../inventory/inventory.sql";
import { withActor } from "../platform/context";
import { useTransaction } from "../platform/db";

export const DEMO_STOREKEEPER_EMAIL = "store@demo-isp.example";
const WAREHOUSE = "Lagos main warehouse";

const asSeed = <T>(fn: () => Promise<T>) => withActor({ type: "system", properties: { job: "demo.seed" } }, fn);

/** Staff users holding the field_technician role, oldest first. */
async function technicians(): Promise<{ id: string; displayName: string | null; email: string }[]> {
  return useTransaction((tx) =>
    tx
      .select({ id: userTable.id, displayName: userTable.displayName, email: userTable.email })
      .from(userTable)
      .where(and(eq(userTable.portal, "staff"), sql`'field_technician' = any(${userTable.roles})`))
      .orderBy(userTable.createdAt),
  );
}

/**
 * A warehouse with drop cable, ONTs (serials) and patch cords (below its reorder level, so the stock
 * page shows an alert), a storekeeper account, and a van per technician with ONTs and drop cable.
 * Runs on every start: technicians seeded since the last start get their van; the rest is left alone.
 */
export async function seedInventory(
  options: { password?: string; technicianUserIds?: string[] } = {},
): Promise<{ warehouseId: string; vanIds: string[] }> {
  return asSeed(async () => {
    if (options.password && !(await Auth.fromEmail(DEMO_STOREKEEPER_EMAIL))) {
      await Auth.createUser({
        email: DEMO_STOREKEEPER_EMAIL,
        password: options.password,
        displayName: "Sola Storekeeper",
        roles: ["storekeeper"],
      });
    }
    const [existing] = await useTransaction((tx) =>
      tx
        .select({ id: inventoryLocationTable.id })
        .from(inventoryLocationTable)
        .where(and(eq(inventoryLocationTable.name, WAREHOUSE), isNull(inventoryLocationTable.deletedAt))),
    );
    const items = await useTransaction((tx) =>
      tx.select({ id: inventoryItemTable.id, name: inventoryItemTable.name }).from(inventoryItemTable),
    );
    const byName = (name: string) => items.find((i) => i.name === name)?.id;
    let warehouseId = existing?.id;
    let cable = byName("Drop cable 2-core");
    let ont = byName("Huawei HG8245H ONT");
    if (!warehouseId || !cable || !ont) {
      // A first start: the warehouse and the catalogue together.
      warehouseId = (await Inventory.createLocation({ name: WAREHOUSE, kind: "warehouse" })).id;
      cable = (
        await Inventory.createItem({ name: "Drop cable 2-core", unit: "m", unitPriceMinor: 35000, currency: "NGN" })
      ).id;
      ont = (
        await Inventory.createItem({
          name: "Huawei HG8245H ONT",
          unitPriceMinor: 4_500_000,
          currency: "NGN",
          serialized: true,
        })
      ).id;
      const cord = (
        await Inventory.createItem({ name: "SC/APC patch cord 3 m", unitPriceMinor: 150000, currency: "NGN" })
      ).id;
      await Inventory.receive({ locationId: warehouseId, itemId: cable, quantity: 2000, reason: "Opening stock" });
      const serials = Array.from({ length: 20 }, (_, i) => `HWTC${String(48_571_000 + i)}`);
      await Inventory.receive({ locationId: warehouseId, itemId: ont, quantity: serials.length, serials });
      await Inventory.receive({ locationId: warehouseId, itemId: cord, quantity: 8, reason: "Opening stock" });
      await Inventory.setReorderLevel({ locationId: warehouseId, itemId: cord, reorderLevel: 20 });
      await Inventory.setReorderLevel({ locationId: warehouseId, itemId: cable, reorderLevel: 300 });
    }
    const staff = await technicians();
    const ids = options.technicianUserIds ?? staff.map((t) => t.id);
    const vanIds: string[] = [];
    const names = new Map(staff.map((t) => [t.id, t.displayName || t.email]));
    if (!warehouseId || !cable || !ont) return { warehouseId: warehouseId ?? "", vanIds };
    for (const userId of ids) {
      const [van] = await useTransaction((tx) =>
        tx
          .select({ id: inventoryLocationTable.id })
          .from(inventoryLocationTable)
          .where(and(eq(inventoryLocationTable.ownerUserId, userId), isNull(inventoryLocationTable.deletedAt))),
      );
      if (van) {
        vanIds.push(van.id);
        continue;
      }
      const created = await Inventory.createLocation({
        name: `Van: ${names.get(userId) ?? userId.slice(0, 8)}`,
        kind: "van",
        ownerUserId: userId,
      });
      vanIds.push(created.id);
      const inWarehouse = (await Inventory.listSerials({ itemId: ont, locationId: warehouseId })).items;
      const serials = inWarehouse.slice(0, 3).map((s) => s.serial);
      await Inventory.transfer({
        fromLocationId: warehouseId,
        toLocationId: created.id,
        lines: [
          { itemId: cable, quantity: 150 },
          ...(serials.length ? [{ itemId: ont, quantity: serials.length, serials }] : []),
        ],
        reason: "Van loading",
      });
      await Inventory.setReorderLevel({ locationId: created.id, itemId: cable, reorderLevel: 50 });
    }
    return { warehouseId, vanIds };
  });
}
