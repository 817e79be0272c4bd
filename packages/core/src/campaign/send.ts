import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { Events as InboxEvents } from "../inbox/events";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "../inbox/inbox.sql";
import { renderBody } from "../inbox/templates";
import { inboxTemplateTable } from "../inbox/templates.sql";
import { personChannelTable, personTable } from "../person/person.sql";
import { useConfig } from "../platform/config";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { errorMessage } from "../platform/errors";
import { emit } from "../platform/outbox";
import {
  campaignRecipientTable,
  campaignStepTable,
  campaignTable,
  marketingConsentTable,
  segmentTable,
} from "./campaign.sql";
import { renderEmail } from "./render";
import { addressOf, reachable, segmentWhere, substitute, unsubscribeUrl } from "./shared";

const c = campaignTable;
const r = campaignRecipientTable;
type RecipientRow = typeof r.$inferSelect;
type CampaignRow = typeof c.$inferSelect;
type StepRow = typeof campaignStepTable.$inferSelect;

/** Recipients claimed per batch. */
export const BATCH_SIZE = 200;
/** Attempts per message before it is `failed`. */
export const MAX_ATTEMPTS = 3;
/** A claim older than this without an outcome crashed mid-send: failed as `delivery_unknown`, never resent. */
const STUCK_MS = 10 * 60_000;

/**
 * Starts a due campaign: its step-0 recipients are taken from the segment in one INSERT … SELECT
 * (unique per campaign, person and step, so a second start adds nobody) and it becomes `sending`.
 */
async function start(tx: Tx, campaign: CampaignRow, now: Date): Promise<number> {
  const [segment] = await tx.select().from(segmentTable).where(eq(segmentTable.id, campaign.segmentId));
  if (!segment) return 0;
  const result = await tx.execute(sql`
    insert into ${r} (id, campaign_id, person_id, step, status, address, due_at)
    select gen_random_uuid(), ${campaign.id}, ${personTable.id}, 0, 'pending', ${addressOf(campaign.channel)}, ${now}
    from ${personTable}
    where ${and(segmentWhere(segment.filter), reachable(campaign.channel))}
    on conflict do nothing`);
  await tx.update(c).set({ status: "sending", startedAt: now }).where(eq(c.id, campaign.id));
  return (result as unknown as { rowCount?: number }).rowCount ?? 0;
}

/** Starts every scheduled campaign whose time has come (or the one named). */
export async function startDue(now = new Date(), campaignId?: string): Promise<number> {
  return createTransaction(async (tx) => {
    const due = await tx
      .select()
      .from(c)
      .where(
        and(
          eq(c.status, "scheduled"),
          sql`${c.scheduledAt} <= ${now}`,
          sql`${c.deletedAt} is null`,
          campaignId ? eq(c.id, campaignId) : undefined,
        ),
      )
      .for("update", { skipLocked: true });
    for (const campaign of due) await start(tx, campaign, now);
    return due.length;
  });
}

/**
 * Nurture: each person whose step n was sent gets step n+1, due `delay_hours` after that send, unless
 * they replied or unsubscribed (the sequence stops for them). One INSERT … SELECT; unique, so idempotent.
 */
export async function advance(now = new Date()): Promise<number> {
  return createTransaction(async (tx) => {
    const result = await tx.execute(sql`
      insert into ${r} (id, campaign_id, person_id, step, status, address, due_at)
      select gen_random_uuid(), prev.campaign_id, prev.person_id, st.position, 'pending', prev.address,
             prev.sent_at + make_interval(hours => st.delay_hours)
      from ${r} prev
      join ${campaignStepTable} st on st.campaign_id = prev.campaign_id and st.position = prev.step + 1
      join ${c} camp on camp.id = prev.campaign_id and camp.status = 'sending'
      where prev.status = 'sent' and prev.replied_at is null and prev.unsubscribed_at is null
        and prev.sent_at <= ${now}
      on conflict do nothing`);
    return (result as unknown as { rowCount?: number }).rowCount ?? 0;
  });
}

/** Campaigns with nothing left to send and no sequence step left to add become `completed`. */
export async function complete(now = new Date()): Promise<number> {
  return createTransaction(async (tx) => {
    const done = await tx
      .update(c)
      .set({ status: "completed", completedAt: now })
      .where(
        and(
          eq(c.status, "sending"),
          sql`not exists (select 1 from ${r} where ${r.campaignId} = ${c.id} and ${r.status} in ('pending', 'sending'))`,
          sql`not exists (
            select 1 from ${r} prev
            join ${campaignStepTable} st on st.campaign_id = prev.campaign_id and st.position = prev.step + 1
            where prev.campaign_id = ${c.id} and prev.status = 'sent' and prev.replied_at is null
              and prev.unsubscribed_at is null
              and not exists (select 1 from ${r} nxt where nxt.campaign_id = prev.campaign_id
                              and nxt.person_id = prev.person_id and nxt.step = prev.step + 1))`,
        ),
      )
      .returning({ id: c.id });
    return done.length;
  });
}

/**
 * Claims up to BATCH_SIZE due recipients (`pending` → `sending`, attempts + 1, SKIP LOCKED: two
 * workers never claim the same row), after skipping people who opted out since and failing claims
 * stuck mid-send. Only claimed rows are sent, so a retried batch sends nothing twice.
 */
async function claim(now: Date, campaignId?: string): Promise<RecipientRow[]> {
  return createTransaction(async (tx) => {
    await tx.execute(sql`
      update ${r} set status = 'skipped', error = 'opted_out'
      from ${c}
      where ${r.campaignId} = ${c.id} and ${r.status} = 'pending'
        and exists (select 1 from ${marketingConsentTable} mc where mc.person_id = ${r.personId}
                    and mc.channel = ${c.channel} and mc.state = 'opted_out')`);
    await tx
      .update(r)
      .set({ status: "failed", error: "delivery_unknown: the send was interrupted; check before sending again" })
      .where(and(eq(r.status, "sending"), lt(r.sendingStartedAt, new Date(now.getTime() - STUCK_MS))));
    const due = tx
      .select({ id: r.id })
      .from(r)
      .innerJoin(c, eq(c.id, r.campaignId))
      .where(
        and(
          eq(r.status, "pending"),
          sql`${r.dueAt} <= ${now}`,
          eq(c.status, "sending"),
          campaignId ? eq(r.campaignId, campaignId) : undefined,
        ),
      )
      .orderBy(r.dueAt)
      .limit(BATCH_SIZE)
      .for("update", { of: r, skipLocked: true });
    return tx
      .update(r)
      .set({ status: "sending", attempts: sql`${r.attempts} + 1`, sendingStartedAt: now })
      .where(inArray(r.id, due))
      .returning();
  });
}

interface Outcome {
  sent: { id: string; messageId?: string }[];
  failed: { id: string; error: string; attempts: number }[];
}

async function sendEmails(
  rows: RecipientRow[],
  steps: StepRow[],
  people: Map<string, typeof personTable.$inferSelect>,
  replyTo: Map<string, string>,
): Promise<Outcome> {
  const { deliverRawMail } = await import("../platform/mail");
  const { default: MailComposer } = await import("nodemailer/lib/mail-composer/index.js");
  const from = useConfig().MAIL_FROM;
  const outcome: Outcome = { sent: [], failed: [] };
  for (const row of rows) {
    const step = steps.find((s) => s.campaignId === row.campaignId && s.position === row.step);
    const person = people.get(row.personId);
    if (!step || !person) {
      outcome.failed.push({ id: row.id, error: "missing step or person", attempts: MAX_ATTEMPTS });
      continue;
    }
    try {
      const mail = await renderEmail(step, person, row.id);
      const oneClick = await unsubscribeUrl(row.id);
      const reply = replyTo.get(row.campaignId);
      const raw = await new MailComposer({
        from,
        to: row.address,
        ...(reply ? { replyTo: reply } : {}),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // RFC 8058 one-click unsubscribe (Gmail and Yahoo require it of bulk senders); RFC 2369 list header.
        headers: {
          "List-Unsubscribe": `<${oneClick}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "X-Campaign-Id": row.campaignId,
        },
      })
        .compile()
        .build();
      await deliverRawMail({ from, to: row.address, subject: mail.subject, text: mail.text, raw });
      outcome.sent.push({ id: row.id });
    } catch (error) {
      outcome.failed.push({ id: row.id, error: errorMessage(error).slice(0, 500), attempts: row.attempts });
    }
  }
  return outcome;
}

/**
 * WhatsApp: each claimed recipient becomes a queued template message in their conversation with the
 * campaign's channel (opened when none is live); the inbox's outbox sends it and tracks delivery. The
 * 24-hour window does not apply to templates. All rows of the batch in one transaction, set-based.
 */
async function queueWhatsApp(
  rows: RecipientRow[],
  campaigns: Map<string, CampaignRow>,
  steps: StepRow[],
  people: Map<string, typeof personTable.$inferSelect>,
): Promise<Outcome> {
  return createTransaction(async (tx) => {
    const outcome: Outcome = { sent: [], failed: [] };
    const channelIds = [
      ...new Set(rows.map((x) => campaigns.get(x.campaignId)?.inboxChannelId).filter((x): x is string => !!x)),
    ];
    const channels = channelIds.length
      ? await tx.select().from(inboxChannelTable).where(inArray(inboxChannelTable.id, channelIds))
      : [];
    const templates = channelIds.length
      ? await tx.select().from(inboxTemplateTable).where(inArray(inboxTemplateTable.channelId, channelIds))
      : [];
    const personIds = [...new Set(rows.map((x) => x.personId))];
    const addresses = await tx
      .select()
      .from(personChannelTable)
      .where(
        and(
          inArray(personChannelTable.personId, personIds),
          eq(personChannelTable.kind, "whatsapp"),
          sql`${personChannelTable.deletedAt} is null`,
        ),
      );
    const sendable: {
      row: RecipientRow;
      channelId: string;
      personChannelId: string;
      template: { name: string; language: string; variables: string[] };
      body: string | null;
    }[] = [];
    for (const row of rows) {
      const campaign = campaigns.get(row.campaignId);
      const channel = channels.find((ch) => ch.id === campaign?.inboxChannelId);
      const step = steps.find((s) => s.campaignId === row.campaignId && s.position === row.step);
      const person = people.get(row.personId);
      const address = addresses.find((a) => a.personId === row.personId && a.value === row.address);
      const template = templates.find(
        (t) => t.channelId === channel?.id && t.name === step?.templateName && t.language === step?.templateLanguage,
      );
      const fail = (error: string) => outcome.failed.push({ id: row.id, error, attempts: MAX_ATTEMPTS });
      if (channel?.status !== "active" || channel.deletedAt) fail("channel_disabled: the WhatsApp channel is disabled");
      else if (!step || !person) fail("missing step or person");
      else if (template?.status !== "APPROVED") fail("template_not_approved: only approved templates are sent");
      else if (!address) fail("no_address: the person has no WhatsApp number any more");
      else {
        const variables = step.templateVariables.map((v) => substitute(v, person));
        sendable.push({
          row,
          channelId: channel.id,
          personChannelId: address.id,
          template: { name: template.name, language: template.language, variables },
          body: renderBody(template.components, variables),
        });
      }
    }
    if (sendable.length === 0) return outcome;
    const conv = inboxConversationTable;
    await tx
      .insert(conv)
      .values(
        sendable.map((s) => ({
          channelId: s.channelId,
          personId: s.row.personId,
          personChannelId: s.personChannelId,
          teamId: channels.find((ch) => ch.id === s.channelId)?.teamId ?? null,
        })),
      )
      .onConflictDoNothing();
    const live = await tx
      .select({ id: conv.id, channelId: conv.channelId, personId: conv.personId })
      .from(conv)
      .where(
        and(
          inArray(
            conv.personId,
            sendable.map((s) => s.row.personId),
          ),
          inArray(conv.channelId, channelIds),
          sql`${conv.status} <> 'resolved'`,
        ),
      );
    const values = sendable.flatMap((s) => {
      const conversation = live.find((x) => x.channelId === s.channelId && x.personId === s.row.personId);
      if (!conversation) {
        outcome.failed.push({ id: s.row.id, error: "no_conversation", attempts: s.row.attempts });
        return [];
      }
      return [
        {
          conversationId: conversation.id,
          channelId: s.channelId,
          direction: "outbound" as const,
          kind: "template" as const,
          status: "queued" as const,
          body: s.body,
          payload: {
            to: s.row.address,
            template: s.template,
            campaign: { campaignId: s.row.campaignId, recipientId: s.row.id },
          },
          // The recipient row's id: a re-queued recipient never makes a second message.
          idempotencyKey: `campaign:${s.row.id}`,
          nextAttemptAt: sql`now()`,
        },
      ];
    });
    if (values.length === 0) return outcome;
    const inserted = await tx.insert(inboxMessageTable).values(values).onConflictDoNothing().returning({
      id: inboxMessageTable.id,
      conversationId: inboxMessageTable.conversationId,
      channelId: inboxMessageTable.channelId,
      key: inboxMessageTable.idempotencyKey,
    });
    for (const message of inserted) {
      await emit(InboxEvents.MessageQueued, {
        conversationId: message.conversationId,
        messageId: message.id,
        channelId: message.channelId,
      });
      outcome.sent.push({ id: (message.key as string).slice("campaign:".length), messageId: message.id });
    }
    return outcome;
  });
}

/** Records a batch's outcome in two statements: sent rows, and failures (retried later until MAX_ATTEMPTS). */
async function settle(outcome: Outcome, now: Date) {
  await createTransaction(async (tx) => {
    if (outcome.sent.length) {
      const sent = JSON.stringify(outcome.sent.map((x) => ({ id: x.id, message_id: x.messageId ?? null })));
      await tx.execute(sql`
        update ${r} set status = 'sent', sent_at = ${now}, error = null,
          message_id = coalesce(m.message_id, ${r.messageId})
        from jsonb_to_recordset(${sent}::jsonb) as m(id uuid, message_id uuid)
        where ${r.id} = m.id and ${r.status} = 'sending'`);
    }
    for (const failure of outcome.failed) {
      const final = failure.attempts >= MAX_ATTEMPTS;
      await tx
        .update(r)
        .set({
          status: final ? "failed" : "pending",
          error: failure.error,
          sendingStartedAt: null,
          dueAt: new Date(now.getTime() + 60_000 * 2 ** failure.attempts),
        })
        .where(and(eq(r.id, failure.id), eq(r.status, "sending")));
    }
  });
}

/** Claims one batch and sends it; the number of messages sent. */
export async function sendBatch(
  now = new Date(),
  campaignId?: string,
): Promise<{ claimed: number; sent: number; failed: number }> {
  const rows = await claim(now, campaignId);
  if (rows.length === 0) return { claimed: 0, sent: 0, failed: 0 };
  const { campaigns, steps, people, replyTo } = await useTransaction(async (tx) => {
    const campaignIds = [...new Set(rows.map((x) => x.campaignId))];
    const campaignRows = await tx.select().from(c).where(inArray(c.id, campaignIds));
    const stepRows = await tx
      .select()
      .from(campaignStepTable)
      .where(inArray(campaignStepTable.campaignId, campaignIds));
    const personRows = await tx
      .select()
      .from(personTable)
      .where(inArray(personTable.id, [...new Set(rows.map((x) => x.personId))]));
    const emailChannels = campaignRows.map((x) => x.inboxChannelId).filter((x): x is string => !!x);
    const channelRows = emailChannels.length
      ? await tx
          .select()
          .from(inboxChannelTable)
          .where(and(inArray(inboxChannelTable.id, emailChannels), eq(inboxChannelTable.kind, "email")))
      : [];
    return {
      campaigns: new Map(campaignRows.map((x) => [x.id, x])),
      steps: stepRows,
      people: new Map(personRows.map((x) => [x.id, x])),
      // Email campaigns sent "from" an inbox mailbox take replies there, so a reply lands in the inbox.
      replyTo: new Map(
        campaignRows.flatMap((x) => {
          const ch = channelRows.find((ch) => ch.id === x.inboxChannelId);
          return ch ? [[x.id, ch.externalAccountId] as const] : [];
        }),
      ),
    };
  });
  const email = rows.filter((x) => campaigns.get(x.campaignId)?.channel === "email");
  const whatsapp = rows.filter((x) => campaigns.get(x.campaignId)?.channel === "whatsapp");
  const outcomes = [
    await sendEmails(email, steps, people, replyTo),
    whatsapp.length ? await queueWhatsApp(whatsapp, campaigns, steps, people) : { sent: [], failed: [] },
  ];
  const outcome: Outcome = { sent: outcomes.flatMap((o) => o.sent), failed: outcomes.flatMap((o) => o.failed) };
  await settle(outcome, now);
  return { claimed: rows.length, sent: outcome.sent.length, failed: outcome.failed.length };
}

/** Sends due batches until none is left or the deadline passes. */
export async function drain(now = new Date(), campaignId?: string, deadline = Date.now() + 50_000) {
  const total = { claimed: 0, sent: 0, failed: 0 };
  while (Date.now() < deadline) {
    const batch = await sendBatch(now, campaignId);
    total.claimed += batch.claimed;
    total.sent += batch.sent;
    total.failed += batch.failed;
    if (batch.claimed < BATCH_SIZE) break;
  }
  return total;
}

/** Job `campaigns.send_scheduled`: starts due campaigns, sends due messages, completes finished campaigns. */
export async function runDue(now = new Date()) {
  const started = await startDue(now);
  const sent = await drain(now);
  const completed = await complete(now);
  return { started, ...sent, completed };
}

/** Job `campaigns.advance_nurture`: adds each sequence's next steps, sends those due, completes campaigns. */
export async function runNurture(now = new Date()) {
  const added = await advance(now);
  const sent = await drain(now);
  const completed = await complete(now);
  return { added, ...sent, completed };
}

/** The `campaign.started` subscriber: a campaign sent now goes out at once, not at the next job run. */
export async function onStarted(campaignId: string) {
  const now = new Date();
  await startDue(now, campaignId);
  await drain(now, campaignId);
  await complete(now);
}
