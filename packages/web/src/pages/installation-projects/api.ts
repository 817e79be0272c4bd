import type { InferRequestType, InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read } from "../../api";

/** Staff's installation-project calls, typed from the API's routes. */
const ip = client.api.v1["installation-projects"];
const one = ip[":id"];
const quotes = client.api.v1["vendor-quotes"][":id"];
const asBuilts = client.api.v1["as-builts"][":id"];
const invoices = client.api.v1["vendor-invoices"];

export type InstallationProject = InferResponseType<typeof ip.$get, 200>["items"][number];
export type StaffQuote = InferResponseType<typeof one.quotes.$get, 200>["items"][number];
export type StaffAsBuilt = InferResponseType<(typeof one)["as-builts"]["$get"], 200>["items"][number];
export type StaffInvoice = InferResponseType<typeof one.invoices.$get, 200>["items"][number];
export type InvoiceList = InferResponseType<typeof invoices.$get, 200>;
export type InvoiceQuery = NonNullable<InferRequestType<typeof invoices.$get>["query"]>;
export type ListQuery = NonNullable<InferRequestType<typeof ip.$get>["query"]>;
export type WorkOrderPlan = NonNullable<InferRequestType<typeof quotes.approve.$post>["json"]["workOrders"]>[number];
export type ProjectOption = InferResponseType<typeof client.api.v1.projects.$get, 200>["items"][number];
export type VendorOption = InferResponseType<typeof client.api.v1.organizations.$get, 200>["items"][number];

export const contractsApi = {
  list: (query: ListQuery) => read(ip.$get({ query })),
  create: (json: { projectId: string; currency?: string }) => read(ip.$post({ json }, JSON_HEADERS)),
  settings: () => read(ip.settings.$get()),
  saveSettings: (approvalThresholdMinor: number) =>
    read(ip.settings.$put({ json: { approvalThresholdMinor } }, JSON_HEADERS)),
  get: (id: string) => read(one.$get({ param: { id } })),
  openBidding: (id: string, closesAt: string) =>
    read(one["open-bidding"].$post({ param: { id }, json: { closesAt } }, JSON_HEADERS)),
  assign: (id: string, vendorOrganizationId: string) =>
    read(one.assign.$post({ param: { id }, json: { vendorOrganizationId } }, JSON_HEADERS)),
  cancel: (id: string) => read(one.transition.$post({ param: { id }, json: { to: "canceled" } }, JSON_HEADERS)),
  quotes: (id: string) => read(one.quotes.$get({ param: { id } })),
  asBuilts: (id: string) => read(one["as-builts"].$get({ param: { id } })),
  invoices: (id: string) => read(one.invoices.$get({ param: { id } })),
  requestRevision: (id: string, note: string) =>
    read(quotes["request-revision"].$post({ param: { id }, json: { note } }, JSON_HEADERS)),
  approve: (id: string, workOrders: WorkOrderPlan[]) =>
    read(quotes.approve.$post({ param: { id }, json: { workOrders } }, JSON_HEADERS)),
  reject: (id: string, reason: string) => read(quotes.reject.$post({ param: { id }, json: { reason } }, JSON_HEADERS)),
  review: (id: string, decision: "accept" | "reject", reason?: string) =>
    read(asBuilts.review.$post({ param: { id }, json: reason ? { decision, reason } : { decision } }, JSON_HEADERS)),
  file: (id: string, uploadId: string) => read(asBuilts.files[":uploadId"].$get({ param: { id, uploadId } })),
  report: (id: string) => read(asBuilts.report.$get({ param: { id } })),
  decideInvoice: (id: string, decision: "approved" | "rejected" | "revision_requested", reason?: string) =>
    read(
      invoices[":id"].decide.$post({ param: { id }, json: reason ? { decision, reason } : { decision } }, JSON_HEADERS),
    ),
  markPaid: (id: string, paymentReference?: string) =>
    read(
      invoices[":id"]["mark-paid"].$post(
        { param: { id }, json: paymentReference ? { paymentReference } : {} },
        JSON_HEADERS,
      ),
    ),
  invoiceList: (query: InvoiceQuery) => read(invoices.$get({ query })),
  map: () => read(ip.map.$get()),
  projects: (q: string) => read(client.api.v1.projects.$get({ query: q ? { q, limit: "20" } : { limit: "20" } })),
  vendors: () => read(client.api.v1.organizations.$get({ query: { accountType: "vendor", limit: "200" } })),
};

/** The filtered invoices' CSV (a plain download link; the session cookie authenticates it). */
export const invoicesCsvHref = (query: Record<string, string | undefined>) => {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1])).toString();
  return `/api/v1/vendor-invoices/export.csv${q ? `?${q}` : ""}`;
};
