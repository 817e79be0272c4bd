/**
 * Reading the audit log (list, CSV export, their filters): the access group's routes only. Apart from
 * `record` (../index.ts) so the verbs that record do not carry it on their groups' cold paths.
 */
import { and, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../../access";
import { type CsvCell, csvStream } from "../../platform/csv";
import { useTransaction } from "../../platform/db";
import { fn } from "../../platform/fn";
import { cursor, id, instant, instantText, pageLimit, text } from "../../platform/input";
import { keyset, microseconds } from "../../platform/keyset";
import { actions } from "../actions";
import { auditEventTable } from "../audit.sql";

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
