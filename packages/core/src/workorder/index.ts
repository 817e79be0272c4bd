/**
 * The work-order domain's one front door: jobs in the field, their assignees, the status log folded
 * from field events and staff transitions, notes, attachments, completion, and the admin settings.
 */
export {
  checkTransition,
  readSettings,
  SettingsInfo,
  saveSettings,
  saveTransitions,
  settings,
  TransitionInfo,
  transitions,
} from "./admin";
export { AssigneeInput, setAssignees, storeAssignees } from "./assign";
export { APPOINTMENT_ROUTE, assertNoDoubleBooking, lockTechnician } from "./booking";
export { create, Fields, locate, remove, update, WORK_ORDER_NUMBERS } from "./create";
export { Events } from "./events";
export { fold, type LogEntry } from "./machine";
export { AttachmentInfo, addNote, attach, createSlot, download, NoteInfo, SlotInfo } from "./notes";
export { type Detail, get, ListFilters, list } from "./read";
export { AssigneeInfo, CustomerInfo, Info, infoOf, reach, reachableJob, type WorkOrderRow } from "./shared";
export {
  CLOCK_SKEW_SECONDS,
  CompletionInfo,
  EventInfo,
  FieldEventInput,
  fieldEvent,
  moveJob,
  transition,
} from "./status";
export { type FieldEvent, fieldEvents, workOrderStatuses, workOrderTypes } from "./workorder.sql";
