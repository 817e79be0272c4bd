import type { InferRequestType, InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read } from "../../api";

/** The sales-order screens' calls, typed from the API's routes. */
const so = client.api.v1["sales-orders"];
const one = so[":id"];

export type Order = InferResponseType<typeof one.$get, 200>;
export type OrderSummary = InferResponseType<typeof so.$get, 200>["items"][number];
export type OrderQuery = NonNullable<InferRequestType<typeof so.$get>["query"]>;
export type PaymentInput = InferRequestType<typeof one.payments.$post>["json"];

export const ordersApi = {
  list: (query: OrderQuery) => read(so.$get({ query })),
  get: (id: string) => read(one.$get({ param: { id } })),
  pay: (id: string, json: PaymentInput) => read(one.payments.$post({ param: { id }, json }, JSON_HEADERS)),
  waive: (id: string, reason: string) => read(one.waive.$post({ param: { id }, json: { reason } }, JSON_HEADERS)),
  cancel: (id: string, reason: string) => read(one.cancel.$post({ param: { id }, json: { reason } }, JSON_HEADERS)),
  fulfil: (id: string) => read(one.fulfil.$post({ param: { id } })),
};
