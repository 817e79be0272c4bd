import { and, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { actorIdentity, useActor, useRequestMeta } from "../platform/context";
import { type CsvCell, csvStream } from "../platform/csv";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { cursor, id, instant, instantText, pageLimit, text } from "../platform/input";
import { keyset, microseconds } from "../platform/keyset";
import { auditEventTable } from "./audit.sql";

/** Every action the audit log knows. A new mutation adds its action here, so filters can list them. */
export const actions = [
  "user.created",
  "auth.login.succeeded",
  "auth.login.failed",
  "auth.login.throttled",
  "auth.logout",
  "auth.session.refreshed",
  "auth.session.revoked",
  "auth.session.reuse_detected",
  "auth.password.changed",
  "user.deactivated",
  "user.reactivated",
  "user.updated",
  "user.invited",
  "user.roles.changed",
  "user.permission.granted",
  "user.permission.revoked",
  "role.created",
  "role.updated",
  "role.deleted",
  "auth.mfa.enabled",
  "auth.mfa.disabled",
  "auth.mfa.failed",
  "auth.mfa.reset",
  "auth.mfa.recovery_used",
  "auth.mfa.recovery_regenerated",
  "auth.password.reset_requested",
  "auth.password.reset",
  "auth.invitation.accepted",
  "auth.magic_link.requested",
  "auth.magic_link.used",
  "organization.created",
  "organization.updated",
  "person.created",
  "person.updated",
  "person.removed",
  "person.status_changed",
  "person.merged",
  "person.channel_added",
  "subscriber.created",
  "subscriber.updated",
  "job.run",
  "upload.created",
  "upload.accepted",
  "upload.rejected",
  "api_key.created",
  "api_key.revoked",
  "ticket.created",
  "ticket.updated",
  "ticket.status_changed",
  "ticket.assigned",
  "ticket.commented",
  "ticket.comment_removed",
  "ticket.deleted",
  "ticket.numbering_changed",
  "sla.calendar.saved",
  "sla.policy.saved",
  "sla.calendar.removed",
  "sla.policy.removed",
  "ticket.linked",
  "ticket.unlinked",
  "ticket.merged",
  "ticket.confirmation_sent",
  "ticket.confirmed",
  "ticket.disputed",
  "ticket.auto_confirmed",
  "ticket.attachment_added",
  "ticket.attachment_removed",
  "ticket.type.saved",
  "ticket.transition.saved",
  "ticket.transition.removed",
  "ticket.bulk_updated",
  "inbox.bulk_updated",
  "inbox.label_created",
  "inbox.label_updated",
  "inbox.label_removed",
  "inbox.canned_created",
  "inbox.canned_removed",
  "support.settings.saved",
  "team.created",
  "team.updated",
  "team.removed",
  "saved_filter.saved",
  "saved_filter.deleted",
  "email.dead",
  "email.link_reissued",
  "inbox.templates_synced",
  "inbox.routing.changed",
  "inbox.macro_created",
  "inbox.macro_updated",
  "inbox.macro_deleted",
  "inbox.view_saved",
  "inbox.view_deleted",
  "inbox.channel_created",
  "inbox.channel_updated",
  "inbox.channel_removed",
  "inventory.item_created",
  "inventory.item_updated",
  "inventory.location_created",
  "inventory.location_updated",
  "inventory.reorder_level_set",
  "material_request.created",
  "material_request.status_changed",
  "work_order.created",
  "work_order.updated",
  "work_order.deleted",
  "work_order.assigned",
  "work_order.status_changed",
  "work_order.noted",
  "work_order.attachment_added",
  "work_order.completed",
  "work_order.transitions.saved",
  "work_order.settings.saved",
  "timecost.worklog_logged",
  "timecost.worklog_corrected",
  "timecost.worklog_removed",
  "timecost.cost_rate_saved",
  "timecost.cost_rate_removed",
  "timecost.billing_rate_saved",
  "timecost.billing_rate_removed",
  "expense_request.created",
  "expense_request.updated",
  "expense_request.submitted",
  "expense_request.approved",
  "expense_request.rejected",
  "expense_request.paid",
  "expense_request.canceled",
] as const;
export type Action = (typeof actions)[number];

export type Changes = Record<string, { from?: unknown; to?: unknown }>;

/** Who did it, as stored: the actor's kind, a stable id and a human label. */
export interface AuditActor {
  type: string;
  id: string | null;
  label: string | null;
}

/** Entry points set the actor; code that runs outside one (seed scripts, tests) is recorded as "unknown". */
export function currentActor(): AuditActor {
  try {
    return actorIdentity(useActor());
  } catch {
    return { type: "unknown", id: null, label: null };
  }
}

const SECRET_FIELD = /^password|hash$|secret|^token/i;
const REDACTED = "[redacted]";

/** JSON-comparable form: dates as ISO strings, object keys sorted, undefined dropped. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value ?? null;
}

function redact(changes: Changes): Changes {
  return Object.fromEntries(
    Object.entries(changes).map(([field, change]) =>
      SECRET_FIELD.test(field) ? [field, { from: REDACTED, to: REDACTED }] : [field, change],
    ),
  );
}

/**
 * The fields that differ between two versions of a record, as `{ field: { from, to } }`. `after` may
 * be a partial update: only its keys (or `fields`) are compared. `before` null means "created".
 * Secret-looking fields (password*, *hash, *secret*, token*) show that they changed, never their values.
 */
export function diff(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown>,
  fields: readonly string[] = Object.keys(after),
): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    const from = canonical(before?.[field]);
    const to = canonical(after[field]);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[field] = before ? { from, to } : { to };
  }
  return redact(changes);
}

export interface RecordInput {
  action: Action;
  entityType: string;
  entityId?: string | null | undefined;
  changes?: Changes | null | undefined;
  /** Only when the acting party is not the current actor (a sign-in acts as the user it signs in). */
  actor?: AuditActor | undefined;
}

/**
 * Writes one audit row in the caller's transaction, so a mutation that rolls back leaves none. The
 * actor and request (id, platform IP, user agent) come from the context the entry point set.
 */
export async function record(input: RecordInput): Promise<void> {
  const actor = input.actor ?? currentActor();
  const request = useRequestMeta();
  const changes = input.changes && Object.keys(input.changes).length ? redact(input.changes) : null;
  await useTransaction((tx) =>
    tx.insert(auditEventTable).values({
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId ?? null,
      changes,
      requestId: request.requestId ?? null,
      ip: request.ip ?? null,
      userAgent: request.userAgent ?? null,
    }),
  );
}

export const Info = z.object({
  id: z.uuid(),
  at: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown().optional(), to: z.unknown().optional() })).nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type Info = z.infer<typeof Info>;

export const Filters = z.object({
  actor: text(200).optional().describe("Actor id (user id, provider, job name) or label (email)"),
  action: z.enum(actions).optional(),
  entityType: text(200).optional(),
  entityId: text(200).optional(),
  from: instant().optional().describe("Earliest instant, inclusive (ISO 8601)"),
  to: instant().optional().describe("Latest instant, exclusive (ISO 8601)"),
});
export type Filters = z.infer<typeof Filters>;

/** Audit data is for administrators and `audit:read` keys; checked here so every transport gets the same rule. */
const assertAdmin = () => requirePermission("audit:read");

const atText = microseconds(auditEventTable.at);

/** Newest first, on (at, id). */
const byAt = keyset({
  columns: [auditEventTable.at, auditEventTable.id],
  direction: "desc",
  position: z.tuple([instantText(), id()]),
});

function where(filters: Filters, cursor?: string): SQL | undefined {
  const t = auditEventTable;
  return and(
    filters.actor ? or(eq(t.actorId, filters.actor), sql`lower(${t.actorLabel}) = lower(${filters.actor})`) : undefined,
    filters.action ? eq(t.action, filters.action) : undefined,
    filters.entityType ? eq(t.entityType, filters.entityType) : undefined,
    filters.entityId ? eq(t.entityId, filters.entityId) : undefined,
    filters.from ? gte(t.at, filters.from) : undefined,
    filters.to ? lt(t.at, filters.to) : undefined,
    byAt.after(cursor),
  );
}

async function page(filters: Filters, limit: number, cursor?: string) {
  const condition = where(filters, cursor);
  const rows = await useTransaction((tx) =>
    tx
      .select({ row: auditEventTable, atText })
      .from(auditEventTable)
      .where(condition)
      .orderBy(...byAt.orderBy)
      .limit(byAt.take(limit)),
  );
  const page = byAt.page(rows, limit, (r) => [r.atText, r.row.id]);
  const items: Info[] = page.items.map(({ row, atText }) => ({
    id: row.id,
    at: atText,
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    changes: row.changes,
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
  }));
  return { items, nextCursor: page.nextCursor };
}

/** Audit events newest first, filtered, in keyset pages (`nextCursor` is null on the last page). */
export const list = fn(
  Filters.extend({ cursor: cursor().optional(), limit: pageLimit(200, 50) }),
  async ({ cursor, limit, ...filters }): Promise<{ items: Info[]; nextCursor: string | null }> => {
    assertAdmin();
    return page(filters, limit, cursor);
  },
);

export const csvHeader = [
  "at",
  "actor_type",
  "actor_id",
  "actor_label",
  "action",
  "entity_type",
  "entity_id",
  "changes",
  "request_id",
  "ip",
  "user_agent",
] as const;

const EXPORT_PAGE = 1000;

/**
 * Every matching event as CSV, newest first, read in keyset pages of 1000 so memory stays flat
 * however long the log is. The permission check runs now, before any byte is sent.
 */
export const exportCsv = fn(Filters, (filters): Promise<ReadableStream<Uint8Array>> => {
  assertAdmin();
  async function* rows(): AsyncGenerator<CsvCell[]> {
    let cursor: string | undefined;
    do {
      const result = await page(filters, EXPORT_PAGE, cursor);
      for (const e of result.items) {
        yield [
          e.at,
          e.actor.type,
          e.actor.id,
          e.actor.label,
          e.action,
          e.entityType,
          e.entityId,
          e.changes,
          e.requestId,
          e.ip,
          e.userAgent,
        ];
      }
      cursor = result.nextCursor ?? undefined;
    } while (cursor);
  }
  return csvStream(csvHeader, rows());
});
