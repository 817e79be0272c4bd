import type { InferResponseType } from "hono/client";
import { client, send } from "../../../api";
import { statusLabel as ticketStatusLabel } from "../../../components/tickets/labels";

export const support = client.api.v1.support;

export type TicketType = InferResponseType<typeof support.types.$get, 200>["items"][number];
export type Transition = InferResponseType<typeof support.transitions.$get, 200>["items"][number];
export type Numbering = InferResponseType<typeof support.numbering.$get, 200>;
export type Status = Transition["from"];

export const settingsApi = {
  async types(): Promise<TicketType[]> {
    return (await (await send(support.types.$get())).json()).items;
  },
  async saveType(
    name: string,
    json: { requiresSubscriber: boolean; customerVisible?: boolean; active: boolean },
  ): Promise<TicketType> {
    return (await send(support.types[":name"].$put({ param: { name }, json }))).json();
  },
  async transitions(): Promise<Transition[]> {
    return (await (await send(support.transitions.$get())).json()).items;
  },
  async saveTransition(json: { from: Status; to: Exclude<Status, "merged">; requiresNote: boolean; active: boolean }) {
    return (await send(support.transitions.$put({ json }))).json();
  },
  async removeTransition(id: string): Promise<void> {
    // JSON content type, as the CSRF check wants on every cookie-authenticated write, even an empty one.
    await send(
      support.transitions[":id"].$delete({ param: { id } }, { headers: { "content-type": "application/json" } }),
    );
  },
  async numbering(): Promise<Numbering> {
    return (await send(support.numbering.$get())).json();
  },
  async preview(query: { pattern: string; padding: string; start: string }): Promise<string> {
    return (await (await send(support.numbering.preview.$get({ query }))).json()).preview;
  },
  async saveNumbering(json: { pattern: string; padding: number; start: number }): Promise<Numbering> {
    return (await send(support.numbering.$put({ json }))).json();
  },
};

export const statuses: Status[] = [
  "new",
  "open",
  "pending",
  "waiting_on_customer",
  "pending_confirmation",
  "lastmile_rerun",
  "site_under_construction",
  "on_hold",
  "closed",
  "canceled",
  "merged",
];
/** A status in the reader's language (the ticket screens' own words). */
export const statusLabel = (s: Status): string => ticketStatusLabel(s);
