// The dashboard's figures live beside the ticket domain (ticket/stats.ts); this entry point keeps
// them out of the ticket namespace's index while that file is being reworked.
export {
  BreachInfo,
  ComplianceDay,
  ComplianceInfo,
  compliance,
  StatsInfo,
  stats,
  UNASSIGNED_TEAM,
} from "../ticket/stats";
