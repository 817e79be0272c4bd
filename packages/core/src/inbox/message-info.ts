import * as z from "zod";
import { type inboxMessageTable, messageDirections, messageKinds, messageStatuses } from "./inbox.sql";

/** One message of a thread as the API returns it (inbound, outbound or internal). */
export const MessageInfo = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  direction: z.enum(messageDirections),
  kind: z.enum(messageKinds),
  status: z.enum(messageStatuses),
  body: z.string().nullable(),
  subject: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  authorId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  readAt: z.iso.datetime().nullable(),
  failedAt: z.iso.datetime().nullable(),
  /** Why the provider refused it (e.g. `template_required`, `rate_limited`, `131026`). */
  errorCode: z.string().nullable(),
  errorDetail: z.string().nullable(),
  attempts: z.number().int(),
  /** When the outbox tries again (a `queued` message waiting out a backoff). */
  nextAttemptAt: z.iso.datetime().nullable(),
});
export type MessageInfo = z.infer<typeof MessageInfo>;

export type MessageRow = typeof inboxMessageTable.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toMessageInfo(m: MessageRow): MessageInfo {
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    kind: m.kind,
    status: m.status,
    body: m.body,
    subject: m.subject,
    payload: m.payload,
    authorId: m.authorId,
    createdAt: m.createdAt.toISOString(),
    sentAt: iso(m.sentAt),
    deliveredAt: iso(m.deliveredAt),
    readAt: iso(m.readAt),
    failedAt: iso(m.failedAt),
    errorCode: m.errorCode,
    errorDetail: m.errorDetail,
    attempts: m.attempts,
    nextAttemptAt: iso(m.nextAttemptAt),
  };
}
