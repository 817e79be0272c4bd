import type { InferResponseType } from "hono/client";
import { client, JSON_HEADERS, send } from "../../../api";
import { Badge, type Tone } from "../../../components/ui";
import { t } from "../../../i18n";

export const tickets = client.api.v1.customer.tickets;

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
const statusTone: Record<Status, Tone> = {
  new: "info",
  open: "info",
  pending: "warning",
  waiting_on_customer: "warning",
  pending_confirmation: "success",
  lastmile_rerun: "info",
  site_under_construction: "info",
  on_hold: "neutral",
  closed: "neutral",
  canceled: "neutral",
  merged: "neutral",
};

export function TicketStatus(props: { status: Status }) {
  return <Badge tone={statusTone[props.status] ?? "neutral"}>{t(`customer.status.${props.status}`)}</Badge>;
}
