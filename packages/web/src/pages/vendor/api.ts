import type { InferRequestType, InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read } from "../../api";

/** The vendor portal's installation-project calls, typed from the API; the server scopes them to the organisation. */
const v = client.api.v1.vendor;
const p = v.projects[":id"];

export type VendorProject = InferResponseType<typeof v.projects.$get, 200>["items"][number];
export type VendorQuote = InferResponseType<(typeof v.quotes)[":id"]["$get"], 200>;
export type QuoteSave = InferRequestType<typeof p.quote.$put>["json"];
export type QuoteLine = QuoteSave["lines"][number];
export type AsBuilt = InferResponseType<(typeof p)["as-builts"]["$get"], 200>["items"][number];
export type AsBuiltSubmit = InferRequestType<(typeof p)["as-builts"]["$post"]>["json"];
export type Invoice = InferResponseType<typeof v.invoices.$get, 200>["items"][number];
export type InvoiceSave = InferRequestType<typeof p.invoice.$put>["json"];
export type VendorNotification = InferResponseType<typeof v.notifications.$get, 200>["items"][number];

export const vendorApi = {
  projects: (scope: "available" | "mine") => read(v.projects.$get({ query: { scope } })),
  project: (id: string) => read(p.$get({ param: { id } })),
  start: (id: string) => read(p.start.$post({ param: { id } }, JSON_HEADERS)),
  quotes: (id: string) => read(p.quotes.$get({ param: { id } })),
  quote: (id: string) => read(v.quotes[":id"].$get({ param: { id } })),
  saveQuote: (id: string, json: QuoteSave) => read(p.quote.$put({ param: { id }, json }, JSON_HEADERS)),
  asBuilts: (id: string) => read(p["as-builts"].$get({ param: { id } })),
  slot: (id: string, json: { filename: string; contentType: string; size: number }) =>
    read(p["as-built-slots"].$post({ param: { id }, json }, JSON_HEADERS)),
  submitAsBuilt: (id: string, json: AsBuiltSubmit) => read(p["as-builts"].$post({ param: { id }, json }, JSON_HEADERS)),
  file: (id: string, uploadId: string) =>
    read(v["as-builts"][":id"].files[":uploadId"].$get({ param: { id, uploadId } })),
  report: (id: string) => read(v["as-builts"][":id"].report.$get({ param: { id } })),
  invoices: (installationProjectId?: string) =>
    read(v.invoices.$get({ query: installationProjectId ? { installationProjectId } : {} })),
  saveInvoice: (id: string, json: InvoiceSave) => read(p.invoice.$put({ param: { id }, json }, JSON_HEADERS)),
  map: () => read(v.map.$get()),
  notifications: () => read(v.notifications.$get({ query: { limit: "10" } })),
  markRead: (id: string) => read(v.notifications[":id"].read.$post({ param: { id } }, JSON_HEADERS)),
};
