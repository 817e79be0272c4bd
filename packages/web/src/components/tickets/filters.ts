import type { TicketPriority, TicketStatus } from "./api";
import { ticketPriorities, ticketStatuses } from "./labels";

/**
 * The ticket list's view, as it sits in the address bar (short, readable names) and as the list,
 * export and saved-filter APIs take it. `assignee=me` follows whoever opens the link.
 */
export interface ListView {
  status: TicketStatus[];
  priority: TicketPriority | "";
  type: string;
  assignee: string;
  team: string;
  subscriber: string;
  subscriberLabel: string;
  from: string;
  to: string;
  q: string;
  /** Tickets whose SLA is breached or at risk (the dashboard's tiles link here). */
  sla: "" | "at_risk" | "breached";
}

export const viewKeys = [
  "status",
  "priority",
  "type",
  "assignee",
  "team",
  "subscriber",
  "subscriberLabel",
  "from",
  "to",
  "q",
  "sla",
] as const;

type Params = Partial<Record<string, string | string[]>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));

export function viewFromParams(params: Params): ListView {
  const status = one(params.status)
    .split(",")
    .filter((s): s is TicketStatus => (ticketStatuses as string[]).includes(s));
  const priority = one(params.priority);
  return {
    status,
    priority: (ticketPriorities as string[]).includes(priority) ? (priority as TicketPriority) : "",
    type: one(params.type),
    assignee: one(params.assignee),
    team: one(params.team),
    subscriber: one(params.subscriber),
    subscriberLabel: one(params.subscriberLabel),
    from: one(params.from),
    to: one(params.to),
    q: one(params.q),
    sla: one(params.sla) === "at_risk" || one(params.sla) === "breached" ? (one(params.sla) as ListView["sla"]) : "",
  };
}

/** The address-bar form: every key present, empty ones undefined so the router drops them. */
export function viewToParams(view: ListView): Record<(typeof viewKeys)[number], string | undefined> {
  return {
    status: view.status.length > 0 ? view.status.join(",") : undefined,
    priority: view.priority || undefined,
    type: view.type || undefined,
    assignee: view.assignee || undefined,
    team: view.team || undefined,
    subscriber: view.subscriber || undefined,
    subscriberLabel: view.subscriber ? view.subscriberLabel || undefined : undefined,
    from: view.from || undefined,
    to: view.to || undefined,
    q: view.q || undefined,
    sla: view.sla || undefined,
  };
}

export const isFiltered = (view: ListView) =>
  Object.entries(viewToParams(view)).some(([k, v]) => k !== "subscriberLabel" && !!v);

const DAY = 86_400_000;
/** A yyyy-mm-dd from a date input as the start of that day in the browser's time zone. */
const dayStart = (day: string) => new Date(`${day}T00:00:00`);
const toDay = (at: Date) =>
  `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, "0")}-${String(at.getDate()).padStart(2, "0")}`;

/** The list API's filters (also the export's and a saved filter's); `me` is the signed-in user's id. */
export function apiFilters(view: ListView, me: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (view.status.length > 0) out.status = view.status.join(",");
  if (view.priority) out.priority = view.priority;
  if (view.type) out.ticketTypeId = view.type;
  // `assignee=none` lists tickets nobody works on.
  const assignee = view.assignee === "me" ? me : view.assignee;
  if (assignee === "none") out.unassigned = "true";
  else if (assignee) out.assigneeId = assignee;
  if (view.sla) out.sla = view.sla;
  if (view.team) out.teamId = view.team;
  if (view.subscriber) out.subscriberId = view.subscriber;
  if (view.from && !Number.isNaN(dayStart(view.from).getTime())) out.createdFrom = dayStart(view.from).toISOString();
  if (view.to && !Number.isNaN(dayStart(view.to).getTime())) {
    // The date range includes the whole "to" day; the API's bound is exclusive.
    out.createdTo = new Date(dayStart(view.to).getTime() + DAY).toISOString();
  }
  if (view.q.trim()) out.q = view.q.trim();
  return out;
}

/** Back from a saved filter to the address-bar view; the signed-in user's own id reads as "me". */
export function viewFromApi(filters: Record<string, unknown>, me: string | undefined): ListView {
  const text = (k: string) => {
    const v = filters[k];
    return Array.isArray(v) ? v.join(",") : typeof v === "string" ? v : "";
  };
  const assignee = filters.unassigned === true || filters.unassigned === "true" ? "none" : text("assigneeId");
  const from = text("createdFrom");
  const to = text("createdTo");
  return viewFromParams({
    status: text("status"),
    priority: text("priority"),
    type: text("ticketTypeId"),
    assignee: assignee && assignee === me ? "me" : assignee,
    team: text("teamId"),
    subscriber: text("subscriberId"),
    from: from ? toDay(new Date(from)) : "",
    to: to ? toDay(new Date(new Date(to).getTime() - DAY)) : "",
    q: text("q"),
    sla: text("sla"),
  });
}
