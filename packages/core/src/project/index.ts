/**
 * The project domain's one front door: templates per project type, projects made from them, their
 * tasks scheduled through dependencies (schedule.ts, pure), assignees, comments, views and costs.
 */
export { builtinTemplates, ensureTemplates, FIELD_CALENDAR, templateFor } from "./builtin";
export { ClockView, clockHealth, clocks, scanClocks } from "./clock";
export * as ClockLog from "./clock-log";
export { ClockPolicyInfo, clockPolicies, removeClockPolicy, saveClockPolicy } from "./clock-policy";
export {
  AttachmentInfo,
  CommentInfo,
  comment,
  comments,
  createSlot,
  download,
  LinkedWorkOrder,
  linkWorkOrder,
  spawnWorkOrder,
  workOrders,
} from "./comments";
export { CreateInput, create, createForOrder, PROJECT_NUMBERS } from "./create";
export * as Customer from "./customer";
export { Events } from "./events";
export { Detail, exportCsv, exportTasksCsv, get, ListFilters, list, ScheduledTaskInfo, tasks } from "./read";
export * as Schedule from "./schedule";
export { AssigneeInfo, DependencyInfo, Info, TaskInfo } from "./shared";
export {
  addDependency,
  assignTask,
  createTask,
  removeDependency,
  removeTask,
  taskTransitions,
  transitionTask,
  updateTask,
} from "./tasks";
export { saveTemplate, TemplateInfo, template, templates } from "./templates";
export { costs, remove, setStatus, update } from "./update";
export * from "./values";
