import type { InferRequestType, InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read } from "../../api";

/** The sales screens' calls, typed from the API's routes. */
const leads = client.api.v1.leads;
const pipelines = client.api.v1.pipelines;
const reports = client.api.v1["sales-reports"];
const one = leads[":id"];

export type Lead = InferResponseType<typeof one.$get, 200>;
export type Board = InferResponseType<typeof leads.board.$get, 200>;
export type Card = Board["columns"][number]["items"][number];
export type Pipeline = Board["pipeline"];
export type Stage = Pipeline["stages"][number];
export type LeadQuery = NonNullable<InferRequestType<typeof leads.$get>["query"]>;
export type LeadCreate = InferRequestType<typeof leads.$post>["json"];
export type PipelineCreate = InferRequestType<typeof pipelines.$post>["json"];
export type PipelineUpdate = InferRequestType<(typeof pipelines)[":id"]["$patch"]>["json"];
export type Forecast = InferResponseType<typeof reports.forecast.$get, 200>;
export type PipelineReport = InferResponseType<typeof reports.pipeline.$get, 200>;
export type Owner = InferResponseType<typeof leads.owners.$get, 200>["items"][number];

export const salesApi = {
  pipelines: () => read(pipelines.$get()),
  board: (query: { pipelineId?: string; owner?: string; q?: string }) => read(leads.board.$get({ query })),
  column: (query: { pipelineId: string; stageId: string; cursor: string; owner?: string; q?: string }) =>
    read(leads.board.column.$get({ query })),
  list: (query: LeadQuery) => read(leads.$get({ query })),
  get: (id: string) => read(one.$get({ param: { id } })),
  create: (json: LeadCreate) => read(leads.$post({ json }, JSON_HEADERS)),
  fromConversation: (conversationId: string) =>
    read(leads["from-conversation"].$post({ json: { conversationId } }, JSON_HEADERS)),
  move: (id: string, stageId: string, afterId: string | null) =>
    read(one.move.$post({ param: { id }, json: { stageId, afterId } }, JSON_HEADERS)),
  won: (id: string) => read(one.won.$post({ param: { id } })),
  lost: (id: string, reason: string) => read(one.lost.$post({ param: { id }, json: { reason } }, JSON_HEADERS)),
  reopen: (id: string) => read(one.reopen.$post({ param: { id } })),
  owners: () => read(leads.owners.$get({ query: {} })),
  bulkAssign: (ids: string[], ownerUserId: string | null) =>
    read(leads.bulk.assign.$post({ json: { ids, ownerUserId } }, JSON_HEADERS)),
  bulkMove: (ids: string[], pipelineId: string) =>
    read(leads.bulk.move.$post({ json: { ids, pipelineId } }, JSON_HEADERS)),
  createPipeline: (json: PipelineCreate) => read(pipelines.$post({ json }, JSON_HEADERS)),
  updatePipeline: (id: string, json: PipelineUpdate) =>
    read(pipelines[":id"].$patch({ param: { id }, json }, JSON_HEADERS)),
  archiveStage: (id: string, stageId: string, moveToStageId: string | null) =>
    read(
      pipelines[":id"].stages[":stageId"].archive.$post(
        { param: { id, stageId }, json: { moveToStageId } },
        JSON_HEADERS,
      ),
    ),
  forecast: (query: { pipelineId?: string; months?: string }) => read(reports.forecast.$get({ query })),
  report: (query: { pipelineId?: string }) => read(reports.pipeline.$get({ query })),
};

/** Minor units in `currency`, with the currency's own decimals (the portal's one money formatter). */
export { formatMoney as money } from "../../components/timecost/money";
