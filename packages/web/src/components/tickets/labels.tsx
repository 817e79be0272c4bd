import { t } from "../../i18n";
import { Badge, type Tone } from "../ui";
import type { Customer, LinkKind, TicketChannel, TicketPriority, TicketStatus } from "./api";

const statusTone: Record<TicketStatus, Tone> = {
  new: "info",
  open: "info",
  pending: "warning",
  waiting_on_customer: "warning",
  pending_confirmation: "success",
  lastmile_rerun: "warning",
  site_under_construction: "warning",
  on_hold: "neutral",
  closed: "success",
  canceled: "neutral",
  merged: "neutral",
};
export const ticketStatuses = Object.keys(statusTone) as TicketStatus[];
/** Highest first, as pickers and filters list them. */
export const ticketPriorities: TicketPriority[] = ["urgent", "high", "medium", "low"];
/** The default the API applies when a form leaves priority out (one default everywhere). */
export const defaultPriority: TicketPriority = "medium";
/** A priority's rank, low 0 … urgent 3: sorting compares ranks, never names. */
export const priorityRank = (priority: TicketPriority): number =>
  ticketPriorities.length - 1 - ticketPriorities.indexOf(priority);
export const ticketChannels: TicketChannel[] = ["phone", "email", "web", "chat", "api"];

export const statusLabel = (status: TicketStatus): string => t(`tickets.status.${status}`);
export const priorityLabel = (priority: TicketPriority): string => t(`tickets.priority.${priority}`);
export const channelLabel = (channel: TicketChannel): string => t(`tickets.channel.${channel}`);
export const customerKindLabel = (kind: Customer["kind"]): string => t(`tickets.customerKind.${kind}`);
export const linkKindLabel = (kind: LinkKind): string => t(`tickets.linkKind.${kind}`);

export function StatusChip(props: { status: TicketStatus }) {
  return <Badge tone={statusTone[props.status]}>{statusLabel(props.status)}</Badge>;
}

/** Priority as a word with a coloured marker; the word carries the meaning. */
export function PriorityLabel(props: { priority: TicketPriority }) {
  return <span class={`tk-priority tk-priority-${props.priority}`}>{priorityLabel(props.priority)}</span>;
}
