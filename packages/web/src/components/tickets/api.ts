import type { InferResponseType } from "hono/client";
import { ApiError, type client, refreshSession, send } from "../../api";

/**
 * The staff ticket screens' calls. The typed client describes the routes that exist; the routes
 * of the collaboration, attachment and SLA features are described here from their contracts, and
 * every failure keeps the problem+json `errors` so forms can show them next to their fields.
 */

type Tickets = typeof client.api.v1.tickets;
export type Ticket = InferResponseType<Tickets[":idOrNumber"]["$get"], 200>;
export type TicketWarning = InferResponseType<Tickets["$post"], 201>["warnings"][number];
export type TicketType = InferResponseType<Tickets["types"]["$get"], 200>["items"][number];
export type Comment = InferResponseType<Tickets[":id"]["comments"]["$get"], 200>["items"][number];
export type TicketEvent = InferResponseType<Tickets[":id"]["events"]["$get"], 200>["items"][number];
export type TicketStatus = Ticket["status"];
export type TicketPriority = Ticket["priority"];
export type TicketChannel = NonNullable<Ticket["channel"]>;

type Directory = typeof client.api.v1.directory;
export type StaffMember = InferResponseType<Directory["staff"]["$get"], 200>["items"][number];
export type Customer = InferResponseType<Directory["customers"]["$get"], 200>["items"][number];

/** List items and the ticket carry H1's SLA summary (`sla`, null when no policy applies). */
export type ListedTicket = Ticket;

export interface SavedFilter {
  id: string;
  name: string;
  filters: Record<string, string>;
}
export interface BulkResult {
  updated: string[];
  failed: { id: string; number: string; detail: string }[];
}
export interface TicketLink {
  id: string;
  kind: LinkKind;
  direction: "outgoing" | "incoming";
  ticket: { id: string; number: string; title: string; status: TicketStatus };
}
export const linkKinds = ["related", "duplicate", "related_outage"] as const;
export type LinkKind = (typeof linkKinds)[number];
export interface Attachment {
  id: string;
  ticketId: string;
  commentId: string | null;
  filename: string;
  contentType: string;
  size: number;
  isInternal: boolean;
  createdAt: string;
  createdById: string | null;
}
export interface Confirmation {
  id: string;
  state: "open" | "confirmed" | "disputed" | "auto_confirmed" | "superseded" | "expired";
  email: string | null;
  expiresAt: string;
  decidedAt: string | null;
  reason: string | null;
}
export interface Transition {
  from: TicketStatus;
  to: TicketStatus;
  requiresNote: boolean;
  active?: boolean;
}

/** A failed call with the fields the server named, for showing each message beside its input. */
export class FieldError extends ApiError {
  constructor(
    cause: ApiError,
    readonly fields: { path: string; message: string }[],
  ) {
    super(cause.status, cause.message, cause.code, cause.requestId);
  }
}

/** The message for one field of a failed call, if the server named it. */
export function fieldMessage(failure: unknown, path: string): string | undefined {
  return failure instanceof FieldError ? failure.fields.find((f) => f.path === path)?.message : undefined;
}

const CSRF_COOKIE = "__Host-dotmac_csrf";
const csrf = () =>
  document.cookie
    .split("; ")
    .find((c) => c.startsWith(`${CSRF_COOKIE}=`))
    ?.slice(CSRF_COOKIE.length + 1);

async function raw(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (method !== "GET") {
    headers["content-type"] = "application/json";
    const token = csrf();
    if (token) headers["x-csrf-token"] = decodeURIComponent(token);
  }
  return fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/**
 * One JSON call as the portal makes them: the CSRF header on writes, one refresh and retry on 401,
 * and an ApiError from problem+json (a FieldError when the server named the fields to fix).
 */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const attempt = async () => {
    const res = await raw(method, path, body);
    return res.status === 401 && (await refreshSession()) ? raw(method, path, body) : res;
  };
  let fields: { path: string; message: string }[] = [];
  try {
    // `send` narrows typed-client responses by `ok`; a plain Response is the same shape.
    const res: Response = await send<Response & { ok: true }>(
      attempt().then(async (res) => {
        if (!res.ok) {
          fields = await res
            .clone()
            .json()
            .then((p: { errors?: { path: string; message: string }[] }) => p.errors ?? [])
            .catch(() => []);
        }
        return res as Response & { ok: true };
      }),
    );
    return (res.status === 204 ? undefined : await res.json()) as T;
  } catch (failure) {
    if (failure instanceof ApiError && fields.length > 0) throw new FieldError(failure, fields);
    throw failure;
  }
}

/** A query string from the filled-in values only. */
export function queryString(values: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : "";
}

export const enc = encodeURIComponent;
