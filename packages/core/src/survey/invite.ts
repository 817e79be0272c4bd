import { and, eq, isNull, lte } from "drizzle-orm";
import { hashToken, newToken } from "../auth/token";
import { escapeHtml } from "../notification/templates";
import { personTable } from "../person/person.sql";
import { createTransaction, useTransaction } from "../platform/db";
import { useMailer } from "../platform/mail";
import { publicUrl } from "../platform/public-url";
import { ticketTable } from "../ticket/ticket.sql";
import { workOrderTable } from "../workorder/workorder.sql";
import { surveyInvitationTable, surveyTable } from "./survey.sql";
import type { InvitationSource, SurveyTrigger } from "./values";

/** The invitation link. The token rides in the fragment: browsers never send it to a server or a Referer. */
export const invitationLink = (token: string) => `${publicUrl()}/survey#token=${token}`;

/**
 * Invites the person behind a closed ticket or a completed work order to every active survey with that
 * trigger: one invitation per survey and source (a replayed event invites nobody twice), mailed after
 * commit. Returns the links made (tests follow them; nothing else sees a token).
 */
export async function inviteFor(
  trigger: Exclude<SurveyTrigger, "manual">,
  sourceType: InvitationSource,
  sourceId: string,
): Promise<string[]> {
  return createTransaction(async (tx) => {
    const source = sourceType === "ticket" ? ticketTable : workOrderTable;
    const [found] = await tx
      .select({
        personId: source.personId,
        number: source.number,
        email: personTable.email,
        name: personTable.displayName,
      })
      .from(source)
      .innerJoin(personTable, eq(personTable.id, source.personId))
      .where(eq(source.id, sourceId));
    if (!found?.email || !found.personId) return [];
    const surveys = await tx
      .select()
      .from(surveyTable)
      .where(and(eq(surveyTable.trigger, trigger), eq(surveyTable.status, "active"), isNull(surveyTable.deletedAt)));
    const links: string[] = [];
    for (const survey of surveys) {
      const token = newToken();
      const [created] = await tx
        .insert(surveyInvitationTable)
        .values({
          surveyId: survey.id,
          personId: found.personId,
          email: found.email,
          tokenHash: hashToken(token),
          sourceType,
          sourceId,
          expiresAt: new Date(Date.now() + survey.invitationDays * 86_400_000),
        })
        .onConflictDoNothing()
        .returning({ id: surveyInvitationTable.id });
      if (!created) continue;
      const link = invitationLink(token);
      links.push(link);
      const about = sourceType === "ticket" ? `your request ${found.number}` : `our visit ${found.number}`;
      await useMailer().send({
        to: found.email,
        subject: `${survey.name}: how did we do?`,
        text: `Hello ${found.name},\n\nPlease tell us how we did with ${about}. It takes a minute:\n${link}\n\nThis link works once and for ${survey.invitationDays} days.\n`,
        html: `<p>Hello ${escapeHtml(found.name)},</p><p>Please tell us how we did with ${escapeHtml(about)}. It takes a minute:</p><p><a href="${escapeHtml(link)}">Answer the survey</a></p><p><small>This link works once and for ${survey.invitationDays} days.</small></p>`,
      });
    }
    return links;
  });
}

/** Job `surveys.expire_invitations`: marks unanswered invitations past their expiry as expired. */
export async function expireInvitations(now = new Date()): Promise<{ expired: number }> {
  const rows = await useTransaction((tx) =>
    tx
      .update(surveyInvitationTable)
      .set({ expiredAt: now })
      .where(
        and(
          isNull(surveyInvitationTable.respondedAt),
          isNull(surveyInvitationTable.expiredAt),
          lte(surveyInvitationTable.expiresAt, now),
        ),
      )
      .returning({ id: surveyInvitationTable.id }),
  );
  return { expired: rows.length };
}
