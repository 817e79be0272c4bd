import { sql } from "drizzle-orm";
import { check, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { id, instant } from "../platform/sql";
import { workOrderTable } from "../workorder/workorder.sql";

/**
 * A customer's "track my visit" link for one work order. Only the token's SHA-256 is stored. The link
 * works until `expires_at` (hard expiry), until a newer link for the same job replaces it
 * (`revoked_at`), and no longer than a short grace after the job completes or is canceled (read from
 * the work order itself, so it ends with the job without a job of its own). The customer's answers
 * are recorded once each: `confirmed_at`, and the reschedule request's instant, preferred time and reason.
 */
export const trackLinkTable = pgTable(
  "track_link",
  {
    id: id(),
    workOrderId: uuid("work_order_id")
      .notNull()
      .references(() => workOrderTable.id),
    tokenHash: text("token_hash").notNull(),
    createdById: uuid("created_by_id").references(() => userTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
    expiresAt: instant("expires_at").notNull(),
    revokedAt: instant("revoked_at"),
    confirmedAt: instant("confirmed_at"),
    rescheduleRequestedAt: instant("reschedule_requested_at"),
    reschedulePreferredAt: instant("reschedule_preferred_at"),
    rescheduleReason: text("reschedule_reason"),
    /** When the dispatcher dealt with the reschedule request (moved the job or called back). */
    rescheduleHandledAt: instant("reschedule_handled_at"),
  },
  (t) => [
    uniqueIndex("track_link_token_idx").on(t.tokenHash),
    index("track_link_work_order_idx").on(t.workOrderId, t.createdAt),
    index("track_link_open_requests_idx")
      .on(t.rescheduleRequestedAt)
      .where(sql`${t.rescheduleRequestedAt} is not null and ${t.rescheduleHandledAt} is null`),
    check("track_link_expiry_order", sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);
