import { and, asc, desc, eq, gt, isNotNull, or, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "../inbox/inbox.sql";
import type { InboxChannelKind } from "../inbox/values";
import { organizationTable } from "../organization/organization.sql";
import { personTable } from "../person/person.sql";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { day, id, int, text } from "../platform/input";
import { MAX_MINOR } from "../platform/money";
import { emit } from "../platform/outbox";
import { live, liveRow, softRemove } from "../platform/soft-delete";
import { nextInSeries } from "../ticket/numbering";
import { Events } from "./events";
import { pipelineOf, stagesOf } from "./pipeline";
import { freshRank, rankBetween } from "./rank";
import { type LeadSource, leadSources, leadTable, openLeadStatuses, pipelineStageTable } from "./sales.sql";
import { actingStaffId, currency, type Info, infoOf, type LeadRow } from "./shared";

/** Leads are numbered LEAD-2026-00001 from their own row of the shared sequence table. */
export const LEAD_SERIES = { scope: "crm_lead", pattern: "LEAD-{YYYY}-", padding: 5 };

const invalid = (path: string, message: string) =>
  new AppError("validation", `${path}: ${message}`, [{ path, message }]);

const closed = (row: LeadRow) => row.status === "won" || row.status === "lost";

/** The fields staff set on a lead, shared by create and update. */
const Fields = z.object({
  title: text(200),
  organizationId: id().nullish(),
  ownerUserId: id().nullish(),
  /** Integer minor units of `currency` (kobo, cents): exact, never a float. */
  valueMinor: int(0, MAX_MINOR),
  currency: currency(),
  probability: int(0, 100),
  expectedCloseDate: day().nullish(),
  source: z.enum(leadSources),
  region: text(100).nullish(),
  address: text(500).nullish(),
  notes: text(10_000).nullish(),
});

export const CreateInput = Fields.partial().extend({
  personId: id(),
  title: Fields.shape.title,
  pipelineId: id().nullish(),
  /** A stage of the pipeline; absent: its first stage. */
  stageId: id().nullish(),
  campaignId: id().nullish(),
  /** The inbox conversation the lead starts from: it stays linked, and its channel is the source. */
  conversationId: id().nullish(),
  resellerOrganizationId: id().nullish(),
});

/** v1 infers the source from the channel a lead came in on. */
const channelSource: Record<InboxChannelKind, LeadSource> = {
  whatsapp: "whatsapp",
  messenger: "messenger",
  instagram: "instagram",
  email: "email",
  widget: "web_chat",
};

async function exists(_tx: Tx, path: string, rows: unknown[]) {
  if (rows.length === 0) throw invalid(path, "does not exist");
}

async function assertOwner(tx: Tx, ownerUserId: string | null | undefined) {
  if (!ownerUserId) return;
  const [u] = await tx
    .select({ portal: userTable.portal, deactivatedAt: userTable.deactivatedAt })
    .from(userTable)
    .where(eq(userTable.id, ownerUserId));
  if (u?.portal !== "staff") throw invalid("ownerUserId", "is not a staff user");
  if (u.deactivatedAt) throw invalid("ownerUserId", "is deactivated");
}

async function assertOrganization(tx: Tx, path: string, organizationId: string | null | undefined) {
  if (!organizationId) return;
  await exists(
    tx,
    path,
    await tx
      .select({ id: organizationTable.id })
      .from(organizationTable)
      .where(and(eq(organizationTable.id, organizationId), live(organizationTable))),
  );
}

/** The staff user who last replied to this person on any channel (v1's owner resolution), if any. */
export async function lastReplier(tx: Tx, personId: string): Promise<string | null> {
  const [row] = await tx
    .select({ authorId: inboxMessageTable.authorId })
    .from(inboxMessageTable)
    .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, inboxMessageTable.conversationId))
    .innerJoin(userTable, eq(userTable.id, inboxMessageTable.authorId))
    .where(
      and(
        eq(inboxConversationTable.personId, personId),
        eq(inboxMessageTable.direction, "outbound"),
        isNotNull(inboxMessageTable.authorId),
        eq(userTable.portal, "staff"),
        sql`${userTable.deactivatedAt} is null`,
      ),
    )
    .orderBy(desc(inboxMessageTable.createdAt))
    .limit(1);
  return row?.authorId ?? null;
}

/** The open lead of `personId` in `pipelineId`, if any (the dedupe rule). */
async function openLeadOf(tx: Tx, personId: string, pipelineId: string): Promise<LeadRow | undefined> {
  const [row] = await tx
    .select()
    .from(leadTable)
    .where(
      and(
        eq(leadTable.personId, personId),
        eq(leadTable.pipelineId, pipelineId),
        live(leadTable),
        sql`${leadTable.status} not in ('won', 'lost')`,
      ),
    );
  return row;
}

export type Created = Info & { created: boolean };

/**
 * Opens a lead, or returns the person's open lead in the same pipeline (`created: false`): a second
 * enquiry, a campaign reply or a concurrent double submit never makes a second one; the partial
 * unique index decides races. Source: given, else the campaign, the conversation's channel or the
 * reseller; owner: given, else the agent who last replied to the person, else the acting user.
 * No permission check: other domains (quotes, campaigns, the reseller portal) call it after their own;
 * staff routes use `open`.
 */
export const create = fn(CreateInput, async (input): Promise<Created> => {
  return createTransaction(async (tx) => {
    const [person] = await tx
      .select({ id: personTable.id, organizationId: personTable.organizationId })
      .from(personTable)
      .where(and(eq(personTable.id, input.personId), live(personTable)));
    if (!person) throw invalid("personId", "does not exist");
    const pipeline = await pipelineOf(tx, input.pipelineId);
    const stages = await stagesOf(tx, pipeline.id);
    const stage = input.stageId ? stages.find((s) => s.id === input.stageId) : stages[0];
    if (!stage) {
      throw input.stageId
        ? invalid("stageId", "is not a stage of this pipeline")
        : new AppError("conflict", `Pipeline "${pipeline.name}" has no stages: add one first`);
    }
    const existing = await openLeadOf(tx, person.id, pipeline.id);
    if (existing) return { ...(await infoOf(tx, existing)), created: false };

    let conversation: { personId: string; kind: InboxChannelKind } | undefined;
    if (input.conversationId) {
      [conversation] = await tx
        .select({ personId: inboxConversationTable.personId, kind: inboxChannelTable.kind })
        .from(inboxConversationTable)
        .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, inboxConversationTable.channelId))
        .where(eq(inboxConversationTable.id, input.conversationId));
      if (!conversation) throw invalid("conversationId", "does not exist");
      if (conversation.personId !== person.id) throw invalid("conversationId", "is another person's conversation");
    }
    await assertOwner(tx, input.ownerUserId);
    await assertOrganization(tx, "organizationId", input.organizationId);
    await assertOrganization(tx, "resellerOrganizationId", input.resellerOrganizationId);
    const source: LeadSource =
      input.source ??
      (input.campaignId
        ? "campaign"
        : conversation
          ? channelSource[conversation.kind]
          : input.resellerOrganizationId
            ? "reseller"
            : "other");
    const ownerUserId = input.ownerUserId ?? (await lastReplier(tx, person.id)) ?? actingStaffId();
    const number = await nextInSeries(tx, LEAD_SERIES);
    const [row] = await tx
      .insert(leadTable)
      .values({
        number,
        title: input.title,
        personId: person.id,
        organizationId: input.organizationId ?? person.organizationId,
        pipelineId: pipeline.id,
        stageId: stage.id,
        status: stage.status ?? "new",
        ownerUserId,
        valueMinor: input.valueMinor ?? 0,
        currency: input.currency ?? "NGN",
        probability: input.probability ?? stage.defaultProbability,
        expectedCloseDate: input.expectedCloseDate ?? null,
        source,
        conversationId: input.conversationId ?? null,
        campaignId: input.campaignId ?? null,
        resellerOrganizationId: input.resellerOrganizationId ?? null,
        region: input.region ?? null,
        address: input.address ?? null,
        notes: input.notes ?? null,
        rank: freshRank(),
        createdById: actingStaffId(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      // A concurrent create for the same person and pipeline committed first: its lead is the answer.
      const winner = await openLeadOf(tx, person.id, pipeline.id);
      if (!winner) throw new AppError("conflict", "Another lead was created at the same time: try again");
      return { ...(await infoOf(tx, winner)), created: false };
    }
    await emit(Events.Created, {
      leadId: row.id,
      number: row.number,
      personId: row.personId,
      pipelineId: row.pipelineId,
      stageId: row.stageId,
      ownerUserId: row.ownerUserId,
      source: row.source,
      conversationId: row.conversationId,
      campaignId: row.campaignId,
    });
    await Audit.record({
      action: "lead.created",
      entityType: "lead",
      entityId: row.id,
      changes: Audit.diff(null, row, [
        "number",
        "title",
        "personId",
        "pipelineId",
        "stageId",
        "ownerUserId",
        "valueMinor",
        "currency",
        "source",
        "conversationId",
        "campaignId",
      ]),
    });
    return { ...(await infoOf(tx, row)), created: true };
  });
});

/**
 * A lead from an inbox conversation in one click: the conversation's person, its channel as the
 * source, the conversation linked. Its open lead in the pipeline is returned if there is one.
 */
export const fromConversation = fn(
  z.object({ conversationId: id(), title: text(200).optional(), pipelineId: id().nullish() }),
  async (input): Promise<Created> => {
    requirePermission("crm:lead:write");
    return createTransaction(async (tx) => {
      const [c] = await tx
        .select({
          personId: inboxConversationTable.personId,
          subject: inboxConversationTable.subject,
          name: personTable.displayName,
        })
        .from(inboxConversationTable)
        .innerJoin(personTable, eq(personTable.id, inboxConversationTable.personId))
        .where(eq(inboxConversationTable.id, input.conversationId));
      if (!c) throw new AppError("not_found", `Conversation ${input.conversationId} does not exist`);
      return create({
        personId: c.personId,
        conversationId: input.conversationId,
        pipelineId: input.pipelineId,
        title: input.title ?? c.subject ?? c.name,
      });
    });
  },
);

/** The live lead `id` (undefined when there is none). No permission check: for other domains. */
export const fromID = fn(
  id(),
  async (leadId): Promise<Info | undefined> =>
    useTransaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(leadTable)
        .where(and(eq(leadTable.id, leadId), live(leadTable)));
      return row ? infoOf(tx, row) : undefined;
    }),
);

/** One lead (crm:lead:read). */
export const get = fn(id(), async (leadId): Promise<Info> => {
  requirePermission("crm:lead:read");
  return useTransaction(async (tx) => infoOf(tx, await liveRow(tx, leadTable, "Lead", leadId)));
});

const auditedFields = [...Object.keys(Fields.shape), "status"];

/** Changes a lead's fields; null clears one; `status` moves between the open statuses (crm:lead:write). */
export const update = fn(
  Fields.partial().extend({ id: id(), status: z.enum(openLeadStatuses).optional() }),
  async ({ id: leadId, ...input }): Promise<Info> => {
    requirePermission("crm:lead:write");
    return createTransaction(async (tx) => {
      const before = await liveRow(tx, leadTable, "Lead", leadId, true);
      if (closed(before)) {
        throw new AppError("conflict", `Lead ${before.number} is ${before.status}: reopen it to change it`, [], {
          reason: { key: "lead_closed" },
        });
      }
      await assertOwner(tx, input.ownerUserId);
      await assertOrganization(tx, "organizationId", input.organizationId);
      const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      if (Object.keys(set).length === 0) return infoOf(tx, before);
      const [row] = await tx.update(leadTable).set(set).where(eq(leadTable.id, leadId)).returning();
      const after = row ?? before;
      const changes = Audit.diff(before, after, auditedFields);
      if (Object.keys(changes).length > 0) {
        await Audit.record({ action: "lead.updated", entityType: "lead", entityId: leadId, changes });
      }
      return infoOf(tx, after);
    });
  },
);

/** Changes the stage of a locked, open lead, emitting and auditing; `rank` places it in the column. */
async function moveRow(tx: Transaction, before: LeadRow, stage: typeof pipelineStageTable.$inferSelect, rank: string) {
  const set = {
    stageId: stage.id,
    rank,
    ...(stage.id !== before.stageId
      ? { probability: stage.defaultProbability, status: stage.status ?? before.status }
      : {}),
  };
  const [row] = await tx.update(leadTable).set(set).where(eq(leadTable.id, before.id)).returning();
  const after = row ?? before;
  if (stage.id !== before.stageId) {
    await emit(Events.StageChanged, {
      leadId: before.id,
      pipelineId: before.pipelineId,
      fromStageId: before.stageId,
      toStageId: stage.id,
    });
  }
  await Audit.record({
    action: "lead.moved",
    entityType: "lead",
    entityId: before.id,
    changes: Audit.diff(before, after, ["stageId", "status", "probability", "rank"]),
  });
  return after;
}

/**
 * Moves an open lead to a stage of its pipeline, after the card `afterId` (null or absent: the top of
 * the column). The stage's default probability and status apply when the stage changes (crm:lead:write).
 */
export const move = fn(z.object({ id: id(), stageId: id(), afterId: id().nullish() }), async (input): Promise<Info> => {
  requirePermission("crm:lead:write");
  return createTransaction(async (tx) => {
    const before = await liveRow(tx, leadTable, "Lead", input.id, true);
    if (closed(before))
      throw new AppError("conflict", `Lead ${before.number} is ${before.status}: it is off the board`);
    const [stage] = await tx
      .select()
      .from(pipelineStageTable)
      .where(
        and(
          eq(pipelineStageTable.id, input.stageId),
          eq(pipelineStageTable.pipelineId, before.pipelineId),
          live(pipelineStageTable),
        ),
      );
    if (!stage) throw invalid("stageId", "is not a stage of the lead's pipeline");
    if (input.afterId === input.id) throw invalid("afterId", "cannot be the lead itself");
    const column = and(
      eq(leadTable.pipelineId, before.pipelineId),
      eq(leadTable.stageId, stage.id),
      live(leadTable),
      sql`${leadTable.status} not in ('won', 'lost')`,
      sql`${leadTable.id} <> ${before.id}`,
    );
    let prev: { rank: string; id: string } | undefined;
    if (input.afterId) {
      [prev] = await tx
        .select({ rank: leadTable.rank, id: leadTable.id })
        .from(leadTable)
        .where(and(column, eq(leadTable.id, input.afterId)));
      if (!prev) throw invalid("afterId", "is not an open lead in that stage");
    }
    const [next] = await tx
      .select({ rank: leadTable.rank })
      .from(leadTable)
      .where(
        and(
          column,
          prev
            ? or(gt(leadTable.rank, prev.rank), and(eq(leadTable.rank, prev.rank), gt(leadTable.id, prev.id)))
            : undefined,
        ),
      )
      .orderBy(asc(leadTable.rank), asc(leadTable.id))
      .limit(1);
    return infoOf(tx, await moveRow(tx, before, stage, rankBetween(prev?.rank ?? null, next?.rank ?? null)));
  });
});

/**
 * Marks a lead won (quote accepted, deal signed): probability 100, closed now. A second call is a
 * no-op; a lost lead may still be won (the customer came back). Runs in the caller's transaction.
 * No permission check (quotes call it on acceptance); staff routes use `win`.
 */
export const markWon = fn(
  z.object({ id: id() }),
  async (input): Promise<Info> =>
    createTransaction(async (tx) => {
      const before = await liveRow(tx, leadTable, "Lead", input.id, true);
      if (before.status === "won") return infoOf(tx, before);
      const [row] = await tx
        .update(leadTable)
        .set({ status: "won", probability: 100, closedAt: new Date(), lostReason: null })
        .where(eq(leadTable.id, input.id))
        .returning();
      const after = row ?? before;
      await emit(Events.Won, {
        leadId: after.id,
        personId: after.personId,
        valueMinor: after.valueMinor,
        currency: after.currency,
      });
      await Audit.record({
        action: "lead.won",
        entityType: "lead",
        entityId: after.id,
        changes: Audit.diff(before, after, ["status", "probability", "closedAt"]),
      });
      return infoOf(tx, after);
    }),
);

/**
 * Marks a lead lost with the reason (required). A second call is a no-op; a won lead is refused (its
 * order stands). No permission check (quotes call it on rejection); staff routes use `lose`.
 */
export const markLost = fn(
  z.object({ id: id(), reason: text(500) }),
  async (input): Promise<Info> =>
    createTransaction(async (tx) => {
      const before = await liveRow(tx, leadTable, "Lead", input.id, true);
      if (before.status === "lost") return infoOf(tx, before);
      if (before.status === "won") {
        throw new AppError("conflict", `Lead ${before.number} is won: a won lead is not lost`, [], {
          reason: { key: "lead_closed" },
        });
      }
      const [row] = await tx
        .update(leadTable)
        .set({ status: "lost", probability: 0, closedAt: new Date(), lostReason: input.reason })
        .where(eq(leadTable.id, input.id))
        .returning();
      const after = row ?? before;
      await emit(Events.Lost, { leadId: after.id, personId: after.personId, reason: input.reason });
      await Audit.record({
        action: "lead.lost",
        entityType: "lead",
        entityId: after.id,
        changes: Audit.diff(before, after, ["status", "probability", "closedAt", "lostReason"]),
      });
      return infoOf(tx, after);
    }),
);

/** `markWon` for staff (crm:lead:write). */
export const win = fn(markWon.schema, async (input): Promise<Info> => {
  requirePermission("crm:lead:write");
  return markWon(input);
});

/** `markLost` for staff (crm:lead:write); the reason is required. */
export const lose = fn(markLost.schema, async (input): Promise<Info> => {
  requirePermission("crm:lead:write");
  return markLost(input);
});

/**
 * Reopens a won or lost lead into its stage (crm:lead:write). Refused while the person has another
 * open lead in the pipeline: that one is the live deal.
 */
export const reopen = fn(z.object({ id: id() }), async (input): Promise<Info> => {
  requirePermission("crm:lead:write");
  return createTransaction(async (tx) => {
    const before = await liveRow(tx, leadTable, "Lead", input.id, true);
    if (!closed(before)) return infoOf(tx, before);
    const other = await openLeadOf(tx, before.personId, before.pipelineId);
    if (other) {
      throw new AppError("conflict", `${other.number} is this person's open lead in the pipeline: work on that one`);
    }
    const [stage] = await tx.select().from(pipelineStageTable).where(eq(pipelineStageTable.id, before.stageId));
    const [row] = await tx
      .update(leadTable)
      .set({
        status: stage?.status ?? "new",
        probability: stage?.defaultProbability ?? 50,
        closedAt: null,
        lostReason: null,
        rank: freshRank(),
      })
      .where(eq(leadTable.id, input.id))
      .returning();
    const after = row ?? before;
    await Audit.record({
      action: "lead.reopened",
      entityType: "lead",
      entityId: after.id,
      changes: Audit.diff(before, after, ["status", "probability", "closedAt", "lostReason"]),
    });
    return infoOf(tx, after);
  });
});

/** Soft-deletes a lead; its number stays taken (crm:lead:delete). */
export const remove = fn(id(), async (leadId): Promise<void> => {
  requirePermission("crm:lead:delete");
  await createTransaction(async (tx) => {
    const row = await liveRow(tx, leadTable, "Lead", leadId, true);
    const at = new Date();
    await softRemove(tx, leadTable, eq(leadTable.id, leadId), { at });
    await Audit.record({
      action: "lead.deleted",
      entityType: "lead",
      entityId: leadId,
      changes: { number: { from: row.number }, deletedAt: { to: at.toISOString() } },
    });
  });
});
