import type { InferResponseType } from "hono/client";
import { client, send } from "../../../api";
import { Badge, type Tone } from "../../../components/ui";

export const tickets = client.api.v1.customer.tickets;
export const JSON_HEADERS = { headers: { "content-type": "application/json" } };

export type TicketPage = InferResponseType<typeof tickets.$get, 200>;
export type TicketSummary = TicketPage["items"][number];
export type CustomerTicket = InferResponseType<(typeof tickets)[":ref"]["$get"], 200>;
export type Attachment = CustomerTicket["attachments"][number];
export type Status = TicketSummary["status"];

/** The customer portal's ticket calls; the server scopes each to the signed-in customer. */
export const ticketApi = {
  async list(cursor?: string): Promise<TicketPage> {
    return (await send(tickets.$get({ query: cursor ? { cursor } : {} }))).json();
  },
  async types() {
    return (await (await send(tickets.types.$get())).json()).items;
  },
  async open(json: { title: string; description: string; ticketTypeId?: string }) {
    return (await send(tickets.$post({ json }))).json();
  },
  async get(ref: string): Promise<CustomerTicket> {
    return (await send(tickets[":ref"].$get({ param: { ref } }))).json();
  },
  async reply(id: string, body: string) {
    return (await send(tickets[":id"].comments.$post({ param: { id }, json: { body } }))).json();
  },
  async slot(id: string, file: { filename: string; contentType: string; size: number }) {
    return (await send(tickets[":id"].attachments.slots.$post({ param: { id }, json: file }))).json();
  },
  async attach(id: string, uploadId: string): Promise<Attachment> {
    return (await send(tickets[":id"].attachments.$post({ param: { id }, json: { uploadId } }))).json();
  },
  async download(id: string, attachmentId: string) {
    return (
      await send(tickets[":id"].attachments[":attachmentId"].download.$get({ param: { id, attachmentId } }))
    ).json();
  },
  async confirm(id: string) {
    return (await send(tickets[":id"].confirm.$post({ param: { id } }, JSON_HEADERS))).json();
  },
  async dispute(id: string, reason: string) {
    return (await send(tickets[":id"].dispute.$post({ param: { id }, json: { reason } }))).json();
  },
};

/** Statuses in the customer's words; the tone is never the only signal (the word is always there). */
export const statusWords: Record<Status, [string, Tone]> = {
  new: ["Received", "info"],
  open: ["In progress", "info"],
  pending: ["Pending", "warning"],
  waiting_on_customer: ["Waiting for your reply", "warning"],
  pending_confirmation: ["Resolved, please confirm", "success"],
  lastmile_rerun: ["In progress", "info"],
  site_under_construction: ["Site work scheduled", "info"],
  on_hold: ["On hold", "neutral"],
  closed: ["Closed", "neutral"],
  canceled: ["Canceled", "neutral"],
  merged: ["Merged", "neutral"],
};

export function TicketStatus(props: { status: Status }) {
  const word = () => statusWords[props.status] ?? [props.status, "neutral"];
  return <Badge tone={word()[1]}>{word()[0]}</Badge>;
}
