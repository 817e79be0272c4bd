/** The ticket domain's one front door: staff verbs at the top, the customer's and reseller's below. */
export * as Admin from "./admin";
export { assign, take } from "./assign";
export * as Attachment from "./attachments";
export { BulkInput, BulkResult, bulk, bulkFields, bulkReasons } from "./bulk";
export { addComment, CommentInfo, comments, removeComment } from "./comment";
export {
  autoConfirm,
  ConfirmationInfo,
  confirm,
  confirmationOf,
  confirmForCustomer,
  dispute,
  disputeForCustomer,
  LookupInfo,
  lookupConfirmation,
} from "./confirmation";
export { confirmationMail, confirmationStates } from "./confirmation-request";
export { CustomerContext, read } from "./context";
export { create, Warning } from "./create";
export * as Customer from "./customer";
export { Events } from "./events";
export { exportCsv } from "./export";
export { LinkInfo, link, links, unlink } from "./links";
export { list } from "./list";
export { merge } from "./merge";
export { configureNumbering, NumberingInfo, renderPrefix } from "./numbering";
export { EventInfo, events, fromRef, TypeInfo, types } from "./read";
export { remove } from "./remove";
export * as Reseller from "./reseller";
export {
  listSavedFilters,
  removeSavedFilter,
  SavedFilterFields,
  SavedFilterInfo,
  saveFilter,
} from "./saved-filters";
export { readSettings, SettingsInfo, saveSettings, settings } from "./settings";
export { Info } from "./shared";
export * as Stats from "./stats";
export { changeStatus, TransitionInfo, transitions } from "./status";
export { update } from "./update";
