import type { InferRequestType, InferResponseType } from "hono/client";
import { client, read, send } from "../../api";

/** The work-order screens' calls, all through the typed client (types derived from the API's routes). */
const orders = client.api.v1["work-orders"];
const one = orders[":id"];

export type WorkOrder = InferResponseType<typeof orders.$post, 201>;
export type Detail = InferResponseType<(typeof one)["$get"], 200>;
export type ListQuery = NonNullable<InferRequestType<typeof orders.$get>["query"]>;
export type CreateInput = InferRequestType<typeof orders.$post>["json"];
export type Assignees = InferRequestType<(typeof one)["assignees"]["$put"]>["json"]["assignees"];
export type Status = WorkOrder["status"];
export type WorkType = WorkOrder["workType"];
export type Transition = InferResponseType<typeof orders.transitions.$get, 200>["items"][number];
export type Settings = InferResponseType<typeof orders.settings.$get, 200>;
export type Slot = InferResponseType<(typeof one)["attachments"]["slots"]["$post"], 201>;

const param = (id: string) => ({ param: { id } });

export const workOrderApi = {
  list: (query: ListQuery) => read(orders.$get({ query })),
  get: (id: string) => read(one.$get(param(id))),
  create: (json: CreateInput) => read(orders.$post({ json })),
  setAssignees: (id: string, assignees: Assignees) => read(one.assignees.$put({ ...param(id), json: { assignees } })),
  transition: (id: string, status: Status, note?: string) =>
    read(one.transition.$post({ ...param(id), json: note ? { status, note } : { status } })),
  addNote: (id: string, body: string, internal: boolean) =>
    read(one.notes.$post({ ...param(id), json: { body, internal } })),
  download: (id: string, attachmentId: string) =>
    read(one.attachments[":attachmentId"].download.$get({ param: { id, attachmentId } })),
  transitions: () => read(orders.transitions.$get()),
  saveTransitions: (transitions: Transition[]) => read(orders.transitions.$put({ json: { transitions } })),
  settings: () => read(orders.settings.$get()),
  saveSettings: (json: Partial<Settings>) => read(orders.settings.$put({ json })),
  remove: (id: string) => send(one.$delete(param(id))),
};

export const statuses = [
  "draft",
  "scheduled",
  "dispatched",
  "in_progress",
  "paused",
  "completed",
  "canceled",
] as const satisfies readonly Status[];
export const workTypes = [
  "install",
  "repair",
  "survey",
  "maintenance",
  "disconnect",
  "other",
] as const satisfies readonly WorkType[];
export const priorities = ["low", "medium", "high", "urgent"] as const;

/** A badge tone per status, for the list and the detail page. */
export const statusTone = (s: Status) =>
  s === "completed" ? "badge-success" : s === "canceled" ? "badge-neutral" : s === "paused" ? "badge-warning" : "badge";
