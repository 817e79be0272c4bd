import { and, eq, gt, isNull, sql } from "drizzle-orm";
import * as z from "zod";
import { hashToken, newToken } from "../auth/token";
import { personChannelTable } from "../person/person.sql";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { text } from "../platform/input";
import { emit } from "../platform/outbox";
import { publicUrl } from "../platform/public-url";
import { inboxCsatTable } from "./csat.sql";
import { Events } from "./events";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "./inbox.sql";
import { assertWindow } from "./outbound/reply";

/** How long a survey link can be answered. */
export const CSAT_DAYS = 7;
const Token = text(200, { min: 20 });

/** The survey link. The token rides in the fragment, which browsers never send to a server or a Referer. */
export const surveyLink = (token: string) => `${publicUrl()}/csat#token=${token}`;

/**
 * Opens the survey of a resolved conversation, once: a second call (a replayed event, a reopen and
 * resolve again) returns nothing and sends nothing. Channels whose settings say `csat: false` get none.
 * Returns the link to send to the customer, in the caller's transaction.
 */
export async function offer(tx: Transaction, conversationId: string): Promise<{ link: string } | undefined> {
  const [row] = await tx
    .select({ conversation: inboxConversationTable, settings: inboxChannelTable.settings })
    .from(inboxConversationTable)
    .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, inboxConversationTable.channelId))
    .where(eq(inboxConversationTable.id, conversationId));
  if (row?.conversation.status !== "resolved" || row.settings.csat === false) return undefined;
  const token = newToken();
  const [created] = await tx
    .insert(inboxCsatTable)
    .values({
      conversationId,
      tokenHash: hashToken(token),
      agentId: row.conversation.assigneeId,
      teamId: row.conversation.teamId,
      expiresAt: new Date(Date.now() + CSAT_DAYS * 86_400_000),
    })
    .onConflictDoNothing()
    .returning({ id: inboxCsatTable.id });
  return created ? { link: surveyLink(token) } : undefined;
}

export const surveyStates = ["open", "answered", "expired"] as const;
export const SurveyInfo = z.object({
  state: z.enum(surveyStates),
  /** The channel's name, so the customer knows which conversation is meant. */
  channel: z.string(),
  rating: z.number().int().nullable(),
});
export type SurveyInfo = z.infer<typeof SurveyInfo>;

async function byToken(tx: Tx, token: string) {
  const [row] = await tx
    .select({ survey: inboxCsatTable, channel: inboxChannelTable.name })
    .from(inboxCsatTable)
    .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, inboxCsatTable.conversationId))
    .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, inboxConversationTable.channelId))
    .where(eq(inboxCsatTable.tokenHash, hashToken(token)));
  if (!row) throw new AppError("not_found", "This survey link is not known; use the link from your latest message");
  return row;
}

const stateOf = (s: typeof inboxCsatTable.$inferSelect) =>
  s.respondedAt ? ("answered" as const) : s.expiresAt <= new Date() ? ("expired" as const) : ("open" as const);

/** What a survey link is about (public: the token, in the body, is the credential). */
export const lookup = fn(z.object({ token: Token }), async ({ token }): Promise<SurveyInfo> => {
  const row = await useTransaction((tx) => byToken(tx, token));
  return { state: stateOf(row.survey), channel: row.channel, rating: row.survey.rating };
});

/**
 * The customer's answer: 1 to 5 and an optional comment, accepted once (one conditional UPDATE, so a
 * double submit is one answer) and only before the link expires.
 */
export const answer = fn(
  z.object({
    token: Token,
    rating: z.int().min(1, "must be 1 to 5").max(5, "must be 1 to 5"),
    comment: z.string().trim().max(2000).optional(),
  }),
  async ({ token, rating, comment }): Promise<SurveyInfo> => {
    return createTransaction(async (tx) => {
      const row = await byToken(tx, token);
      const [updated] = await tx
        .update(inboxCsatTable)
        .set({ rating, comment: comment || null, respondedAt: new Date() })
        .where(
          and(
            eq(inboxCsatTable.id, row.survey.id),
            isNull(inboxCsatTable.respondedAt),
            gt(inboxCsatTable.expiresAt, sql`now()`),
          ),
        )
        .returning();
      if (!updated) {
        const state = stateOf(row.survey);
        throw new AppError(
          "conflict",
          state === "answered" ? "This survey was already answered: thank you" : "This survey link has expired",
          [{ path: "token", message: state }],
        );
      }
      return { state: "answered", channel: row.channel, rating: updated.rating };
    });
  },
);

/**
 * After a conversation is resolved: opens its survey and queues the link to the customer as an
 * automatic message (email carries the RFC 3834 headers, so it never starts a reply loop). Nothing is
 * sent when the survey was already offered, the channel turned CSAT off, the provider's window is closed
 * (a WhatsApp template would be needed), or every message the customer sent was itself automatic.
 */
export async function sendSurvey(conversationId: string): Promise<{ sent: boolean }> {
  return createTransaction(async (tx) => {
    const [row] = await tx
      .select({ conversation: inboxConversationTable, channel: inboxChannelTable, to: personChannelTable.value })
      .from(inboxConversationTable)
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, inboxConversationTable.channelId))
      .leftJoin(personChannelTable, eq(personChannelTable.id, inboxConversationTable.personChannelId))
      .where(eq(inboxConversationTable.id, conversationId));
    if (!row?.to) return { sent: false };
    const [human] = await tx
      .select({ id: inboxMessageTable.id })
      .from(inboxMessageTable)
      .where(
        and(
          eq(inboxMessageTable.conversationId, conversationId),
          eq(inboxMessageTable.direction, "inbound"),
          sql`coalesce((${inboxMessageTable.payload} ->> 'automatic')::boolean, false) = false`,
        ),
      )
      .limit(1);
    if (!human) return { sent: false };
    try {
      assertWindow(row.channel, row.conversation, false);
    } catch {
      return { sent: false };
    }
    const offered = await offer(tx, conversationId);
    if (!offered) return { sent: false };
    const body = `Thank you for contacting ${row.channel.name}. How did we do? Rate us from 1 to 5: ${offered.link}`;
    const [message] = await tx
      .insert(inboxMessageTable)
      .values({
        conversationId,
        channelId: row.channel.id,
        direction: "outbound",
        kind: row.channel.kind === "email" ? "email" : "text",
        status: "queued",
        subject: row.channel.kind === "email" ? "How did we do?" : null,
        body,
        payload: { to: row.to, automatic: true, csat: true },
        nextAttemptAt: sql`now()`,
      })
      .returning({ id: inboxMessageTable.id });
    if (!message) return { sent: false };
    await emit(Events.MessageQueued, { conversationId, messageId: message.id, channelId: row.channel.id });
    return { sent: true };
  });
}
