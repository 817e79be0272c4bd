import type { InferRequestType, InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read } from "../../api";

/** The quote screens' calls, typed from the API's routes. */
const q = client.api.v1.quotes;
const one = q[":id"];
const mine = client.api.v1.customer.quotes;
const links = client.api.v1["quote-links"];

export type Quote = InferResponseType<typeof one.$get, 200>;
export type QuoteLine = Quote["lines"][number];
export type QuoteSummary = InferResponseType<typeof q.$get, 200>["items"][number];
export type QuoteQuery = NonNullable<InferRequestType<typeof q.$get>["query"]>;
export type QuoteCreate = InferRequestType<typeof q.$post>["json"];
export type QuotePatch = InferRequestType<typeof one.$patch>["json"];
export type LineInput = NonNullable<QuotePatch["lines"]>[number];
export type SendInput = InferRequestType<typeof one.send.$post>["json"];
export type CustomerQuote = InferResponseType<typeof mine.$get, 200>["items"][number];
export type AcceptInput = InferRequestType<(typeof mine)[":id"]["accept"]["$post"]>["json"];
export type LinkView = InferResponseType<typeof links.view.$post, 200>;

export const quotesApi = {
  list: (query: QuoteQuery) => read(q.$get({ query })),
  get: (id: string) => read(one.$get({ param: { id } })),
  create: (json: QuoteCreate) => read(q.$post({ json }, JSON_HEADERS)),
  update: (id: string, json: QuotePatch) => read(one.$patch({ param: { id }, json }, JSON_HEADERS)),
  send: (id: string, json: SendInput) => read(one.send.$post({ param: { id }, json }, JSON_HEADERS)),
  leads: (text: string) =>
    read(
      client.api.v1.leads.$get({
        query: { q: text || undefined, status: "new,contacted,qualified,proposal,negotiation" },
      }),
    ),
  items: () => read(client.api.v1.inventory.items.$get({ query: {} })),
  pdfUrl: (id: string) => `/api/v1/quotes/${id}/pdf`,
  previewUrl: (id: string) => `/api/v1/quotes/${id}/preview`,
};

export const customerQuotesApi = {
  list: () => read(mine.$get()),
  accept: (id: string, json: AcceptInput) => read(mine[":id"].accept.$post({ param: { id }, json }, JSON_HEADERS)),
  reject: (id: string, reason: string) =>
    read(mine[":id"].reject.$post({ param: { id }, json: { reason } }, JSON_HEADERS)),
  pdfUrl: (id: string) => `/api/v1/customer/quotes/${id}/pdf`,
};

export const quoteLinkApi = {
  view: (token: string) => read(links.view.$post({ json: { token } }), { on401: "throw" }),
  accept: (token: string, json: AcceptInput) =>
    read(links.accept.$post({ json: { ...json, token } }), { on401: "throw" }),
  reject: (token: string, reason: string) => read(links.reject.$post({ json: { token, reason } }), { on401: "throw" }),
  /** The PDF through the link: POSTed (the token never goes in a URL), saved from a blob. */
  pdf: async (token: string, filename: string) => {
    const res = await links.pdf.$post({ json: { token } });
    if (!res.ok) throw new Error(String(res.status));
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.click();
    URL.revokeObjectURL(url);
  },
};
