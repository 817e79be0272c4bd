import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { nextInSeries } from "../ticket/numbering";
import * as WorkOrder from "../workorder";
import { quoteStatuses, vendorQuoteLineTable, vendorQuoteTable, vendorQuoteVersionTable } from "./contract.sql";
import { Events } from "./events";
import { moveProject } from "./project";
import {
  biddingOpen,
  conflict,
  invalid,
  iso,
  lineInfo,
  namesOf,
  type Party,
  partyOf,
  priced,
  projectFor,
  QuoteLineInfo,
  QuoteLineInput,
  RouteInfo,
  RouteInput,
  scopedRow,
  staffUser,
  thresholdOf,
  vendorParty,
} from "./shared";

const SERIES = { scope: "vendor_quote", pattern: "VQ-{YYYY}-", padding: 5 };
type QuoteRow = typeof vendorQuoteTable.$inferSelect;
type VersionRow = typeof vendorQuoteVersionTable.$inferSelect;

export const QuoteVersionInfo = z.object({
  version: z.number().int(),
  route: RouteInfo.nullable(),
  notes: z.string().nullable(),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
  submittedAt: z.iso.datetime().nullable(),
  /** Why staff sent this version back, when they did. */
  revisionNote: z.string().nullable(),
  lines: z.array(QuoteLineInfo),
});

export const QuoteInfo = z.object({
  id: z.uuid(),
  number: z.string(),
  installationProjectId: z.uuid(),
  vendorOrganizationId: z.uuid(),
  vendorName: z.string().nullable(),
  status: z.enum(quoteStatuses),
  version: z.number().int(),
  currency: z.string(),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
  submittedAt: z.iso.datetime().nullable(),
  /** Above the threshold: a second, different approver must approve after the first. */
  needsSecondApproval: z.boolean(),
  firstApprovedById: z.uuid().nullable(),
  firstApprovedByName: z.string().nullable(),
  firstApprovedAt: z.iso.datetime().nullable(),
  decidedById: z.uuid().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  reviewNote: z.string().nullable(),
  /** The current version's lines and route (the one being edited, or the last submitted). */
  current: QuoteVersionInfo,
  /** Every version, newest first (detail only; lists leave it empty). */
  versions: z.array(QuoteVersionInfo),
  /** Work orders approval created for the vendor's crew. */
  workOrderIds: z.array(z.uuid()),
});
export type QuoteInfo = z.infer<typeof QuoteInfo>;

async function versionInfos(tx: Tx, versions: VersionRow[]) {
  if (versions.length === 0) return new Map<string, z.infer<typeof QuoteVersionInfo>>();
  const lines = await tx
    .select()
    .from(vendorQuoteLineTable)
    .where(
      inArray(
        vendorQuoteLineTable.quoteVersionId,
        versions.map((v) => v.id),
      ),
    )
    .orderBy(asc(vendorQuoteLineTable.position));
  return new Map(
    versions.map((v) => [
      v.id,
      {
        version: v.version,
        route: v.route ?? null,
        notes: v.notes,
        subtotalMinor: v.subtotalMinor,
        taxMinor: v.taxMinor,
        totalMinor: v.totalMinor,
        submittedAt: iso(v.submittedAt),
        revisionNote: v.revisionNote,
        lines: lines
          .filter((l) => l.quoteVersionId === v.id)
          .map((l) => ({
            ...lineInfo(l),
            cableType: l.cableType,
            fibreCount: l.fibreCount,
            spliceCount: l.spliceCount,
          })),
      },
    ]),
  );
}

async function quoteInfos(
  tx: Tx,
  rows: QuoteRow[],
  detail: boolean,
  workOrderIds: string[] = [],
): Promise<QuoteInfo[]> {
  if (rows.length === 0) return [];
  const versions = await tx
    .select()
    .from(vendorQuoteVersionTable)
    .where(
      inArray(
        vendorQuoteVersionTable.quoteId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(desc(vendorQuoteVersionTable.version));
  const wanted = detail
    ? versions
    : versions.filter((v) => rows.some((r) => r.id === v.quoteId && r.version === v.version));
  const infos = await versionInfos(tx, wanted);
  const names = await namesOf(
    tx,
    rows.flatMap((r) => [r.firstApprovedById, r.decidedById]),
    rows.map((r) => r.vendorOrganizationId),
  );
  const threshold = await thresholdOf(tx);
  return rows.map((r) => {
    const own = wanted.filter((v) => v.quoteId === r.id);
    const current = own.find((v) => v.version === r.version);
    return {
      id: r.id,
      number: r.number,
      installationProjectId: r.installationProjectId,
      vendorOrganizationId: r.vendorOrganizationId,
      vendorName: names.org(r.vendorOrganizationId),
      status: r.status,
      version: r.version,
      currency: r.currency,
      subtotalMinor: r.subtotalMinor,
      taxMinor: r.taxMinor,
      totalMinor: r.totalMinor,
      submittedAt: iso(r.submittedAt),
      needsSecondApproval: r.totalMinor > threshold,
      firstApprovedById: r.firstApprovedById,
      firstApprovedByName: names.user(r.firstApprovedById),
      firstApprovedAt: iso(r.firstApprovedAt),
      decidedById: r.decidedById,
      decidedByName: names.user(r.decidedById),
      decidedAt: iso(r.decidedAt),
      reviewNote: r.reviewNote,
      current: (current ? infos.get(current.id) : undefined) as z.infer<typeof QuoteVersionInfo>,
      versions: detail ? own.map((v) => infos.get(v.id) as z.infer<typeof QuoteVersionInfo>) : [],
      workOrderIds,
    };
  });
}

/** The quote `party` may see: staff any; a vendor its own organisation's only (else not_found). */
const quoteFor = (tx: Tx, party: Party, quoteId: string, lock = false): Promise<QuoteRow> =>
  scopedRow(tx, vendorQuoteTable, "Quote", party, quoteId, lock);

/**
 * The vendor writes its quote for a project: lines (cable type, fibre and splice counts, exact
 * quantities, unit prices, tax) and the proposed route drawn on the map. Saving again replaces the
 * version being edited; after a revision request the first save starts a new version, the earlier
 * ones kept. `submit` sends it for review (lines and a route required).
 */
export const save = fn(
  z.object({
    installationProjectId: id(),
    lines: z.array(QuoteLineInput).min(1, "add at least one line").max(200),
    route: RouteInput.nullish(),
    notes: text(5000).optional(),
    submit: z.boolean().default(false),
  }),
  async (input): Promise<QuoteInfo> =>
    createTransaction(async (tx) => {
      const party = await vendorParty(tx);
      const project = await projectFor(tx, party, input.installationProjectId, true);
      const [existing] = await tx
        .select()
        .from(vendorQuoteTable)
        .where(
          and(
            eq(vendorQuoteTable.installationProjectId, project.id),
            eq(vendorQuoteTable.vendorOrganizationId, party.orgId),
          ),
        )
        .for("update");
      const revising = existing?.status === "revision_requested";
      if (!revising) {
        const assignedToMe =
          project.vendorOrganizationId === party.orgId && ["assigned", "quoted"].includes(project.status);
        if (!assignedToMe && !biddingOpen(project)) {
          throw conflict(`Installation project ${project.number} is not taking quotes`, "bidding_closed");
        }
      }
      if (existing && !["draft", "revision_requested"].includes(existing.status)) {
        throw conflict(
          `Quote ${existing.number} is ${existing.status}: it changes again only if staff ask for a revision`,
          "quote_locked",
        );
      }
      if (input.submit && !input.route) throw invalid("route", "draw the proposed route before submitting");
      const money = priced(input.lines);
      const now = new Date();
      let quote = existing;
      if (!quote) {
        const [row] = await tx
          .insert(vendorQuoteTable)
          .values({
            number: await nextInSeries(tx, SERIES),
            installationProjectId: project.id,
            vendorOrganizationId: party.orgId,
            currency: project.currency,
            createdById: party.userId,
          })
          .returning();
        quote = row as QuoteRow;
      }
      let [version] = await tx
        .select()
        .from(vendorQuoteVersionTable)
        .where(and(eq(vendorQuoteVersionTable.quoteId, quote.id), eq(vendorQuoteVersionTable.version, quote.version)));
      const versionValues = {
        route: input.route ?? null,
        notes: input.notes ?? null,
        subtotalMinor: money.subtotalMinor,
        taxMinor: money.taxMinor,
        totalMinor: money.totalMinor,
        submittedAt: input.submit ? now : null,
        submittedById: input.submit ? party.userId : null,
      };
      let number = quote.version;
      if (!version || version.submittedAt) {
        // A revision: the submitted version stays as it was; this is the next one.
        number = version ? quote.version + 1 : quote.version;
        [version] = await tx
          .insert(vendorQuoteVersionTable)
          .values({ quoteId: quote.id, version: number, ...versionValues })
          .returning();
      } else {
        await tx.delete(vendorQuoteLineTable).where(eq(vendorQuoteLineTable.quoteVersionId, version.id));
        [version] = await tx
          .update(vendorQuoteVersionTable)
          .set(versionValues)
          .where(eq(vendorQuoteVersionTable.id, version.id))
          .returning();
      }
      const v = version as VersionRow;
      await tx.insert(vendorQuoteLineTable).values(money.rows.map((l) => ({ ...l, quoteVersionId: v.id })));
      const [updated] = await tx
        .update(vendorQuoteTable)
        .set({
          version: number,
          subtotalMinor: money.subtotalMinor,
          taxMinor: money.taxMinor,
          totalMinor: money.totalMinor,
          ...(input.submit
            ? { status: "submitted" as const, submittedAt: now, firstApprovedById: null, firstApprovedAt: null }
            : {}),
        })
        .where(eq(vendorQuoteTable.id, quote.id))
        .returning();
      const after = updated as QuoteRow;
      await Audit.record({
        action: input.submit ? "contract.quote_submitted" : "contract.quote_saved",
        entityType: "vendor_quote",
        entityId: after.id,
        changes: Audit.diff(existing ?? null, after, ["status", "version", "totalMinor"]),
      });
      if (input.submit) {
        await emit(Events.QuoteSubmitted, { quoteId: after.id, installationProjectId: project.id, version: number });
        if (project.status === "open_for_bidding" || project.status === "assigned") {
          await moveProject(tx, project, "quoted");
        }
      }
      return (await quoteInfos(tx, [after], true))[0] as QuoteInfo;
    }),
);

/** One quote with every version: staff any; a vendor its own organisation's. */
export const get = fn(
  id(),
  async (quoteId): Promise<QuoteInfo> =>
    useTransaction(async (tx) => {
      const party = await partyOf(tx, "vendor:project:read");
      return (await quoteInfos(tx, [await quoteFor(tx, party, quoteId)], true))[0] as QuoteInfo;
    }),
);

/**
 * The quotes of one project, lowest total first, each with its current lines and route: staff
 * compare them side by side; a vendor sees its own quote only.
 */
export const list = fn(
  z.object({ installationProjectId: id() }),
  async (input): Promise<{ items: QuoteInfo[] }> =>
    useTransaction(async (tx) => {
      const party = await partyOf(tx, "vendor:project:read");
      await projectFor(tx, party, input.installationProjectId);
      const q = vendorQuoteTable;
      const rows = await tx
        .select()
        .from(q)
        .where(
          and(
            eq(q.installationProjectId, input.installationProjectId),
            party.kind === "vendor" ? eq(q.vendorOrganizationId, party.orgId) : ne(q.status, "draft"),
          ),
        )
        .orderBy(asc(q.totalMinor), asc(q.id));
      return { items: await quoteInfos(tx, rows, false) };
    }),
);

async function decided(
  tx: Transaction,
  before: QuoteRow,
  set: Partial<QuoteRow>,
  action:
    | "contract.quote_revision_requested"
    | "contract.quote_first_approval"
    | "contract.quote_approved"
    | "contract.quote_rejected",
) {
  const [row] = await tx.update(vendorQuoteTable).set(set).where(eq(vendorQuoteTable.id, before.id)).returning();
  const after = row as QuoteRow;
  await Audit.record({
    action,
    entityType: "vendor_quote",
    entityId: before.id,
    changes: Audit.diff(before, after, ["status", "firstApprovedById", "decidedById", "reviewNote"]),
  });
  const decision = action.slice("contract.quote_".length) as
    | "revision_requested"
    | "first_approval"
    | "approved"
    | "rejected";
  await emit(Events.QuoteDecided, {
    quoteId: before.id,
    installationProjectId: before.installationProjectId,
    decision,
  });
  return after;
}

function assertSubmitted(q: QuoteRow) {
  if (q.status !== "submitted") {
    throw conflict(`Quote ${q.number} is ${q.status}: only a submitted quote is reviewed`, "not_submitted", {
      status: q.status,
    });
  }
}

/** Staff send a submitted quote back with what to change; the vendor's next save is a new version. */
export const requestRevision = fn(z.object({ id: id(), note: text(5000) }), async (input): Promise<QuoteInfo> => {
  const me = staffUser("vendor:project:write");
  return createTransaction(async (tx) => {
    const before = await quoteFor(tx, { kind: "staff", userId: me }, input.id, true);
    assertSubmitted(before);
    await tx
      .update(vendorQuoteVersionTable)
      .set({ revisionNote: input.note })
      .where(and(eq(vendorQuoteVersionTable.quoteId, before.id), eq(vendorQuoteVersionTable.version, before.version)));
    const after = await decided(
      tx,
      before,
      { status: "revision_requested", reviewNote: input.note, firstApprovedById: null, firstApprovedAt: null },
      "contract.quote_revision_requested",
    );
    return (await quoteInfos(tx, [after], true))[0] as QuoteInfo;
  });
});

/** Staff turn a submitted quote down with a reason. */
export const reject = fn(z.object({ id: id(), reason: text(5000) }), async (input): Promise<QuoteInfo> => {
  const me = staffUser("vendor:quote:approve");
  return createTransaction(async (tx) => {
    const before = await quoteFor(tx, { kind: "staff", userId: me }, input.id, true);
    assertSubmitted(before);
    const after = await decided(
      tx,
      before,
      { status: "rejected", reviewNote: input.reason, decidedById: me, decidedAt: new Date() },
      "contract.quote_rejected",
    );
    return (await quoteInfos(tx, [after], true))[0] as QuoteInfo;
  });
});

export const WorkOrderPlan = z.object({
  title: text(300),
  description: text(20_000).optional(),
  scheduledStart: instant().optional(),
  estimatedDurationMinutes: WorkOrder.Fields.shape.estimatedDurationMinutes.optional(),
});

/**
 * Approves a submitted quote (vendor:quote:approve). Above the threshold the first approval is
 * recorded and a second, different approver must approve too. Approval awards the project to the
 * vendor, turns down the other quotes, and creates the listed work orders for the vendor's crew.
 * Approving an approved quote again changes nothing (no second set of work orders).
 */
export const approve = fn(
  z.object({ id: id(), workOrders: z.array(WorkOrderPlan).max(20).default([]) }),
  async (input): Promise<QuoteInfo> => {
    const me = staffUser("vendor:quote:approve");
    if (input.workOrders.length > 0) requirePermission("operations:work_order:create");
    return createTransaction(async (tx) => {
      const party: Party = { kind: "staff", userId: me };
      const first = await quoteFor(tx, party, input.id);
      // Lock the project first, then the quote: every approval of the project queues here.
      const project = await projectFor(tx, party, first.installationProjectId, true);
      const before = await quoteFor(tx, party, input.id, true);
      if (before.status === "approved") return (await quoteInfos(tx, [before], true))[0] as QuoteInfo;
      assertSubmitted(before);
      if (project.approvedQuoteId) {
        throw conflict(`Installation project ${project.number} already has an approved quote`, "already_approved");
      }
      const now = new Date();
      if (before.totalMinor > (await thresholdOf(tx))) {
        if (!before.firstApprovedById) {
          const after = await decided(
            tx,
            before,
            { firstApprovedById: me, firstApprovedAt: now },
            "contract.quote_first_approval",
          );
          return (await quoteInfos(tx, [after], true))[0] as QuoteInfo;
        }
        if (before.firstApprovedById === me) {
          throw new AppError(
            "forbidden",
            `Quote ${before.number} is above the approval threshold: a second, different approver must approve it`,
            [],
            { reason: { key: "second_approver_required" } },
          );
        }
      }
      const after = await decided(
        tx,
        before,
        { status: "approved", decidedById: me, decidedAt: now },
        "contract.quote_approved",
      );
      const others = await tx
        .update(vendorQuoteTable)
        .set({
          status: "rejected",
          reviewNote: `Another quote (${before.number}) was approved`,
          decidedById: me,
          decidedAt: now,
        })
        .where(
          and(
            eq(vendorQuoteTable.installationProjectId, project.id),
            ne(vendorQuoteTable.id, before.id),
            inArray(vendorQuoteTable.status, ["draft", "submitted", "revision_requested"]),
          ),
        )
        .returning({ id: vendorQuoteTable.id });
      for (const o of others) {
        await Audit.record({
          action: "contract.quote_rejected",
          entityType: "vendor_quote",
          entityId: o.id,
          changes: { status: { to: "rejected" }, reason: { to: "another quote was approved" } },
        });
        // The other bidders hear it too (notifications hang off this event).
        await emit(Events.QuoteDecided, { quoteId: o.id, installationProjectId: project.id, decision: "rejected" });
      }
      await moveProject(tx, project, "approved", {
        vendorOrganizationId: before.vendorOrganizationId,
        approvedQuoteId: before.id,
      });
      const workOrderIds: string[] = [];
      for (const plan of input.workOrders) {
        const wo = await WorkOrder.create({
          ...plan,
          workType: "install",
          projectId: project.projectId,
          vendorOrganizationId: before.vendorOrganizationId,
          region: project.region,
          tags: [project.number],
        });
        workOrderIds.push(wo.id);
      }
      return (await quoteInfos(tx, [after], true, workOrderIds))[0] as QuoteInfo;
    });
  },
);
