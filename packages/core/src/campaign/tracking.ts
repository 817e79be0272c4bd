import { and, desc, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { inboxConversationTable, inboxMessageTable } from "../inbox/inbox.sql";
import { personTable } from "../person/person.sql";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { emit } from "../platform/outbox";
import { campaignRecipientTable, campaignTable, marketingConsentTable } from "./campaign.sql";
import { Events } from "./events";
import { verify } from "./shared";
import { consentChannels, consentStates } from "./values";

const r = campaignRecipientTable;
/** A reply within this many days of a campaign message is attributed to the campaign. */
export const REPLY_ATTRIBUTION_DAYS = 30;

const Signed = z.object({ r: z.string().max(64), s: z.string().max(100) });

function refused(): AppError {
  return new AppError(
    "validation",
    "This link is not valid: it was altered or is incomplete; use the link from the email",
    [{ path: "s", message: "does not match" }],
  );
}

async function recipientOf(recipientId: string) {
  if (!z.uuid().safeParse(recipientId).success) throw refused();
  const [row] = await useTransaction((tx) =>
    tx
      .select({ recipient: r, campaign: campaignTable })
      .from(r)
      .innerJoin(campaignTable, eq(campaignTable.id, r.campaignId))
      .where(eq(r.id, recipientId)),
  );
  if (!row) throw refused();
  return row;
}

/** The open pixel: counts an open of a signed recipient link (first time and count); never fails loudly. */
export const open = fn(Signed, async (input): Promise<{ recorded: boolean }> => {
  if (!(await verify("open", input.r, input.s))) return { recorded: false };
  const rows = await useTransaction((tx) =>
    tx
      .update(r)
      .set({ openCount: sql`${r.openCount} + 1`, openedAt: sql`coalesce(${r.openedAt}, now())` })
      .where(eq(r.id, input.r))
      .returning({ id: r.id }),
  );
  return { recorded: rows.length > 0 };
});

/**
 * A tracked link: the signature covers the recipient and the exact URL, so only URLs we put in a
 * message redirect (never an open redirect); the click is counted and the URL returned to redirect to.
 */
export const click = fn(Signed.extend({ u: z.string().max(2048) }), async (input): Promise<{ url: string }> => {
  if (!(await verify("click", `${input.r}\n${input.u}`, input.s))) throw refused();
  let url: URL;
  try {
    url = new URL(input.u);
  } catch {
    throw refused();
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refused();
  await useTransaction((tx) =>
    tx
      .update(r)
      .set({
        clickCount: sql`${r.clickCount} + 1`,
        clickedAt: sql`coalesce(${r.clickedAt}, now())`,
        // A click proves the message was opened even when images were blocked.
        openedAt: sql`coalesce(${r.openedAt}, now())`,
      })
      .where(eq(r.id, input.r)),
  );
  return { url: input.u };
});

export const UnsubscribeInfo = z.object({
  campaignName: z.string(),
  channel: z.enum(consentChannels),
  /** The address, masked (`a***@example.com`). */
  address: z.string(),
  unsubscribed: z.boolean(),
});
export type UnsubscribeInfo = z.infer<typeof UnsubscribeInfo>;

const mask = (address: string) =>
  address.includes("@")
    ? address.replace(/^(.)[^@]*(@.*)$/, "$1***$2")
    : address.replace(/^(.*)(.{3})$/, (_, a: string, b: string) => `${"*".repeat(a.length)}${b}`);

/** What the unsubscribe page shows before the person confirms (public: the signature is the credential). */
export const unsubscribeLookup = fn(Signed, async (input): Promise<UnsubscribeInfo> => {
  if (!(await verify("unsubscribe", input.r, input.s))) throw refused();
  const { recipient, campaign } = await recipientOf(input.r);
  const [consent] = await useTransaction((tx) =>
    tx
      .select()
      .from(marketingConsentTable)
      .where(
        and(
          eq(marketingConsentTable.personId, recipient.personId),
          eq(marketingConsentTable.channel, campaign.channel),
        ),
      ),
  );
  return {
    campaignName: campaign.name,
    channel: campaign.channel,
    address: mask(recipient.address),
    unsubscribed: consent?.state === "opted_out",
  };
});

/**
 * Unsubscribes the person of a signed recipient link from marketing on the campaign's channel (RFC 8058
 * one-click, or the page's button). Idempotent: a second call changes nothing. Their pending messages in
 * every campaign on that channel are skipped at once; the claim re-checks before each batch too.
 */
export const unsubscribe = fn(Signed, async (input): Promise<UnsubscribeInfo> => {
  if (!(await verify("unsubscribe", input.r, input.s))) throw refused();
  const { recipient, campaign } = await recipientOf(input.r);
  await createTransaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(marketingConsentTable)
      .where(
        and(
          eq(marketingConsentTable.personId, recipient.personId),
          eq(marketingConsentTable.channel, campaign.channel),
        ),
      )
      .for("update");
    if (before?.state === "opted_out") return;
    await tx
      .insert(marketingConsentTable)
      .values({
        personId: recipient.personId,
        channel: campaign.channel,
        state: "opted_out",
        source: "unsubscribe_link",
        campaignId: campaign.id,
      })
      .onConflictDoUpdate({
        target: [marketingConsentTable.personId, marketingConsentTable.channel],
        set: { state: "opted_out", source: "unsubscribe_link", campaignId: campaign.id, updatedAt: new Date() },
      });
    await tx
      .update(r)
      .set({ unsubscribedAt: sql`coalesce(${r.unsubscribedAt}, now())` })
      .where(eq(r.id, recipient.id));
    await tx.execute(sql`
      update ${r} set status = 'skipped', error = 'opted_out'
      from ${campaignTable}
      where ${r.campaignId} = ${campaignTable.id} and ${campaignTable.channel} = ${campaign.channel}
        and ${r.personId} = ${recipient.personId} and ${r.status} = 'pending'`);
    await Audit.record({
      action: "consent.opted_out",
      entityType: "person",
      entityId: recipient.personId,
      changes: {
        [`consent.${campaign.channel}`]: { from: before?.state ?? null, to: "opted_out" },
        campaignId: { to: campaign.id },
      },
    });
    await emit(Events.Unsubscribed, {
      campaignId: campaign.id,
      personId: recipient.personId,
      channel: campaign.channel,
    });
  });
  return { ...(await unsubscribeLookup(input)), unsubscribed: true };
});

/** Staff record a person's consent (a WhatsApp opt-in collected at signup, a phoned-in opt-out). */
export const setConsent = fn(
  z.object({
    personId: id(),
    channel: z.enum(consentChannels),
    state: z.enum(consentStates),
    source: z.string().trim().min(1).max(50).default("staff"),
  }),
  async (input): Promise<{ personId: string; channel: string; state: string }> => {
    requirePermission("crm:campaign:write");
    return createTransaction(async (tx) => {
      const [person] = await tx
        .select({ id: personTable.id })
        .from(personTable)
        .where(and(eq(personTable.id, input.personId), isNull(personTable.deletedAt)));
      if (!person) throw new AppError("not_found", `Person ${input.personId} does not exist`);
      await tx
        .insert(marketingConsentTable)
        .values({ personId: input.personId, channel: input.channel, state: input.state, source: input.source })
        .onConflictDoUpdate({
          target: [marketingConsentTable.personId, marketingConsentTable.channel],
          set: { state: input.state, source: input.source, updatedAt: new Date() },
        });
      await Audit.record({
        action: input.state === "opted_in" ? "consent.opted_in" : "consent.opted_out",
        entityType: "person",
        entityId: input.personId,
        changes: { [`consent.${input.channel}`]: { to: input.state } },
      });
      return { personId: input.personId, channel: input.channel, state: input.state };
    });
  },
);

/**
 * An inbound message (the `campaign.reply` subscriber): when its sender got a campaign message in the
 * last REPLY_ATTRIBUTION_DAYS, the latest such message is marked replied and the person's lead is
 * created or reused (source `campaign`, the campaign's id) through Sales.create, which dedupes.
 */
export async function onReply(messageId: string): Promise<{ leadId: string | null }> {
  const [found] = await useTransaction((tx) =>
    tx
      .select({
        personId: inboxConversationTable.personId,
        conversationId: inboxConversationTable.id,
        direction: inboxMessageTable.direction,
      })
      .from(inboxMessageTable)
      .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, inboxMessageTable.conversationId))
      .where(eq(inboxMessageTable.id, messageId)),
  );
  if (found?.direction !== "inbound") return { leadId: null };
  const since = new Date(Date.now() - REPLY_ATTRIBUTION_DAYS * 86_400_000);
  const [latest] = await useTransaction((tx) =>
    tx
      .select({ recipient: r, campaignName: campaignTable.name })
      .from(r)
      .innerJoin(campaignTable, eq(campaignTable.id, r.campaignId))
      .where(and(eq(r.personId, found.personId), eq(r.status, "sent"), isNotNull(r.sentAt), gt(r.sentAt, since)))
      .orderBy(desc(r.sentAt))
      .limit(1),
  );
  if (!latest) return { leadId: null };
  if (latest.recipient.leadId) return { leadId: latest.recipient.leadId };
  const Sales = await import("../sales");
  // A pipeline that cannot take the lead (no stages) must not hold up the inbox's other subscribers:
  // the reply is still recorded, without a lead, and the reason logged.
  const lead = await Sales.create({
    personId: found.personId,
    title: `Reply to ${latest.campaignName}`.slice(0, 200),
    source: "campaign",
    campaignId: latest.recipient.campaignId,
  }).catch((error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    console.error(`campaign reply ${messageId}: no lead (${error.message})`);
    return undefined;
  });
  await useTransaction((tx) =>
    tx
      .update(r)
      .set({ repliedAt: sql`coalesce(${r.repliedAt}, now())`, leadId: lead?.id ?? null })
      .where(eq(r.id, latest.recipient.id)),
  );
  return { leadId: lead?.id ?? null };
}
