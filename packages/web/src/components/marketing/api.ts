import type { InferRequestType, InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read, send } from "../../api";

/** The marketing screens' calls, typed from the API's routes. */
const c = client.api.v1.campaigns;
const sg = client.api.v1.segments;
const sv = client.api.v1.surveys;
const pub = client.api.v1;

export type Campaign = InferResponseType<typeof c.$get, 200>["items"][number];
export type CampaignCreate = InferRequestType<typeof c.$post>["json"];
export type WhatsAppChannel = InferResponseType<(typeof c)["whatsapp-channels"]["$get"], 200>["items"][number];
export type Segment = InferResponseType<typeof sg.$get, 200>["items"][number];
export type SegmentFilter = Segment["filter"];
export type Audience = InferResponseType<typeof sg.preview.$post, 200>;
export type Preview = InferResponseType<(typeof c)[":id"]["preview"]["$get"], 200>;
export type Recipient = InferResponseType<(typeof c)[":id"]["recipients"]["$get"], 200>["items"][number];
export type Survey = InferResponseType<typeof sv.$get, 200>["items"][number];
export type SurveyCreate = InferRequestType<typeof sv.$post>["json"];
export type Results = InferResponseType<(typeof sv)[":id"]["results"]["$get"], 200>;
export type PublicSurvey = InferResponseType<(typeof pub)["public-surveys"]["lookup"]["$post"], 200>;
export type Answer = InferRequestType<(typeof pub)["public-surveys"]["respond"]["$post"]>["json"]["answers"][number];
export type Unsubscribe = InferResponseType<(typeof pub)["t"]["unsubscribe"]["$post"], 200>;

export const campaignApi = {
  list: () => read(c.$get({ query: {} })),
  get: (id: string) => read(c[":id"].$get({ param: { id } })),
  create: (json: CampaignCreate) => read(c.$post({ json }, JSON_HEADERS)),
  update: (id: string, json: CampaignCreate) => read(c[":id"].$put({ param: { id }, json }, JSON_HEADERS)),
  whatsappChannels: () => read(c["whatsapp-channels"].$get()),
  /** The recipients CSV is a plain download link (same origin, session cookie). */
  recipientsCsvUrl: (id: string) => `/api/v1/campaigns/${encodeURIComponent(id)}/recipients.csv`,
  preview: (id: string) => read(c[":id"].preview.$get({ param: { id } })),
  schedule: (id: string, at?: string) =>
    read(c[":id"].schedule.$post({ param: { id }, json: at ? { at } : {} }, JSON_HEADERS)),
  cancel: (id: string) => read(c[":id"].cancel.$post({ param: { id } })),
  recipients: (id: string) => read(c[":id"].recipients.$get({ param: { id }, query: { limit: "500" } })),
  segments: () => read(sg.$get()),
  createSegment: (name: string, filter: SegmentFilter) => read(sg.$post({ json: { name, filter } }, JSON_HEADERS)),
  updateSegment: (id: string, name: string, filter: SegmentFilter) =>
    read(sg[":id"].$put({ param: { id }, json: { name, filter } }, JSON_HEADERS)),
  removeSegment: (id: string) => send(sg[":id"].$delete({ param: { id } })),
  previewSegment: (filter: SegmentFilter, channel: "email" | "whatsapp") =>
    read(sg.preview.$post({ json: { filter, channel } }, JSON_HEADERS)),
};

export const surveyApi = {
  list: () => read(sv.$get({ query: {} })),
  get: (id: string) => read(sv[":id"].$get({ param: { id } })),
  create: (json: SurveyCreate) => read(sv.$post({ json }, JSON_HEADERS)),
  setStatus: (id: string, status: Survey["status"]) =>
    read(sv[":id"].status.$post({ param: { id }, json: { status } }, JSON_HEADERS)),
  results: (id: string) => read(sv[":id"].results.$get({ param: { id } })),
};

/** The public pages' calls: no session; the token or signature is the credential. */
export const publicApi = {
  lookup: async (ref: { slug?: string; token?: string }) =>
    (await send(pub["public-surveys"].lookup.$post({ json: ref }), { on401: "throw" })).json(),
  respond: async (json: { slug?: string; token?: string; formToken?: string; answers: Answer[] }) =>
    (await send(pub["public-surveys"].respond.$post({ json }), { on401: "throw" })).json(),
  unsubscribeLookup: async (r: string, s: string) =>
    (await send(pub.t.unsubscribe.lookup.$post({ query: { r, s } }), { on401: "throw" })).json(),
  unsubscribe: async (r: string, s: string) =>
    (await send(pub.t.unsubscribe.$post({ query: { r, s } }), { on401: "throw" })).json(),
};
