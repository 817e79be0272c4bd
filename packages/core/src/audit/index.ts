import { actorIdentity, useActor, useRequestMeta } from "../platform/context";
import { useTransaction } from "../platform/db";
import type { Action } from "./actions";
import { auditEventTable } from "./audit.sql";

export type { Action } from "./actions";
/** Reading the log (list, CSV export) is `@dotmac/core/audit/log`, apart so recording stays light. */

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
