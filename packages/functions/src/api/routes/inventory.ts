import * as Inventory from "@dotmac/core/inventory";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, csvDownload, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const ItemSchema = z.object(Inventory.ItemInfo.shape).openapi("InventoryItem");
const LocationSchema = z.object(Inventory.LocationInfo.shape).openapi("InventoryLocation");
const StockSchema = z.object(Inventory.StockInfo.shape).openapi("InventoryStock");
const MovementSchema = z.object(Inventory.MovementInfo.shape).openapi("InventoryMovement");
const SerialSchema = z.object(Inventory.SerialInfo.shape).openapi("InventorySerial");
const flag = z.enum(["true", "false"]).optional();

const ItemCreate = z.object(Inventory.createItem.schema.shape).openapi("InventoryItemCreate");
const ItemPatch = z.object(Inventory.updateItem.schema.omit({ id: true }).shape).openapi("InventoryItemPatch");
const LocationCreate = z
  .object({
    name: z.string(),
    kind: z.enum(Inventory.locationKinds),
    ownerUserId: z.string().optional(),
  })
  .openapi("InventoryLocationCreate");
const LocationPatch = z.object({ name: z.string() }).openapi("InventoryLocationPatch");
const Receive = z.object(Inventory.receive.schema.shape).openapi("InventoryReceive");
const Adjust = z.object(Inventory.adjust.schema.shape).openapi("InventoryAdjust");
const Count = z.object(Inventory.count.schema.shape).openapi("InventoryCount");
const Reorder = z.object(Inventory.setReorderLevel.schema.shape).openapi("InventoryReorderLevel");
const Transfer = z.object(Inventory.transfer.schema.shape).openapi("InventoryTransfer");
const MovementQuery = z.object(Inventory.listMovements.schema.shape);
const StockQuery = z.object({
  locationId: z.string().optional(),
  itemId: z.string().optional(),
  low: flag,
});
const SerialQuery = z.object({
  itemId: z.string().optional(),
  locationId: z.string().optional(),
  workOrderId: z.string().optional(),
  serial: z.string().optional(),
});

const errors = problemResponses(400, 401, 403, 404, 409);
const route = <M extends "get" | "post" | "patch" | "put">(method: M, path: string, summary: string) => ({
  method,
  path,
  summary,
});

const listItems = createRoute({
  ...route("get", "/items", "Items, by SKU; `q` searches SKU and name (inventory:read)"),
  request: { query: z.object(Inventory.listItems.schema.shape) },
  responses: { 200: json(z.object({ items: z.array(ItemSchema) }), "The items"), ...errors },
});
const createItem = createRoute({
  ...route("post", "/items", "Create an item; without `sku` it is numbered ITM-00001… (inventory:write)"),
  request: { body: body(ItemCreate) },
  responses: { 201: json(ItemSchema, "The item"), ...errors },
});
const getItem = createRoute({
  ...route("get", "/items/{id}", "One item (inventory:read)"),
  request: { params: IdParam },
  responses: { 200: json(ItemSchema, "The item"), ...errors },
});
const updateItem = createRoute({
  ...route("patch", "/items/{id}", "Change an item's name, description, unit or price (inventory:write)"),
  request: { params: IdParam, body: body(ItemPatch) },
  responses: { 200: json(ItemSchema, "The item"), ...errors },
});
const listLocations = createRoute({
  ...route("get", "/locations", "Warehouses and vans (inventory:read; a technician sees their own van)"),
  request: { query: z.object({ kind: z.enum(Inventory.locationKinds).optional() }) },
  responses: { 200: json(z.object({ items: z.array(LocationSchema) }), "The locations"), ...errors },
});
const createLocation = createRoute({
  ...route("post", "/locations", "Create a warehouse, or a van owned by a technician (inventory:write)"),
  request: { body: body(LocationCreate) },
  responses: { 201: json(LocationSchema, "The location"), ...errors },
});
const updateLocation = createRoute({
  ...route("patch", "/locations/{id}", "Rename a location (inventory:write)"),
  request: { params: IdParam, body: body(LocationPatch) },
  responses: { 200: json(LocationSchema, "The location"), ...errors },
});
const myVan = createRoute({
  ...route("get", "/my-van", "The signed-in technician's van (404 when they have none)"),
  responses: { 200: json(LocationSchema, "The van"), ...errors },
});
const stock = createRoute({
  ...route("get", "/stock", "Stock per item and location; `low=true` keeps those below their reorder level"),
  description: "inventory:read, or a technician reading their own van (`locationId`).",
  request: { query: StockQuery },
  responses: { 200: json(z.object({ items: z.array(StockSchema) }), "The balances"), ...errors },
});
const receive = createRoute({
  ...route("post", "/stock/receive", "Goods received at a location; serialized items list serials (inventory:write)"),
  request: { body: body(Receive) },
  responses: { 200: json(StockSchema, "The balance after"), ...errors },
});
const adjust = createRoute({
  ...route("post", "/stock/adjust", "Correct stock by a delta with a reason (inventory:write)"),
  description: "Never below what is reserved: 409 says how many are on hand and available.",
  request: { body: body(Adjust) },
  responses: { 200: json(StockSchema, "The balance after"), ...errors },
});
const count = createRoute({
  ...route("post", "/stock/count", "Record a stock count: counted quantities replace on-hand (inventory:write)"),
  request: { body: body(Count) },
  responses: { 200: json(z.object({ items: z.array(StockSchema) }), "The balances after"), ...errors },
});
const reorder = createRoute({
  ...route("put", "/stock/reorder-level", "Set an item's reorder level at a location (null: none) (inventory:write)"),
  request: { body: body(Reorder) },
  responses: { 200: json(StockSchema, "The balance"), ...errors },
});
const transfer = createRoute({
  ...route("post", "/transfers", "Move stock between two locations (inventory:write)"),
  request: { body: body(Transfer) },
  responses: { 201: json(z.object({ transferId: z.string() }), "The transfer"), ...errors },
});
const movements = createRoute({
  ...route("get", "/movements", "The ledger, newest first: filter by item, location, work order, kind"),
  description: "inventory:read; a technician may read their van's or their job's movements.",
  request: { query: MovementQuery },
  responses: {
    200: json(z.object({ items: z.array(MovementSchema), nextCursor: z.string().nullable() }), "One page"),
    ...errors,
  },
});
const movementsCsv = createRoute({
  ...route("get", "/movements.csv", "The filtered ledger as CSV (inventory:read)"),
  request: { query: z.object(Inventory.MovementFilters.shape) },
  responses: { 200: { description: "CSV", content: { "text/csv": { schema: z.string() } } }, ...errors },
});
const serials = createRoute({
  ...route("get", "/serials", "Serial units and where each is (inventory:read; a technician their van's)"),
  request: { query: SerialQuery },
  responses: { 200: json(z.object({ items: z.array(SerialSchema) }), "The units"), ...errors },
});

const bool = (v: "true" | "false" | undefined) => v === "true";

/** Items, locations, balances, the ledger and serials, under /api/v1/inventory. */
export const inventory = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(listItems, async (c) => c.json(await Inventory.listItems(c.req.valid("query")), 200))
  .openapi(createItem, async (c) => c.json(await Inventory.createItem(c.req.valid("json")), 201))
  .openapi(getItem, async (c) => c.json(await Inventory.getItem(c.req.valid("param").id), 200))
  .openapi(updateItem, async (c) =>
    c.json(await Inventory.updateItem({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(listLocations, async (c) => c.json(await Inventory.listLocations(c.req.valid("query")), 200))
  .openapi(createLocation, async (c) => c.json(await Inventory.createLocation(c.req.valid("json")), 201))
  .openapi(updateLocation, async (c) =>
    c.json(await Inventory.updateLocation({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(myVan, async (c) => c.json(await Inventory.myVan({}), 200))
  .openapi(stock, async (c) => {
    const { low, ...query } = c.req.valid("query");
    return c.json(await Inventory.listStock({ ...query, low: bool(low) }), 200);
  })
  .openapi(receive, async (c) => c.json(await Inventory.receive(c.req.valid("json")), 200))
  .openapi(adjust, async (c) => c.json(await Inventory.adjust(c.req.valid("json")), 200))
  .openapi(count, async (c) => c.json(await Inventory.count(c.req.valid("json")), 200))
  .openapi(reorder, async (c) => c.json(await Inventory.setReorderLevel(c.req.valid("json")), 200))
  .openapi(transfer, async (c) => c.json(await Inventory.transfer(c.req.valid("json")), 201))
  .openapi(movements, async (c) => c.json(await Inventory.listMovements(c.req.valid("query")), 200))
  .openapi(movementsCsv, (c) => csvDownload(c, Inventory.exportMovements(c.req.valid("query")), "inventory-movements"))
  .openapi(serials, async (c) => c.json(await Inventory.listSerials(c.req.valid("query")), 200));
