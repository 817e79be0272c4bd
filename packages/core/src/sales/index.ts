/**
 * The sales domain's one front door: pipelines and their stages, leads (dedupe, numbering, won and
 * lost), the kanban and the list, and the forecast and pipeline reports. Other domains call `create`,
 * `markWon`, `markLost` and `fromID`, which trust their caller; staff routes call the checked verbs.
 */
export {
  BulkResult,
  board,
  bulkAssign,
  bulkMove,
  Card,
  Column,
  column,
  ListFilters,
  list,
  OwnerInfo,
  owners,
} from "./board";
export { Events } from "./events";
export {
  type Created,
  CreateInput,
  create,
  fromConversation,
  fromID,
  get,
  LEAD_SERIES,
  lastReplier,
  lose,
  markLost,
  markWon,
  move,
  remove,
  reopen,
  update,
  win,
} from "./lead";
export { NewContact, OpenInput, open } from "./open";
export * as Pipeline from "./pipeline";
export { rankBetween } from "./rank";
export { Forecast, forecast, PipelineReport, pipelineReport } from "./reports";
export { type LeadSource, type LeadStatus, leadSources, leadStatuses, openLeadStatuses } from "./sales.sql";
export { Info } from "./shared";
export { archiveStage } from "./stage";
