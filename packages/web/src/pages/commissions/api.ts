import type { InferRequestType, InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read } from "../../api";

/** The staff commission screens' calls, typed from the API's routes. */
const c = client.api.v1["reseller-commissions"];
const p = client.api.v1["reseller-payouts"];

export type Commission = InferResponseType<typeof c.$get, 200>["items"][number];
export type CommissionQuery = NonNullable<InferRequestType<typeof c.$get>["query"]>;
export type Summary = InferResponseType<typeof c.summary.$get, 200>;
export type Rate = InferResponseType<typeof c.rates.$get, 200>["items"][number];
export type Payout = InferResponseType<typeof p.$get, 200>["items"][number];
export type PayoutDetail = InferResponseType<typeof p.$post, 201>;
export type PayoutQuery = NonNullable<InferRequestType<typeof p.$get>["query"]>;
export type PayoutCreate = InferRequestType<typeof p.$post>["json"];
export type MarkPaid = InferRequestType<(typeof p)[":id"]["mark-paid"]["$post"]>["json"];

export const commissionApi = {
  list: (query: CommissionQuery) => read(c.$get({ query })),
  summary: (resellerOrganizationId?: string) =>
    read(c.summary.$get({ query: resellerOrganizationId ? { resellerOrganizationId } : {} })),
  approve: (id: string) => read(c[":id"].approve.$post({ param: { id } })),
  void: (id: string, reason: string) => read(c[":id"].void.$post({ param: { id }, json: { reason } }, JSON_HEADERS)),
  /** Claw back or void one whose order was refunded or cancelled outside the CRM (once). */
  reverse: (id: string, reason: "refunded" | "cancelled") =>
    read(c[":id"].reverse.$post({ param: { id }, json: { reason } }, JSON_HEADERS)),
  rates: () => read(c.rates.$get()),
  setRate: (id: string, rateBp: number | null) =>
    read(c.rates[":id"].$put({ param: { id }, json: { rateBp } }, JSON_HEADERS)),
  settings: () => read(c.settings.$get()),
  updateSettings: (defaultRateBp: number) => read(c.settings.$put({ json: { defaultRateBp } }, JSON_HEADERS)),
  payouts: (query: PayoutQuery) => read(p.$get({ query })),
  createPayout: (json: PayoutCreate) => read(p.$post({ json }, JSON_HEADERS)),
  markPaid: (id: string, json: MarkPaid) => read(p[":id"]["mark-paid"].$post({ param: { id }, json }, JSON_HEADERS)),
  voidPayout: (id: string, reason: string) =>
    read(p[":id"].void.$post({ param: { id }, json: { reason } }, JSON_HEADERS)),
};
