import type { InferRequestType, InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read, send } from "../../api";

/**
 * The staff ticket screens' calls, all through the typed client: every type here is derived from
 * the API's own routes, so a changed contract breaks the build rather than the page.
 */
const tickets = client.api.v1.tickets;
const one = tickets[":id"];
const directory = client.api.v1.directory;
const saved = client.api.v1["saved-filters"];

/** A ticket as every change answers it; the staff read adds `customer` (TicketRead). */
export type Ticket = InferResponseType<(typeof one)["$patch"], 200>;
export type TicketRead = InferResponseType<(typeof tickets)[":idOrNumber"]["$get"], 200>;
export type CustomerContext = TicketRead["customer"];
export type ListedTicket = InferResponseType<typeof tickets.$get, 200>["items"][number];
export type ListQuery = NonNullable<InferRequestType<typeof tickets.$get>["query"]>;
export type CreateInput = InferRequestType<typeof tickets.$post>["json"];
export type Created = InferResponseType<typeof tickets.$post, 201>;
export type TicketWarning = Created["warnings"][number];
export type TicketType = InferResponseType<typeof tickets.types.$get, 200>["items"][number];
export type Comment = InferResponseType<(typeof one)["comments"]["$get"], 200>["items"][number];
export type TicketEvent = InferResponseType<(typeof one)["events"]["$get"], 200>["items"][number];
export type TicketLink = InferResponseType<(typeof one)["links"]["$get"], 200>["items"][number];
export type LinkKind = TicketLink["kind"];
export type Attachment = InferResponseType<(typeof one)["attachments"]["$get"], 200>["items"][number];
export type UploadSlot = InferResponseType<(typeof one)["attachments"]["slots"]["$post"], 201>;
export type Confirmation = NonNullable<InferResponseType<(typeof one)["confirmation"]["$get"], 200>>;
export type TicketStatus = Ticket["status"];
export type TicketPriority = Ticket["priority"];
export type TicketChannel = NonNullable<Ticket["channel"]>;
export type SettableStatus = InferRequestType<(typeof one)["status"]["$post"]>["json"]["status"];
export type PatchInput = InferRequestType<(typeof one)["$patch"]>["json"];
export type AssignInput = InferRequestType<(typeof one)["assign"]["$post"]>["json"];
export type BulkInput = InferRequestType<typeof tickets.bulk.$post>["json"];
export type BulkResult = InferResponseType<typeof tickets.bulk.$post, 200>;
export type SavedFilter = InferResponseType<typeof saved.$get, 200>["items"][number];
export type StaffMember = InferResponseType<typeof directory.staff.$get, 200>["items"][number];
export type Customer = InferResponseType<typeof directory.customers.$get, 200>["items"][number];
export type CustomerQuery = NonNullable<InferRequestType<typeof directory.customers.$get>["query"]>;
export type Team = InferResponseType<typeof client.api.v1.teams.$get, 200>["items"][number];
export type Transition = InferResponseType<typeof directory.transitions.$get, 200>["items"][number];

export const linkKinds = ["related", "duplicate", "related_outage"] as const satisfies readonly LinkKind[];

const param = (id: string) => ({ param: { id } });

export const ticketApi = {
  list: (query: ListQuery) => read(tickets.$get({ query })),
  /** The CSV export of the same filters, as a same-origin link. */
  exportHref(query: ListQuery) {
    const url = tickets["export.csv"].$url({ query });
    return url.pathname + url.search;
  },
  get: (idOrNumber: string) => read(tickets[":idOrNumber"].$get({ param: { idOrNumber } })),
  create: (json: CreateInput) => read(tickets.$post({ json })),
  patch: (id: string, json: PatchInput) => read(one.$patch({ ...param(id), json })),
  setStatus: (id: string, status: SettableStatus, note?: string) =>
    read(one.status.$post({ ...param(id), json: note ? { status, note } : { status } })),
  assign: (id: string, json: AssignInput) => read(one.assign.$post({ ...param(id), json })),
  /** Makes the signed-in agent the primary assignee of an unassigned ticket. */
  // No body, but the CSRF check refuses a cookie POST whose (empty) body is not declared JSON.
  take: (id: string) => read(one.take.$post(param(id), JSON_HEADERS)),
  teams: async () => (await read(client.api.v1.teams.$get())).items,
  comments: async (id: string) => (await read(one.comments.$get(param(id)))).items,
  comment: (id: string, body: string, isInternal: boolean) =>
    read(one.comments.$post({ ...param(id), json: { body, isInternal } })),
  events: async (id: string) => (await read(one.events.$get(param(id)))).items,
  links: async (id: string) => (await read(one.links.$get(param(id)))).items,
  link: (id: string, targetRef: string, kind: LinkKind) =>
    read(one.links.$post({ ...param(id), json: { targetRef, kind } })),
  unlink: (id: string, linkId: string) => send(one.links[":linkId"].$delete({ param: { id, linkId } })),
  merge: (id: string, targetRef: string) => read(one.merge.$post({ ...param(id), json: { targetRef } })),
  bulk: (json: BulkInput) => read(tickets.bulk.$post({ json })),
  confirmation: (id: string) => read(one.confirmation.$get(param(id))),
  types: async () => (await read(tickets.types.$get())).items,
  attachments: async (id: string) => (await read(one.attachments.$get(param(id)))).items,
  slot: (
    id: string,
    file: { filename: string; contentType: string; size: number },
    isInternal: boolean,
    commentId?: string,
  ) =>
    read(
      one.attachments.slots.$post({ ...param(id), json: { ...file, isInternal, ...(commentId ? { commentId } : {}) } }),
    ),
  attach: (id: string, uploadId: string, extra: { commentId?: string; isInternal?: boolean } = {}) =>
    read(one.attachments.$post({ ...param(id), json: { uploadId, ...extra } })),
  download: (id: string, attachmentId: string) =>
    read(one.attachments[":attachmentId"].download.$get({ param: { id, attachmentId } })),
  savedFilters: async () => (await read(saved.$get())).items,
  saveFilter: (name: string, filters: Record<string, string>) =>
    read(saved[":name"].$put({ param: { name }, json: { filters } })),
  removeFilter: (id: string) => send(saved[":id"].$delete({ param: { id } }, JSON_HEADERS)),
  staff: async (query: { q?: string; ids?: string }) => (await read(directory.staff.$get({ query }))).items,
  customers: async (query: CustomerQuery) => (await read(directory.customers.$get({ query }))).items,
  transitions: async () => (await read(directory.transitions.$get())).items,
};
