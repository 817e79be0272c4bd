import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { inboxChannelTable } from "../inbox/inbox.sql";
import { personTable } from "../person/person.sql";
import { type CsvCell, csvStream } from "../platform/csv";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instantText, int, key, pageLimit, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { liveRow } from "../platform/soft-delete";
import { campaignRecipientTable, campaignStepTable, campaignTable, segmentTable } from "./campaign.sql";
import { Events } from "./events";
import { renderEmail } from "./render";
import { actingUserId, addressOf, reachable, SegmentFilter, segmentWhere, substitute, variableNames } from "./shared";
import { type CampaignStatus, campaignChannels, campaignStatuses, recipientStatuses } from "./values";
import { checkTemplate } from "./whatsapp";

const c = campaignTable;
const r = campaignRecipientTable;
type CampaignRow = typeof c.$inferSelect;
type StepRow = typeof campaignStepTable.$inferSelect;
const iso = (d: Date | null) => d?.toISOString() ?? null;

// ---------------------------------------------------------------- segments

export const SegmentInfo = z.object({
  id: z.string(),
  name: z.string(),
  filter: SegmentFilter,
  createdAt: z.string(),
});
export type SegmentInfo = z.infer<typeof SegmentInfo>;

export const segmentInfo = (row: typeof segmentTable.$inferSelect): SegmentInfo => ({
  id: row.id,
  name: row.name,
  filter: row.filter as SegmentFilter,
  createdAt: row.createdAt.toISOString(),
});

export const createSegment = fn(
  z.object({ name: text(200, { min: 1 }), filter: SegmentFilter }),
  async (input): Promise<SegmentInfo> => {
    requirePermission("crm:campaign:write");
    return createTransaction(async (tx) => {
      const [row] = await tx
        .insert(segmentTable)
        .values({ name: input.name, filter: input.filter, createdById: actingUserId() })
        .onConflictDoNothing()
        .returning();
      if (!row) {
        throw new AppError("conflict", `A segment named "${input.name}" exists already; pick another name`, [
          { path: "name", message: "already used" },
        ]);
      }
      await Audit.record({
        action: "segment.created",
        entityType: "segment",
        entityId: row.id,
        changes: { name: { to: row.name } },
      });
      return segmentInfo(row);
    });
  },
);

export const listSegments = fn(z.object({}), async (): Promise<SegmentInfo[]> => {
  requirePermission("crm:campaign:read");
  const rows = await useTransaction((tx) =>
    tx.select().from(segmentTable).where(sql`${segmentTable.deletedAt} is null`).orderBy(asc(segmentTable.name)),
  );
  return rows.map(segmentInfo);
});

export const AudienceInfo = z.object({
  /** Everyone the filter selects. */
  matched: z.number().int(),
  /** Of them, who can be reached on the channel (an address, no opt-out; WhatsApp: opted in). */
  reachable: z.number().int(),
  sample: z.array(z.object({ personId: z.string(), name: z.string(), address: z.string().nullable() })),
});
export type AudienceInfo = z.infer<typeof AudienceInfo>;

async function audience(tx: Tx, filter: SegmentFilter, channel: "email" | "whatsapp"): Promise<AudienceInfo> {
  const where = segmentWhere(filter);
  const [counts] = await tx
    .select({ matched: count(), reachable: sql<number>`count(*) filter (where ${reachable(channel)})::int` })
    .from(personTable)
    .where(where);
  const sample = await tx
    .select({ personId: personTable.id, name: personTable.displayName, address: addressOf(channel) })
    .from(personTable)
    .where(and(where, reachable(channel)))
    .orderBy(asc(personTable.displayName))
    .limit(10);
  return { matched: counts?.matched ?? 0, reachable: Number(counts?.reachable ?? 0), sample };
}

/** How many people a filter selects and reaches on a channel, with a sample, before anything is saved. */
export const previewSegment = fn(
  z.object({ filter: SegmentFilter, channel: z.enum(campaignChannels).default("email") }),
  async (input): Promise<AudienceInfo> => {
    requirePermission("crm:campaign:read");
    return useTransaction((tx) => audience(tx, input.filter, input.channel));
  },
);

// ---------------------------------------------------------------- campaigns

const StepInput = z.object({
  /** Hours after the person's previous step (ignored for the first). */
  delayHours: int(0, 8760).default(0),
  subject: text(300).optional(),
  /** Email: plain text with `{{first_name}}`-style variables; links are tracked, values escaped in HTML. */
  body: text(20_000).optional(),
  templateName: key(512).optional(),
  templateLanguage: key(15).optional(),
  /** Empty ones pass here so the template check can name the unmapped `{{n}}`. */
  templateVariables: z
    .array(text(1024, { min: 0 }))
    .max(20)
    .default([]),
});

const StepInfo = z.object({
  position: z.number().int(),
  delayHours: z.number().int(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  templateName: z.string().nullable(),
  templateLanguage: z.string().nullable(),
  templateVariables: z.array(z.string()),
});

export const Stats = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  opened: z.number().int(),
  clicked: z.number().int(),
  replied: z.number().int(),
  unsubscribed: z.number().int(),
});

export const CampaignInfo = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.enum(campaignChannels),
  status: z.enum(campaignStatuses),
  segmentId: z.string(),
  segmentName: z.string(),
  inboxChannelId: z.string().nullable(),
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
  steps: z.array(StepInfo),
  stats: Stats,
});
export type CampaignInfo = z.infer<typeof CampaignInfo>;

const emptyStats = (): z.infer<typeof Stats> => ({
  total: 0,
  pending: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
  opened: 0,
  clicked: 0,
  replied: 0,
  unsubscribed: 0,
});

async function toInfos(tx: Tx, rows: CampaignRow[]): Promise<CampaignInfo[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((x) => x.id);
  const [steps, segments, stats] = await Promise.all([
    tx
      .select()
      .from(campaignStepTable)
      .where(inArray(campaignStepTable.campaignId, ids))
      .orderBy(asc(campaignStepTable.position)),
    tx
      .select({ id: segmentTable.id, name: segmentTable.name })
      .from(segmentTable)
      .where(inArray(segmentTable.id, [...new Set(rows.map((x) => x.segmentId))])),
    tx
      .select({
        campaignId: r.campaignId,
        total: sql<number>`count(*)::int`,
        pending: sql<number>`count(*) filter (where ${r.status} in ('pending', 'sending'))::int`,
        sent: sql<number>`count(*) filter (where ${r.status} = 'sent')::int`,
        failed: sql<number>`count(*) filter (where ${r.status} = 'failed')::int`,
        skipped: sql<number>`count(*) filter (where ${r.status} = 'skipped')::int`,
        opened: sql<number>`count(*) filter (where ${r.openedAt} is not null)::int`,
        clicked: sql<number>`count(*) filter (where ${r.clickedAt} is not null)::int`,
        replied: sql<number>`count(*) filter (where ${r.repliedAt} is not null)::int`,
        unsubscribed: sql<number>`count(*) filter (where ${r.unsubscribedAt} is not null)::int`,
      })
      .from(r)
      .where(inArray(r.campaignId, ids))
      .groupBy(r.campaignId),
  ]);
  const segmentName = new Map(segments.map((s) => [s.id, s.name]));
  return rows.map((x) => {
    const s = stats.find((st) => st.campaignId === x.id);
    return {
      id: x.id,
      name: x.name,
      channel: x.channel,
      status: x.status,
      segmentId: x.segmentId,
      segmentName: segmentName.get(x.segmentId) ?? "",
      inboxChannelId: x.inboxChannelId,
      scheduledAt: iso(x.scheduledAt),
      startedAt: iso(x.startedAt),
      completedAt: iso(x.completedAt),
      cancelledAt: iso(x.cancelledAt),
      createdAt: x.createdAt.toISOString(),
      steps: steps
        .filter((st) => st.campaignId === x.id)
        .map((st) => ({
          position: st.position,
          delayHours: st.delayHours,
          subject: st.subject,
          body: st.body,
          templateName: st.templateName,
          templateLanguage: st.templateLanguage,
          templateVariables: st.templateVariables,
        })),
      stats: s
        ? { ...emptyStats(), ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== "campaignId")) }
        : emptyStats(),
    };
  });
}
const one = async (tx: Tx, row: CampaignRow) => (await toInfos(tx, [row]))[0] as CampaignInfo;

const CampaignInput = z.object({
  name: text(200, { min: 1 }),
  channel: z.enum(campaignChannels),
  segmentId: id(),
  /** WhatsApp: the channel whose approved templates are sent. */
  inboxChannelId: id().optional(),
  steps: z.array(StepInput).min(1).max(10),
});

/** Content checks that hold for drafts too: each step carries what its channel needs. */
async function checkContent(tx: Tx, input: z.infer<typeof CampaignInput>) {
  await liveRow(tx, segmentTable, "Segment", input.segmentId);
  for (const [i, step] of input.steps.entries()) {
    if (input.channel === "email" && (!step.subject || !step.body)) {
      throw new AppError("validation", `Invalid input: steps.${i}: an email needs a subject and a body`, [
        { path: `steps.${i}.${step.subject ? "body" : "subject"}`, message: "is required for email" },
      ]);
    }
    if (input.channel === "whatsapp" && (!step.templateName || !step.templateLanguage)) {
      throw new AppError("validation", `Invalid input: steps.${i}: WhatsApp campaigns send an approved template`, [
        { path: `steps.${i}.templateName`, message: "is required for WhatsApp" },
      ]);
    }
  }
  if (input.channel === "whatsapp") {
    if (!input.inboxChannelId) {
      throw new AppError("validation", "Invalid input: inboxChannelId: name the WhatsApp channel to send from", [
        { path: "inboxChannelId", message: "is required for WhatsApp" },
      ]);
    }
    const [channel] = await tx.select().from(inboxChannelTable).where(eq(inboxChannelTable.id, input.inboxChannelId));
    if (channel?.kind !== "whatsapp" || channel.deletedAt) {
      throw new AppError("validation", "Invalid input: inboxChannelId: not a WhatsApp channel", [
        { path: "inboxChannelId", message: "not a WhatsApp channel" },
      ]);
    }
    for (const [i, step] of input.steps.entries()) {
      await checkTemplate(tx, channel.id, step, i, { approved: false });
    }
  }
}

/** WhatsApp's rule at send time: every step's template approved on the channel, its variables mapped. */
async function requireApprovedTemplates(tx: Tx, campaign: CampaignRow, steps: StepRow[]) {
  if (campaign.channel !== "whatsapp" || !campaign.inboxChannelId) return;
  for (const step of steps) {
    await checkTemplate(tx, campaign.inboxChannelId, step, step.position, { approved: true });
  }
}

async function writeSteps(tx: Tx, campaignId: string, steps: z.infer<typeof StepInput>[]) {
  await tx.delete(campaignStepTable).where(eq(campaignStepTable.campaignId, campaignId));
  await tx.insert(campaignStepTable).values(
    steps.map((s, position) => ({
      campaignId,
      position,
      delayHours: position === 0 ? 0 : s.delayHours,
      subject: s.subject ?? null,
      body: s.body ?? null,
      templateName: s.templateName ?? null,
      templateLanguage: s.templateLanguage ?? null,
      templateVariables: s.templateVariables,
    })),
  );
}

export const create = fn(CampaignInput, async (input): Promise<CampaignInfo> => {
  requirePermission("crm:campaign:write");
  return createTransaction(async (tx) => {
    await checkContent(tx, input);
    const [row] = await tx
      .insert(c)
      .values({
        name: input.name,
        channel: input.channel,
        segmentId: input.segmentId,
        inboxChannelId: input.inboxChannelId ?? null,
        createdById: actingUserId(),
      })
      .returning();
    if (!row) throw new AppError("conflict", "The campaign was not created; try again");
    await writeSteps(tx, row.id, input.steps);
    await Audit.record({
      action: "campaign.created",
      entityType: "campaign",
      entityId: row.id,
      changes: { name: { to: row.name } },
    });
    return one(tx, row);
  });
});

async function campaignOf(tx: Tx, campaignId: string, lock = false) {
  return liveRow(tx, c, "Campaign", campaignId, lock);
}

function requireStatus(row: CampaignRow, allowed: CampaignStatus[], what: string) {
  if (!allowed.includes(row.status)) {
    throw new AppError("conflict", `This campaign is ${row.status}: ${what}`, [
      { path: "status", message: row.status },
    ]);
  }
}

/** Replaces a draft's name, audience and steps; anything past draft is read-only. */
export const update = fn(CampaignInput.extend({ id: id() }), async (input): Promise<CampaignInfo> => {
  requirePermission("crm:campaign:write");
  return createTransaction(async (tx) => {
    const row = await campaignOf(tx, input.id, true);
    requireStatus(row, ["draft"], "only a draft can be edited; what was sent or scheduled stays as it is");
    await checkContent(tx, input);
    const [updated] = await tx
      .update(c)
      .set({
        name: input.name,
        channel: input.channel,
        segmentId: input.segmentId,
        inboxChannelId: input.inboxChannelId ?? null,
      })
      .where(eq(c.id, row.id))
      .returning();
    await writeSteps(tx, row.id, input.steps);
    await Audit.record({
      action: "campaign.updated",
      entityType: "campaign",
      entityId: row.id,
      changes: Audit.diff(row, updated as CampaignRow, ["name", "channel", "segmentId", "inboxChannelId"]),
    });
    return one(tx, updated as CampaignRow);
  });
});

export const get = fn(id(), async (campaignId): Promise<CampaignInfo> => {
  requirePermission("crm:campaign:read");
  return useTransaction(async (tx) => one(tx, await campaignOf(tx, campaignId)));
});

export const list = fn(
  z.object({ status: z.enum(campaignStatuses).optional() }),
  async (input): Promise<CampaignInfo[]> => {
    requirePermission("crm:campaign:read");
    return useTransaction(async (tx) => {
      const where: SQL[] = [sql`${c.deletedAt} is null`];
      if (input.status) where.push(eq(c.status, input.status));
      const rows = await tx
        .select()
        .from(c)
        .where(and(...where))
        .orderBy(desc(c.createdAt))
        .limit(200);
      return toInfos(tx, rows);
    });
  },
);

export const PreviewInfo = AudienceInfo.extend({
  /** The first step as the first sampled person would get it. */
  message: z.object({ subject: z.string().nullable(), text: z.string(), html: z.string().nullable() }).nullable(),
});
export type PreviewInfo = z.infer<typeof PreviewInfo>;

/** The audience (count and sample) and the first message rendered for the first sampled person. */
export const preview = fn(id(), async (campaignId): Promise<PreviewInfo> => {
  requirePermission("crm:campaign:read");
  return useTransaction(async (tx) => {
    const row = await campaignOf(tx, campaignId);
    const segment = await liveRow(tx, segmentTable, "Segment", row.segmentId);
    const found = await audience(tx, segment.filter as SegmentFilter, row.channel);
    const [step] = await tx
      .select()
      .from(campaignStepTable)
      .where(and(eq(campaignStepTable.campaignId, row.id), eq(campaignStepTable.position, 0)));
    const first = found.sample[0];
    const [person] = first ? await tx.select().from(personTable).where(eq(personTable.id, first.personId)) : [];
    const vars = person ?? {
      firstName: "Ada",
      lastName: "Lovelace",
      displayName: "Ada Lovelace",
      email: "ada@example.com",
    };
    let message: PreviewInfo["message"] = null;
    if (step && row.channel === "email") {
      const rendered = await renderEmail(step, vars, null);
      message = { subject: rendered.subject, text: rendered.text, html: rendered.html };
    } else if (step) {
      message = {
        subject: null,
        text: `${step.templateName} (${step.templateLanguage}): ${step.templateVariables.map((v) => substitute(v, vars)).join(" | ")}`,
        html: null,
      };
    }
    return { ...found, message };
  });
});

/**
 * Sends a draft now or at `at`: it becomes `scheduled` and, once due, `sending` (the recipients are
 * taken from the segment then). WhatsApp templates must be approved at this point.
 */
export const schedule = fn(
  z.object({ id: id(), at: instantText().optional() }),
  async (input): Promise<CampaignInfo> => {
    requirePermission("crm:campaign:write");
    return createTransaction(async (tx) => {
      const row = await campaignOf(tx, input.id, true);
      requireStatus(row, ["draft"], "only a draft can be scheduled or sent");
      const steps = await tx.select().from(campaignStepTable).where(eq(campaignStepTable.campaignId, row.id));
      await requireApprovedTemplates(tx, row, steps);
      const now = new Date();
      const at = input.at ? new Date(input.at) : now;
      const [updated] = await tx
        .update(c)
        .set({ status: "scheduled", scheduledAt: at })
        .where(eq(c.id, row.id))
        .returning();
      await Audit.record({
        action: "campaign.scheduled",
        entityType: "campaign",
        entityId: row.id,
        changes: { status: { from: "draft", to: "scheduled" }, scheduledAt: { to: at.toISOString() } },
      });
      if (at <= now) await emit(Events.Started, { campaignId: row.id });
      return one(tx, updated as CampaignRow);
    });
  },
);

/** Stops a campaign: nothing more goes out (its pending messages are skipped); sent ones stay sent. */
export const cancel = fn(id(), async (campaignId): Promise<CampaignInfo> => {
  requirePermission("crm:campaign:write");
  return createTransaction(async (tx) => {
    const row = await campaignOf(tx, campaignId, true);
    requireStatus(row, ["draft", "scheduled", "sending"], "it cannot be cancelled any more");
    const [updated] = await tx
      .update(c)
      .set({ status: "cancelled", cancelledAt: new Date() })
      .where(eq(c.id, row.id))
      .returning();
    await tx
      .update(r)
      .set({ status: "skipped", error: "campaign_cancelled" })
      .where(and(eq(r.campaignId, row.id), eq(r.status, "pending")));
    await Audit.record({
      action: "campaign.cancelled",
      entityType: "campaign",
      entityId: row.id,
      changes: { status: { from: row.status, to: "cancelled" } },
    });
    return one(tx, updated as CampaignRow);
  });
});

export const RecipientInfo = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  address: z.string(),
  step: z.number().int(),
  status: z.enum(recipientStatuses),
  error: z.string().nullable(),
  dueAt: z.string(),
  sentAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  clickedAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
  leadId: z.string().nullable(),
});
export type RecipientInfo = z.infer<typeof RecipientInfo>;

/** Per-recipient status, a page at a time (newest step first, then by name). */
export const recipients = fn(
  z.object({
    id: id(),
    status: z.enum(recipientStatuses).optional(),
    limit: pageLimit(500, 100),
    offset: int(0, 1_000_000).default(0),
  }),
  async (input): Promise<{ items: RecipientInfo[]; total: number }> => {
    requirePermission("crm:campaign:read");
    return useTransaction(async (tx) => {
      await campaignOf(tx, input.id);
      const where = and(eq(r.campaignId, input.id), input.status ? eq(r.status, input.status) : undefined);
      const [total] = await tx.select({ n: count() }).from(r).where(where);
      const rows = await tx
        .select({ r, name: personTable.displayName })
        .from(r)
        .innerJoin(personTable, eq(personTable.id, r.personId))
        .where(where)
        .orderBy(desc(r.step), asc(personTable.displayName), asc(r.id))
        .limit(input.limit)
        .offset(input.offset);
      return {
        total: total?.n ?? 0,
        items: rows.map(({ r: x, name }) => ({
          id: x.id,
          personId: x.personId,
          name,
          address: x.address,
          step: x.step,
          status: x.status,
          error: x.error,
          dueAt: x.dueAt.toISOString(),
          sentAt: iso(x.sentAt),
          openedAt: iso(x.openedAt),
          clickedAt: iso(x.clickedAt),
          repliedAt: iso(x.repliedAt),
          unsubscribedAt: iso(x.unsubscribedAt),
          leadId: x.leadId,
        })),
      };
    });
  },
);

/** Every recipient of a campaign as CSV (through the one encoder: names and addresses are user text). */
export const recipientsCsv = fn(id(), async (campaignId) => {
  requirePermission("crm:campaign:read");
  await useTransaction((tx) => campaignOf(tx, campaignId));
  async function* rows(): AsyncGenerator<CsvCell[]> {
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const page = await recipients({ id: campaignId, limit: EXPORT_PAGE, offset });
      for (const x of page.items) {
        yield [
          x.name,
          x.address,
          x.step + 1,
          x.status,
          x.error,
          x.sentAt,
          x.openedAt,
          x.clickedAt,
          x.repliedAt,
          x.unsubscribedAt,
        ];
      }
      if (page.items.length < EXPORT_PAGE) return;
    }
  }
  return csvStream(
    [
      "name",
      "address",
      "step",
      "status",
      "error",
      "sent_at",
      "opened_at",
      "clicked_at",
      "replied_at",
      "unsubscribed_at",
    ],
    rows(),
  );
});
const EXPORT_PAGE = 500;

export { variableNames };
