import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { id, instant } from "../platform/sql";

/** One row per mutation, written in the mutation's own transaction. */
export const auditEventTable = pgTable(
  "audit_event",
  {
    id: id(),
    at: instant("at").notNull().defaultNow(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    changes: jsonb("changes").$type<Record<string, { from?: unknown; to?: unknown }>>(),
    requestId: text("request_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    index("audit_event_at_idx").on(t.at),
    index("audit_event_entity_idx").on(t.entityType, t.entityId, t.at),
    index("audit_event_actor_idx").on(t.actorId, t.at),
    index("audit_event_action_idx").on(t.action, t.at),
  ],
);
