import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { organizationTable } from "../organization/organization.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { projectTable } from "../project/project.sql";
import { uploadTable } from "../upload/upload.sql";
import { asBuiltStatuses, installationStatuses, invoiceStatuses, quoteStatuses, type VariationType } from "./values";

export {
  type AsBuiltStatus,
  asBuiltStatuses,
  type InstallationStatus,
  type InvoiceStatus,
  installationStatuses,
  invoiceStatuses,
  type QuoteStatus,
  quoteStatuses,
  type VariationType,
  variationTypes,
} from "./values";

/** A GeoJSON LineString in WGS84 (longitude, latitude), as validated by `RouteInput`. */
export interface RouteLine {
  type: "LineString";
  coordinates: [number, number][];
}

export interface Variation {
  type: VariationType;
  description: string;
  /** Signed change to the approved total, minor units of the project's currency. */
  amountMinor: number;
}

/**
 * The contractor side of one project (1:1): open for bidding or assigned to one vendor organisation,
 * then quoted, approved, built and verified. `vendor_organization_id` is the vendor doing the work
 * once assigned or approved.
 */
export const installationProjectTable = pgTable(
  "installation_project",
  {
    id: id(),
    number: text("number").notNull(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projectTable.id),
    title: text("title").notNull(),
    description: text("description"),
    region: text("region"),
    status: text("status", { enum: installationStatuses }).notNull().default("draft"),
    currency: text("currency").notNull().default("NGN"),
    biddingOpensAt: instant("bidding_opens_at"),
    biddingClosesAt: instant("bidding_closes_at"),
    vendorOrganizationId: uuid("vendor_organization_id").references(() => organizationTable.id),
    approvedQuoteId: uuid("approved_quote_id"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("installation_project_number_idx").on(t.number),
    uniqueIndex("installation_project_project_idx").on(t.projectId).where(sql`${t.deletedAt} is null`),
    index("installation_project_status_idx").on(t.status, t.biddingClosesAt).where(sql`${t.deletedAt} is null`),
    index("installation_project_vendor_idx").on(t.vendorOrganizationId).where(sql`${t.deletedAt} is null`),
    check("installation_project_currency", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/**
 * One vendor's quote for one installation project; its versions keep every submission. At most one
 * approved quote per project: the partial unique index decides between two concurrent approvals.
 */
export const vendorQuoteTable = pgTable(
  "vendor_quote",
  {
    id: id(),
    number: text("number").notNull(),
    installationProjectId: uuid("installation_project_id")
      .notNull()
      .references(() => installationProjectTable.id),
    vendorOrganizationId: uuid("vendor_organization_id")
      .notNull()
      .references(() => organizationTable.id),
    status: text("status", { enum: quoteStatuses }).notNull().default("draft"),
    /** The version being edited (draft, revision_requested) or the last one submitted. */
    version: integer("version").notNull().default(1),
    currency: text("currency").notNull(),
    subtotalMinor: bigint("subtotal_minor", { mode: "number" }).notNull().default(0),
    taxMinor: bigint("tax_minor", { mode: "number" }).notNull().default(0),
    totalMinor: bigint("total_minor", { mode: "number" }).notNull().default(0),
    submittedAt: instant("submitted_at"),
    /** Above the approval threshold the first approver is recorded here and a different second one decides. */
    firstApprovedById: uuid("first_approved_by_id").references(() => userTable.id),
    firstApprovedAt: instant("first_approved_at"),
    decidedById: uuid("decided_by_id").references(() => userTable.id),
    decidedAt: instant("decided_at"),
    /** Staff's words with a revision request or a rejection. */
    reviewNote: text("review_note"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("vendor_quote_number_idx").on(t.number),
    uniqueIndex("vendor_quote_vendor_idx").on(t.installationProjectId, t.vendorOrganizationId),
    uniqueIndex("vendor_quote_one_approved_idx").on(t.installationProjectId).where(sql`${t.status} = 'approved'`),
    index("vendor_quote_vendor_org_idx").on(t.vendorOrganizationId, t.status),
    check("vendor_quote_totals", sql`${t.subtotalMinor} >= 0 and ${t.taxMinor} >= 0`),
  ],
);

/** One version of a quote: its lines, its proposed route and its totals, frozen once submitted. */
export const vendorQuoteVersionTable = pgTable(
  "vendor_quote_version",
  {
    id: id(),
    quoteId: uuid("quote_id")
      .notNull()
      .references(() => vendorQuoteTable.id),
    version: integer("version").notNull(),
    route: jsonb("route").$type<RouteLine>(),
    notes: text("notes"),
    subtotalMinor: bigint("subtotal_minor", { mode: "number" }).notNull().default(0),
    taxMinor: bigint("tax_minor", { mode: "number" }).notNull().default(0),
    totalMinor: bigint("total_minor", { mode: "number" }).notNull().default(0),
    submittedAt: instant("submitted_at"),
    submittedById: uuid("submitted_by_id").references(() => userTable.id),
    /** Why staff sent this version back, when they did. */
    revisionNote: text("revision_note"),
    ...timestamps,
  },
  (t) => [uniqueIndex("vendor_quote_version_idx").on(t.quoteId, t.version)],
);

/** Money lines shared by quotes and invoices: platform/money's units (quantity in thousandths, minor units, bp). */
const lineColumns = {
  position: integer("position").notNull(),
  description: text("description").notNull(),
  quantity: bigint("quantity", { mode: "number" }).notNull(),
  unit: text("unit").notNull().default("unit"),
  unitPriceMinor: bigint("unit_price_minor", { mode: "number" }).notNull(),
  /** Basis points: 750 = 7.5 %. */
  taxRateBp: integer("tax_rate_bp").notNull().default(0),
  subtotalMinor: bigint("subtotal_minor", { mode: "number" }).notNull(),
  taxMinor: bigint("tax_minor", { mode: "number" }).notNull(),
  totalMinor: bigint("total_minor", { mode: "number" }).notNull(),
};

export const vendorQuoteLineTable = pgTable(
  "vendor_quote_line",
  {
    id: id(),
    quoteVersionId: uuid("quote_version_id")
      .notNull()
      .references(() => vendorQuoteVersionTable.id),
    ...lineColumns,
    cableType: text("cable_type"),
    fibreCount: integer("fibre_count"),
    spliceCount: integer("splice_count"),
  },
  (t) => [uniqueIndex("vendor_quote_line_idx").on(t.quoteVersionId, t.position)],
);

/** What the vendor built, versioned per project: variations, files, and staff's decision. */
export const vendorAsBuiltTable = pgTable(
  "vendor_as_built",
  {
    id: id(),
    installationProjectId: uuid("installation_project_id")
      .notNull()
      .references(() => installationProjectTable.id),
    vendorOrganizationId: uuid("vendor_organization_id")
      .notNull()
      .references(() => organizationTable.id),
    version: integer("version").notNull(),
    status: text("status", { enum: asBuiltStatuses }).notNull().default("submitted"),
    variations: jsonb("variations").$type<Variation[]>().notNull().default([]),
    route: jsonb("route").$type<RouteLine>(),
    notes: text("notes"),
    submittedById: uuid("submitted_by_id").references(() => userTable.id),
    reviewedById: uuid("reviewed_by_id").references(() => userTable.id),
    reviewedAt: instant("reviewed_at"),
    reviewReason: text("review_reason"),
    /** The generated PDF report: an upload row, served by id through the upload checks. */
    reportUploadId: uuid("report_upload_id").references(() => uploadTable.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("vendor_as_built_version_idx").on(t.installationProjectId, t.version),
    // One awaiting review at a time: a double submit is a conflict, not a second version.
    uniqueIndex("vendor_as_built_pending_idx").on(t.installationProjectId).where(sql`${t.status} = 'submitted'`),
  ],
);

export const vendorAsBuiltFileTable = pgTable(
  "vendor_as_built_file",
  {
    id: id(),
    asBuiltId: uuid("as_built_id")
      .notNull()
      .references(() => vendorAsBuiltTable.id),
    uploadId: uuid("upload_id")
      .notNull()
      .references(() => uploadTable.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("vendor_as_built_file_upload_idx").on(t.uploadId),
    index("vendor_as_built_file_as_built_idx").on(t.asBuiltId),
  ],
);

/** A vendor's purchase invoice for its work on one project: one live invoice per (project, vendor). */
export const vendorInvoiceTable = pgTable(
  "vendor_invoice",
  {
    id: id(),
    number: text("number").notNull(),
    installationProjectId: uuid("installation_project_id")
      .notNull()
      .references(() => installationProjectTable.id),
    vendorOrganizationId: uuid("vendor_organization_id")
      .notNull()
      .references(() => organizationTable.id),
    status: text("status", { enum: invoiceStatuses }).notNull().default("draft"),
    /** The vendor's own invoice number, as printed on its paper. */
    vendorReference: text("vendor_reference"),
    currency: text("currency").notNull(),
    subtotalMinor: bigint("subtotal_minor", { mode: "number" }).notNull().default(0),
    taxMinor: bigint("tax_minor", { mode: "number" }).notNull().default(0),
    totalMinor: bigint("total_minor", { mode: "number" }).notNull().default(0),
    notes: text("notes"),
    submittedAt: instant("submitted_at"),
    submittedById: uuid("submitted_by_id").references(() => userTable.id),
    decidedById: uuid("decided_by_id").references(() => userTable.id),
    decidedAt: instant("decided_at"),
    decisionReason: text("decision_reason"),
    /** When staff recorded the payment of an approved invoice, who, and the payment's reference. */
    paidAt: instant("paid_at"),
    paidById: uuid("paid_by_id").references(() => userTable.id),
    paymentReference: text("payment_reference"),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("vendor_invoice_number_idx").on(t.number),
    index("vendor_invoice_vendor_idx").on(t.vendorOrganizationId, t.createdAt),
    uniqueIndex("vendor_invoice_live_idx")
      .on(t.installationProjectId, t.vendorOrganizationId)
      .where(sql`${t.status} <> 'rejected'`),
    index("vendor_invoice_status_idx").on(t.status, t.createdAt),
  ],
);

export const vendorInvoiceLineTable = pgTable(
  "vendor_invoice_line",
  {
    id: id(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => vendorInvoiceTable.id),
    ...lineColumns,
  },
  (t) => [uniqueIndex("vendor_invoice_line_idx").on(t.invoiceId, t.position)],
);

/** The domain's one settings row (`id = 'default'`); absent means v1's defaults. */
export const contractSettingTable = pgTable("contract_setting", {
  id: text("id").primaryKey(),
  /** Quotes whose total is above this (minor units) need a second, different approver. */
  approvalThresholdMinor: bigint("approval_threshold_minor", { mode: "number" }).notNull(),
  updatedById: uuid("updated_by_id").references(() => userTable.id),
  ...timestamps,
});
