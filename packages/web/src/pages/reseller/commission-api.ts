import type { InferRequestType, InferResponseType } from "hono/client";
import { client, read } from "../../api";

/** The reseller portal's commission calls; the server scopes each to the signed-in reseller's tree. */
const r = client.api.v1.reseller;

export type PortalCommission = InferResponseType<typeof r.commissions.$get, 200>["items"][number];
export type PortalCommissionQuery = NonNullable<InferRequestType<typeof r.commissions.$get>["query"]>;
export type PortalPayout = InferResponseType<typeof r.payouts.$get, 200>["items"][number];
export type PortalOrder = InferResponseType<typeof r.orders.$get, 200>["items"][number];

export const resellerCommissionApi = {
  commissions: (query: PortalCommissionQuery) => read(r.commissions.$get({ query })),
  summary: () => read(r.commissions.summary.$get()),
  payouts: (cursor?: string) => read(r.payouts.$get({ query: cursor ? { cursor } : {} })),
  payout: (id: string) => read(r.payouts[":id"].$get({ param: { id } })),
  orders: (cursor?: string) => read(r.orders.$get({ query: cursor ? { cursor } : {} })),
};
