/**
 * The contract domain's one front door (v1 §5.4, vendor projects): installation projects (1:1 with a
 * project) open for bidding or assigned, vendors' quotes with their versions and proposed routes,
 * approval (a second approver above the threshold), as-built submissions with their PDF report, and
 * purchase invoices. Staff see everything their permission allows; a vendor user its organisation's.
 */
export * as AsBuilt from "./asbuilt";
export { AsBuiltInfo, FileInfo, VariationInput } from "./asbuilt";
export {
  asBuiltStatuses,
  installationStatuses,
  invoiceStatuses,
  quoteStatuses,
  variationTypes,
} from "./contract.sql";
export { Events } from "./events";
export { lengthMetres, segmentMetres } from "./geo";
export * as Invoice from "./invoice";
export { InvoiceInfo, TotalInfo as InvoiceTotalInfo } from "./invoice";
export {
  assign,
  create,
  get,
  ListFilters,
  list,
  mapSettings,
  openBidding,
  ProjectInfo,
  SettingsInfo,
  saveSettings,
  settings,
  transition,
} from "./project";
export * as Quote from "./quote";
export { QuoteInfo, QuoteVersionInfo, WorkOrderPlan } from "./quote";
export { LineInput, QuoteLineInput, RouteInput } from "./shared";
export { DEFAULT_APPROVAL_THRESHOLD_MINOR, MIN_BIDDING_DAYS } from "./values";
