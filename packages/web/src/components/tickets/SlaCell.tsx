import { SlaBadges } from "../SlaPanel";
import type { Ticket } from "./api";

/** The SLA column of the ticket list: both clocks, compact, counting down live. */
export function SlaCell(props: { sla: Ticket["sla"] }) {
  return <SlaBadges sla={props.sla} compact />;
}
