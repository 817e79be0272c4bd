import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, pageLimit, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { nextInSeries } from "../ticket/numbering";
import { invoiceStatuses, vendorInvoiceLineTable, vendorInvoiceTable } from "./contract.sql";
import { Events } from "./events";
import {
  assertBuilder,
  conflict,
  invalid,
  iso,
  LineInfo,
  LineInput,
  lineInfo,
  namesOf,
  type Party,
  partyOf,
  priced,
  projectFor,
  staffUser,
  vendorParty,
} from "./shared";

const SERIES = { scope: "vendor_invoice", pattern: "PINV-{YYYY}-", padding: 5 };
type InvoiceRow = typeof vendorInvoiceTable.$inferSelect;

export const InvoiceInfo = z.object({
  id: z.uuid(),
  number: z.string(),
  installationProjectId: z.uuid(),
  vendorOrganizationId: z.uuid(),
  vendorName: z.string().nullable(),
  status: z.enum(invoiceStatuses),
  vendorReference: z.string().nullable(),
  currency: z.string(),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
  notes: z.string().nullable(),
  submittedAt: z.iso.datetime().nullable(),
  decidedById: z.uuid().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionReason: z.string().nullable(),
  lines: z.array(LineInfo),
  createdAt: z.iso.datetime(),
});
export type InvoiceInfo = z.infer<typeof InvoiceInfo>;

async function infos(tx: Tx, rows: InvoiceRow[]): Promise<InvoiceInfo[]> {
  if (rows.length === 0) return [];
  const lines = await tx
    .select()
    .from(vendorInvoiceLineTable)
    .where(
      inArray(
        vendorInvoiceLineTable.invoiceId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(vendorInvoiceLineTable.position));
  const names = await namesOf(
    tx,
    rows.map((r) => r.decidedById),
    rows.map((r) => r.vendorOrganizationId),
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    installationProjectId: r.installationProjectId,
    vendorOrganizationId: r.vendorOrganizationId,
    vendorName: names.org(r.vendorOrganizationId),
    status: r.status,
    vendorReference: r.vendorReference,
    currency: r.currency,
    subtotalMinor: r.subtotalMinor,
    taxMinor: r.taxMinor,
    totalMinor: r.totalMinor,
    notes: r.notes,
    submittedAt: iso(r.submittedAt),
    decidedById: r.decidedById,
    decidedByName: names.user(r.decidedById),
    decidedAt: iso(r.decidedAt),
    decisionReason: r.decisionReason,
    lines: lines.filter((l) => l.invoiceId === r.id).map(lineInfo),
    createdAt: r.createdAt.toISOString(),
  }));
}
const info = async (tx: Tx, row: InvoiceRow) => (await infos(tx, [row]))[0] as InvoiceInfo;

async function invoiceFor(tx: Tx, party: Party, invoiceId: string, lock = false): Promise<InvoiceRow> {
  const i = vendorInvoiceTable;
  const query = tx
    .select()
    .from(i)
    .where(and(eq(i.id, invoiceId), party.kind === "vendor" ? eq(i.vendorOrganizationId, party.orgId) : undefined));
  const [row] = await (lock ? query.for("update") : query);
  if (!row) throw new AppError("not_found", `Invoice ${invoiceId} does not exist`);
  return row;
}

/**
 * The vendor's purchase invoice for a project it builds (one live per project and vendor): lines
 * with tax in platform/money's exact arithmetic. Saving again edits a draft or an invoice sent back
 * for revision; `submit` sends it to staff.
 */
export const save = fn(
  z.object({
    installationProjectId: id(),
    vendorReference: text(100).optional(),
    notes: text(5000).optional(),
    lines: z.array(LineInput).min(1, "add at least one line").max(200),
    submit: z.boolean().default(false),
  }),
  async (input): Promise<InvoiceInfo> =>
    createTransaction(async (tx) => {
      const party = await vendorParty(tx);
      const project = await projectFor(tx, party, input.installationProjectId, true);
      assertBuilder(project, party);
      if (!["approved", "in_progress", "completed", "verified"].includes(project.status)) {
        throw conflict(
          `Installation project ${project.number} is ${project.status}: invoice once a quote is approved`,
          "not_approved",
        );
      }
      const [existing] = await tx
        .select()
        .from(vendorInvoiceTable)
        .where(
          and(
            eq(vendorInvoiceTable.installationProjectId, project.id),
            eq(vendorInvoiceTable.vendorOrganizationId, party.orgId),
            ne(vendorInvoiceTable.status, "rejected"),
          ),
        )
        .for("update");
      if (existing && !["draft", "revision_requested"].includes(existing.status)) {
        throw conflict(
          `Invoice ${existing.number} is ${existing.status}: it can no longer be changed`,
          "invoice_locked",
        );
      }
      const money = priced(input.lines);
      const values = {
        vendorReference: input.vendorReference ?? null,
        notes: input.notes ?? null,
        subtotalMinor: money.subtotalMinor,
        taxMinor: money.taxMinor,
        totalMinor: money.totalMinor,
        ...(input.submit ? { status: "submitted" as const, submittedAt: new Date(), submittedById: party.userId } : {}),
      };
      let row: InvoiceRow;
      if (existing) {
        await tx.delete(vendorInvoiceLineTable).where(eq(vendorInvoiceLineTable.invoiceId, existing.id));
        [row] = (await tx
          .update(vendorInvoiceTable)
          .set(values)
          .where(eq(vendorInvoiceTable.id, existing.id))
          .returning()) as [InvoiceRow];
      } else {
        [row] = (await tx
          .insert(vendorInvoiceTable)
          .values({
            ...values,
            number: await nextInSeries(tx, SERIES),
            installationProjectId: project.id,
            vendorOrganizationId: party.orgId,
            currency: project.currency,
            createdById: party.userId,
          })
          .returning()) as [InvoiceRow];
      }
      await tx.insert(vendorInvoiceLineTable).values(
        money.rows.map((l) => ({
          invoiceId: row.id,
          position: l.position,
          description: l.description,
          quantity: l.quantity,
          unit: l.unit,
          unitPriceMinor: l.unitPriceMinor,
          taxRateBp: l.taxRateBp,
          subtotalMinor: l.subtotalMinor,
          taxMinor: l.taxMinor,
          totalMinor: l.totalMinor,
        })),
      );
      await Audit.record({
        action: input.submit ? "contract.invoice_submitted" : "contract.invoice_saved",
        entityType: "vendor_invoice",
        entityId: row.id,
        changes: Audit.diff(existing ?? null, row, ["status", "totalMinor", "vendorReference"]),
      });
      if (input.submit) {
        await emit(Events.InvoiceChanged, { invoiceId: row.id, installationProjectId: project.id, status: row.status });
      }
      return info(tx, row);
    }),
);

/** Staff decide a submitted invoice: approve, reject, or send back for revision (a reason for the last two). */
export const decide = fn(
  z.object({
    id: id(),
    decision: z.enum(["approved", "rejected", "revision_requested"]),
    reason: text(5000).optional(),
  }),
  async (input): Promise<InvoiceInfo> => {
    const me = staffUser("vendor:quote:approve");
    if (input.decision !== "approved" && !input.reason) throw invalid("reason", "tell the vendor why");
    return createTransaction(async (tx) => {
      const before = await invoiceFor(tx, { kind: "staff", userId: me }, input.id, true);
      if (before.status === input.decision) return info(tx, before);
      if (before.status !== "submitted") {
        throw conflict(
          `Invoice ${before.number} is ${before.status}: only a submitted invoice is decided`,
          "not_submitted",
        );
      }
      const [row] = await tx
        .update(vendorInvoiceTable)
        .set({ status: input.decision, decidedById: me, decidedAt: new Date(), decisionReason: input.reason ?? null })
        .where(eq(vendorInvoiceTable.id, before.id))
        .returning();
      const after = row as InvoiceRow;
      await Audit.record({
        action: "contract.invoice_decided",
        entityType: "vendor_invoice",
        entityId: before.id,
        changes: Audit.diff(before, after, ["status", "decidedById", "decisionReason"]),
      });
      await emit(Events.InvoiceChanged, {
        invoiceId: before.id,
        installationProjectId: before.installationProjectId,
        status: after.status,
      });
      return info(tx, after);
    });
  },
);

/** Invoices, newest first, of one project or all: staff every vendor's; a vendor its own. */
export const list = fn(
  z.object({
    installationProjectId: id().optional(),
    status: z.enum(invoiceStatuses).optional(),
    limit: pageLimit(200, 100),
  }),
  async (input): Promise<{ items: InvoiceInfo[] }> =>
    useTransaction(async (tx) => {
      const party = await partyOf(tx, "vendor:project:read");
      if (input.installationProjectId) await projectFor(tx, party, input.installationProjectId);
      const i = vendorInvoiceTable;
      const rows = await tx
        .select()
        .from(i)
        .where(
          and(
            input.installationProjectId ? eq(i.installationProjectId, input.installationProjectId) : undefined,
            input.status ? eq(i.status, input.status) : undefined,
            party.kind === "vendor" ? eq(i.vendorOrganizationId, party.orgId) : undefined,
          ),
        )
        .orderBy(desc(i.createdAt), desc(i.id))
        .limit(input.limit);
      return { items: await infos(tx, rows) };
    }),
);

export const get = fn(
  id(),
  async (invoiceId): Promise<InvoiceInfo> =>
    useTransaction(async (tx) => info(tx, await invoiceFor(tx, await partyOf(tx, "vendor:project:read"), invoiceId))),
);
