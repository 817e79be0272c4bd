/** The contract domain's enumerated values, apart from its tables (events and the portal name them cheaply). */

/**
 * v1's installation-project lifecycle: draft → open_for_bidding (window ≥ 7 days) or assigned to one
 * vendor → quoted → approved → in_progress → completed → verified (as-built accepted); canceled ends it.
 */
export const installationStatuses = [
  "draft",
  "open_for_bidding",
  "assigned",
  "quoted",
  "approved",
  "in_progress",
  "completed",
  "verified",
  "canceled",
] as const;
export type InstallationStatus = (typeof installationStatuses)[number];

/** A vendor's quote: revised by the vendor while draft or revision_requested; staff decide the rest. */
export const quoteStatuses = ["draft", "submitted", "revision_requested", "approved", "rejected"] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

export const variationTypes = [
  "scope_change",
  "route_deviation",
  "material_change",
  "additional_work",
  "reduction",
] as const;
export type VariationType = (typeof variationTypes)[number];

export const asBuiltStatuses = ["submitted", "accepted", "rejected"] as const;
export type AsBuiltStatus = (typeof asBuiltStatuses)[number];

/**
 * A purchase invoice: the vendor edits a draft (or one sent back), staff approve, reject or send it
 * back, and an approved invoice is marked paid. Every other move is a 409.
 */
export const invoiceStatuses = ["draft", "submitted", "approved", "rejected", "revision_requested", "paid"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/** v1's `vendor_quote_approval_threshold` default, 5000 in major units of the project's currency. */
export const DEFAULT_APPROVAL_THRESHOLD_MINOR = 500_000;

/** The shortest bidding window v1 allowed. */
export const MIN_BIDDING_DAYS = 7;
