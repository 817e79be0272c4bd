import { BarChart } from "../../../components/charts/BarChart";
import { priorityLabel, statusLabel } from "../../../components/tickets/labels";
import { Panel } from "../../../components/ui";
import { Breaches } from "./Breaches";
import { ComplianceSection } from "./ComplianceSection";
import { Kpis } from "./Kpis";
import type { Compliance, TicketStats } from "./shared";

export function Dashboard(props: { stats: TicketStats; compliance: Compliance; now: number }) {
  const s = () => props.stats;
  const openStatuses = () => s().byStatus.filter((x) => x.open);
  return (
    <>
      <Kpis stats={s()} />
      <div class="dash-grid">
        <Panel id="by-status-title" title={<>Open tickets by status</>} sub={<>Where the open work is waiting.</>}>
          <BarChart
            id="by-status"
            title="Open tickets by status"
            caption="By status"
            unit="tickets"
            empty="No open tickets."
            bars={openStatuses().map((x) => ({ key: x.status, label: statusLabel(x.status), count: x.count }))}
          />
        </Panel>
        <Panel
          id="by-team-title"
          title={<>Open tickets by team and priority</>}
          sub={<>Each service team's open queue, and how urgent the open work is.</>}
        >
          <BarChart
            id="by-team"
            title="Open tickets by team"
            caption="By team"
            unit="tickets"
            tone="team"
            empty="No open tickets."
            bars={s().byTeam.map((x) => ({ key: x.team ?? "", label: x.label, count: x.count }))}
          />
          <BarChart
            id="by-priority"
            title="Open tickets by priority"
            caption="By priority"
            unit="tickets"
            tone="priority"
            empty="No open tickets."
            bars={[...s().byPriority]
              .reverse()
              .map((x) => ({ key: x.priority, label: priorityLabel(x.priority), count: x.count }))}
          />
        </Panel>
      </div>
      <ComplianceSection compliance={props.compliance} />
      <Breaches compliance={props.compliance} now={props.now} />
    </>
  );
}
