import type { InferRequestType, InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read } from "../../api";

/** The inventory screens' calls, typed from the API's routes. */
const inv = client.api.v1.inventory;
const requests = client.api.v1["material-requests"];
const wo = inv["work-orders"][":id"];

export type Item = InferResponseType<typeof inv.items.$get, 200>["items"][number];
export type ItemCreate = InferRequestType<typeof inv.items.$post>["json"];
export type ItemPatch = InferRequestType<(typeof inv.items)[":id"]["$patch"]>["json"];
export type Location = InferResponseType<typeof inv.locations.$get, 200>["items"][number];
export type Stock = InferResponseType<typeof inv.stock.$get, 200>["items"][number];
export type StockQuery = NonNullable<InferRequestType<typeof inv.stock.$get>["query"]>;
export type StockCount = InferRequestType<typeof inv.stock.count.$post>["json"];
export type Movement = InferResponseType<typeof inv.movements.$get, 200>["items"][number];
export type MovementQuery = NonNullable<InferRequestType<typeof inv.movements.$get>["query"]>;
export type MaterialLine = InferResponseType<typeof wo.materials.$get, 200>["items"][number];
export type MaterialRequest = InferResponseType<typeof requests.$get, 200>["items"][number];
export type RequestQuery = NonNullable<InferRequestType<typeof requests.$get>["query"]>;

export const inventoryApi = {
  items: (q?: string) => read(inv.items.$get({ query: q ? { q } : {} })),
  createItem: (json: ItemCreate) => read(inv.items.$post({ json }, JSON_HEADERS)),
  updateItem: (id: string, json: ItemPatch) => read(inv.items[":id"].$patch({ param: { id }, json }, JSON_HEADERS)),
  locations: () => read(inv.locations.$get({ query: {} })),
  myVan: () => read(inv["my-van"].$get()),
  stock: (query: StockQuery) => read(inv.stock.$get({ query })),
  count: (json: StockCount) => read(inv.stock.count.$post({ json }, JSON_HEADERS)),
  setReorderLevel: (locationId: string, itemId: string, reorderLevel: number | null) =>
    read(inv.stock["reorder-level"].$put({ json: { locationId, itemId, reorderLevel } }, JSON_HEADERS)),
  movements: (query: MovementQuery) => read(inv.movements.$get({ query })),
  materials: (id: string) => read(wo.materials.$get({ param: { id } })),
  requests: (query: RequestQuery) => read(requests.$get({ query })),
  approve: (id: string, note?: string) =>
    read(requests[":id"].approve.$post({ param: { id }, json: note ? { note } : {} }, JSON_HEADERS)),
  reject: (id: string, note: string) =>
    read(requests[":id"].reject.$post({ param: { id }, json: { note } }, JSON_HEADERS)),
  issue: (id: string, serials: { itemId: string; serials: string[] }[]) =>
    read(requests[":id"].issue.$post({ param: { id }, json: { serials } }, JSON_HEADERS)),
};

/** The ledger as CSV, with the list's filters (a plain link: the browser downloads it). */
export const movementsCsvHref = (query: Record<string, string | undefined>) => {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
  const qs = params.toString();
  return `/api/v1/inventory/movements.csv${qs ? `?${qs}` : ""}`;
};

/** Minor units as a price in the item's currency ("₦450.00"). */
export const price = (minor: number, currency: string) => {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
};
