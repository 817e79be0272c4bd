/** SLA clocks for tickets: business calendars and a pure engine over the ticket's event log. */
export {
  addBusinessMinutes,
  businessMinutesBetween,
  Calendar,
  type CalendarReason,
  type CalendarSpan,
  TimeRange,
} from "./calendar";
export {
  CalendarInfo,
  type ClockInfo,
  calendars,
  Explain,
  forTicket,
  PolicyInfo,
  policies,
  policyFor,
  removeCalendar,
  removePolicy,
  saveCalendar,
  savePolicy,
} from "./config";
export {
  type ClockInput,
  ClockPolicy,
  type ClockResult,
  type ClockState,
  type ComputeInput,
  computeClock,
  computeSla,
  defaultPauseStatuses,
  type IntervalReason,
  nextCheckOf,
  Policy,
  type SlaEvent,
  type SlaInterval,
  type SlaResult,
} from "./engine";
export { Events } from "./events";
export {
  BreachInfo,
  breaches,
  ComplianceDay,
  complianceSeries,
  recentBreaches,
  recomputeDue,
  slaSummaries,
} from "./registry";
export { scan } from "./scan";
export { ClockSummary, SlaSummary } from "./summary";
