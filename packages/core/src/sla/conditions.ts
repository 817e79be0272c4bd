import { type SQL, sql } from "drizzle-orm";
import { ticketSlaTable } from "./sla.sql";

const s = ticketSlaTable;

/**
 * A clock is breached when the registry says so, or when it is still running past its deadline
 * (the scan has not caught up yet); at risk when running between its warning instant and deadline.
 * Both read `ticket_sla`, so a query using them joins it (the dashboard and the list's `sla` filter).
 */
const clockBreached = (state: SQL, deadline: SQL) =>
  sql`(${state} = 'breached' or (${state} = 'running' and ${deadline} <= now()))`;
const clockAtRisk = (state: SQL, warningAt: SQL, deadline: SQL) =>
  sql`(${state} = 'running' and ${warningAt} <= now() and now() < ${deadline})`;

export const slaBreached = sql`(${clockBreached(sql`${s.firstResponseState}`, sql`${s.firstResponseDeadline}`)} or ${clockBreached(
  sql`${s.resolutionState}`,
  sql`${s.resolutionDeadline}`,
)})`;

export const slaAtRisk = sql`(${clockAtRisk(
  sql`${s.firstResponseState}`,
  sql`${s.firstResponseWarningAt}`,
  sql`${s.firstResponseDeadline}`,
)} or ${clockAtRisk(sql`${s.resolutionState}`, sql`${s.resolutionWarningAt}`, sql`${s.resolutionDeadline}`)})`;
