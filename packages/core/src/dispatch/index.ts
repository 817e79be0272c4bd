/**
 * Scheduling and dispatch: technician profiles, skills, shifts and availability in each technician's
 * time zone, dispatch rules, appointments without double booking, conflict checks, auto-assign that
 * explains itself, the board, and location pings kept 48 hours.
 */
export { AutoAssignResult, applyRules, autoAssign, Candidate } from "./auto-assign";
export { Board, BoardInput, board } from "./board";
export { Events } from "./events";
export { haversineKm, localToInstant, travel, wallClock } from "./geo";
export {
  MyProfile,
  me,
  Ping,
  POSITION_RETENTION_MS,
  prune as prunePositions,
  ReportInput,
  report as reportPositions,
  setSharing as setLocationSharing,
} from "./positions";
export * as Rules from "./rules";
export {
  AppointmentInfo,
  AppointmentInput,
  appoint,
  CheckResult,
  Conflict,
  check,
  conflictKinds,
  unschedule,
} from "./schedule";
export * as Technicians from "./technicians";
