import { Badge, type Tone } from "../ui";
import type { TicketChannel, TicketPriority, TicketStatus } from "./api";

export const statusLabel: Record<TicketStatus, string> = {
  new: "New",
  open: "Open",
  pending: "Pending",
  waiting_on_customer: "Waiting on customer",
  pending_confirmation: "Pending confirmation",
  lastmile_rerun: "Last-mile rerun",
  site_under_construction: "Site under construction",
  on_hold: "On hold",
  closed: "Closed",
  canceled: "Canceled",
  merged: "Merged",
};
export const ticketStatuses = Object.keys(statusLabel) as TicketStatus[];

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

export const priorityLabel: Record<TicketPriority, string> = {
  urgent: "Urgent",
  high: "High",
  normal: "Normal",
  medium: "Medium",
  low: "Low",
  lower: "Lower",
};
export const ticketPriorities = Object.keys(priorityLabel) as TicketPriority[];

export const channelLabel: Record<TicketChannel, string> = {
  phone: "Phone",
  email: "Email",
  web: "Web",
  chat: "Chat",
  api: "API",
};
export const ticketChannels = Object.keys(channelLabel) as TicketChannel[];

export function StatusChip(props: { status: TicketStatus }) {
  return <Badge tone={statusTone[props.status]}>{statusLabel[props.status]}</Badge>;
}

/** Priority as a word with a coloured marker; the word carries the meaning. */
export function PriorityLabel(props: { priority: TicketPriority }) {
  return <span class={`tk-priority tk-priority-${props.priority}`}>{priorityLabel[props.priority]}</span>;
}

/** "2.4 MB" */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
