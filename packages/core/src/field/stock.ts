import * as z from "zod";
import { holds } from "../access";
import * as Inventory from "../inventory";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";

/**
 * The app's item search for a material request. Staff who read inventory search the whole catalogue
 * (with a location's availability); a technician, who sees only their own van (inventory's rule),
 * searches what their van holds.
 */
export const search = fn(
  z.object({
    q: text(100).optional(),
    locationId: id().optional(),
    limit: z.number().int().min(1).max(500).default(30),
  }),
  async ({ q, locationId, limit }) => {
    if (holds("inventory:read")) {
      const found = await Inventory.listItems({ ...(q ? { q } : {}), limit });
      const stock = locationId ? (await Inventory.listStock({ locationId })).items : undefined;
      return { items: found.items, stock };
    }
    const van = await Inventory.myVan({});
    const stock = (await Inventory.listStock({ locationId: locationId ?? van.id })).items;
    const needle = q?.toLowerCase();
    const seen = new Set<string>();
    const items = stock
      .filter((s) => !needle || s.name.toLowerCase().includes(needle) || s.sku.toLowerCase().includes(needle))
      .filter((s) => !seen.has(s.itemId) && seen.add(s.itemId))
      .slice(0, limit)
      .map((s) => ({ id: s.itemId, sku: s.sku, name: s.name, unit: s.unit, unitPriceMinor: null, currency: null }));
    return { items, stock };
  },
);
