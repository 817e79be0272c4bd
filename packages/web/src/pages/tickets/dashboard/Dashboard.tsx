import { BarChart } from "../../../components/charts/BarChart";
import { priorityLabel, statusLabel } from "../../../components/tickets/labels";
import { Panel } from "../../../components/ui";
import { t } from "../../../i18n";
import { Breaches } from "./Breaches";
import { ComplianceSection } from "./ComplianceSection";
import { Kpis } from "./Kpis";
import type { Compliance, TicketStats } from "./shared";

/** The dashboard once its figures are in: tiles, open work by status, team and priority, SLA compliance and breaches. */
export function Dashboard(props: { stats: TicketStats; compliance: Compliance; now: number }) {
  const s = () => props.stats;
  const openStatuses = () => s().byStatus.filter((x) => x.open);
  return (
    <>
      <Kpis stats={s()} />
      <div class="dash-grid">
        <Panel id="by-status-title" title={t("dashboard.byStatus")} sub={t("dashboard.byStatusSub")}>
          <BarChart
            id="by-status"
            title={t("dashboard.byStatus")}
            caption={t("dashboard.byStatusCaption")}
            unit={t("dashboard.tickets")}
            empty={t("dashboard.noOpen")}
            bars={openStatuses().map((x) => ({ key: x.status, label: statusLabel(x.status), count: x.count }))}
          />
        </Panel>
        <Panel id="by-team-title" title={t("dashboard.byTeamTitle")} sub={t("dashboard.byTeamSub")}>
          <BarChart
            id="by-team"
            title={t("dashboard.byTeam")}
            caption={t("dashboard.byTeamCaption")}
            unit={t("dashboard.tickets")}
            tone="team"
            empty={t("dashboard.noOpen")}
            bars={s().byTeam.map((x) => ({
              key: x.team ?? "",
              label: x.team ?? t("dashboard.noTeam"),
              count: x.count,
            }))}
          />
          <BarChart
            id="by-priority"
            title={t("dashboard.byPriority")}
            caption={t("dashboard.byPriorityCaption")}
            unit={t("dashboard.tickets")}
            tone="priority"
            empty={t("dashboard.noOpen")}
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
