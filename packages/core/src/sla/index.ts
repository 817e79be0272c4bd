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
  saveCalendar,
  savePolicy,
} from "./config";
export {
  type ClockResult,
  type ClockState,
  type ComputeInput,
  computeSla,
  defaultPauseStatuses,
  type IntervalReason,
  Policy,
  type SlaEvent,
  type SlaInterval,
  type SlaResult,
} from "./engine";
