import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { type CsvCell, csvStream } from "../platform/csv";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id, pageLimit, text } from "../platform/input";
import * as Money from "../platform/money";
import { emit } from "../platform/outbox";
import { nextInSeries } from "../ticket/numbering";
import { installationProjectTable, invoiceStatuses, vendorInvoiceLineTable, vendorInvoiceTable } from "./contract.sql";
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
  scopedRow,
  staffUser,
  vendorParty,
} from "./shared";

const SERIES = { scope: "vendor_invoice", pattern: "PINV-{YYYY}-", padding: 5 };
type InvoiceRow = typeof vendorInvoiceTable.$inferSelect;

export const InvoiceInfo = z.object({
  id: z.uuid(),
  number: z.string(),
  installationProjectId: z.uuid(),
  /** The installation project's number and title ("IP-2026-00003 · Ikoyi ring extension"). */
  projectName: z.string(),
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
  paidAt: z.iso.datetime().nullable(),
  paidByName: z.string().nullable(),
  paymentReference: z.string().nullable(),
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
    rows.flatMap((r) => [r.decidedById, r.paidById]),
    rows.map((r) => r.vendorOrganizationId),
  );
  const projects = await tx
    .select({
      id: installationProjectTable.id,
      number: installationProjectTable.number,
      title: installationProjectTable.title,
    })
    .from(installationProjectTable)
    .where(inArray(installationProjectTable.id, [...new Set(rows.map((r) => r.installationProjectId))]));
  const projectName = new Map(projects.map((p) => [p.id, `${p.number} · ${p.title}`]));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    installationProjectId: r.installationProjectId,
    projectName: projectName.get(r.installationProjectId) ?? "",
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
    paidAt: iso(r.paidAt),
    paidByName: names.user(r.paidById),
    paymentReference: r.paymentReference,
    lines: lines.filter((l) => l.invoiceId === r.id).map(lineInfo),
    createdAt: r.createdAt.toISOString(),
  }));
}
const info = async (tx: Tx, row: InvoiceRow) => (await infos(tx, [row]))[0] as InvoiceInfo;

const invoiceFor = (tx: Tx, party: Party, invoiceId: string, lock = false): Promise<InvoiceRow> =>
  scopedRow(tx, vendorInvoiceTable, "Invoice", party, invoiceId, lock);

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
      await tx.insert(vendorInvoiceLineTable).values(money.rows.map((l) => ({ ...l, invoiceId: row.id })));
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

/**
 * Staff record that an approved invoice was paid (once: marking it paid again returns it unchanged;
 * any other status is a 409). The payment's reference (transfer id, cheque number) is kept.
 */
export const markPaid = fn(
  z.object({ id: id(), paymentReference: text(200).optional() }),
  async (input): Promise<InvoiceInfo> => {
    const me = staffUser("vendor:quote:approve");
    return createTransaction(async (tx) => {
      const before = await invoiceFor(tx, { kind: "staff", userId: me }, input.id, true);
      if (before.status === "paid") return info(tx, before);
      if (before.status !== "approved") {
        throw conflict(
          `Invoice ${before.number} is ${before.status}: only an approved invoice is paid`,
          "not_approved",
          { status: before.status },
        );
      }
      const [row] = await tx
        .update(vendorInvoiceTable)
        .set({ status: "paid", paidAt: new Date(), paidById: me, paymentReference: input.paymentReference ?? null })
        .where(eq(vendorInvoiceTable.id, before.id))
        .returning();
      const after = row as InvoiceRow;
      await Audit.record({
        action: "contract.invoice_paid",
        entityType: "vendor_invoice",
        entityId: before.id,
        changes: Audit.diff(before, after, ["status", "paidById", "paymentReference"]),
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

export const ListFilters = z.object({
  installationProjectId: id().optional(),
  /** Staff only: one vendor organisation's invoices (a vendor always sees its own only). */
  vendorOrganizationId: id().optional(),
  status: z.enum(invoiceStatuses).optional(),
  limit: pageLimit(200, 100),
});

/** What the listed filter matches in one currency: counts and exact sums of minor units. */
export const TotalInfo = z.object({
  currency: z.string(),
  count: z.number().int(),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
});

function where(party: Party, f: Omit<z.infer<typeof ListFilters>, "limit">) {
  const i = vendorInvoiceTable;
  return and(
    f.installationProjectId ? eq(i.installationProjectId, f.installationProjectId) : undefined,
    f.vendorOrganizationId ? eq(i.vendorOrganizationId, f.vendorOrganizationId) : undefined,
    f.status ? eq(i.status, f.status) : undefined,
    party.kind === "vendor" ? eq(i.vendorOrganizationId, party.orgId) : undefined,
  );
}

/**
 * Invoices, newest first, across projects or of one: staff every vendor's; a vendor its own. `totals`
 * covers everything the filters match (not only this page), per currency, summed exactly in SQL.
 */
export const list = fn(
  ListFilters,
  async (input): Promise<{ items: InvoiceInfo[]; totals: z.infer<typeof TotalInfo>[] }> =>
    useTransaction(async (tx) => {
      const party = await partyOf(tx, "vendor:project:read");
      if (input.installationProjectId) await projectFor(tx, party, input.installationProjectId);
      const i = vendorInvoiceTable;
      const rows = await tx
        .select()
        .from(i)
        .where(where(party, input))
        .orderBy(desc(i.createdAt), desc(i.id))
        .limit(input.limit);
      // Sums as text: bigint sums stay exact past 2^53 before the range check below.
      const sums = await tx
        .select({
          currency: i.currency,
          count: sql<number>`count(*)::int`,
          subtotal: sql<string>`sum(${i.subtotalMinor})::text`,
          tax: sql<string>`sum(${i.taxMinor})::text`,
          total: sql<string>`sum(${i.totalMinor})::text`,
        })
        .from(i)
        .where(where(party, input))
        .groupBy(i.currency)
        .orderBy(asc(i.currency));
      const exact = (v: string) => Money.sum(Number(BigInt(v)));
      return {
        items: await infos(tx, rows),
        totals: sums.map((t) => ({
          currency: t.currency,
          count: t.count,
          subtotalMinor: exact(t.subtotal),
          taxMinor: exact(t.tax),
          totalMinor: exact(t.total),
        })),
      };
    }),
);

const EXPORT_LIMIT = 10_000;

/** The filtered invoices as CSV (staff), amounts as exact decimals, cells through platform/csv. */
export const exportCsv = fn(ListFilters.omit({ limit: true }), async (f) => {
  staffUser("vendor:project:read");
  const items = await useTransaction(async (tx) => {
    const rows = await tx
      .select()
      .from(vendorInvoiceTable)
      .where(where({ kind: "staff", userId: null }, f))
      .orderBy(desc(vendorInvoiceTable.createdAt), desc(vendorInvoiceTable.id))
      .limit(EXPORT_LIMIT);
    return infos(tx, rows);
  });
  async function* rows(): AsyncGenerator<CsvCell[]> {
    for (const x of items) {
      yield [
        x.number,
        x.projectName,
        x.vendorName,
        x.vendorReference,
        x.status,
        x.currency,
        Money.amountString(x.subtotalMinor, x.currency),
        Money.amountString(x.taxMinor, x.currency),
        Money.amountString(x.totalMinor, x.currency),
        x.submittedAt,
        x.decidedAt,
        x.paidAt,
        x.paymentReference,
      ];
    }
  }
  return csvStream(
    [
      "number",
      "project",
      "vendor",
      "vendor_reference",
      "status",
      "currency",
      "subtotal",
      "tax",
      "total",
      "submitted_at",
      "decided_at",
      "paid_at",
      "payment_reference",
    ],
    rows(),
  );
});

export const get = fn(
  id(),
  async (invoiceId): Promise<InvoiceInfo> =>
    useTransaction(async (tx) => info(tx, await invoiceFor(tx, await partyOf(tx, "vendor:project:read"), invoiceId))),
);
