import { A } from "@solidjs/router";
import type { JSX } from "solid-js";
import { AlertIcon, ClockIcon, InboxIcon, UserIcon } from "../../../components/icons";
import type { Tone } from "../../../components/ui";
import { formatNumber } from "../../../format";
import { t } from "../../../i18n";
import type { TicketStats } from "./shared";

/** One figure as a card that links to the tickets behind it; a non-zero warning or danger figure is coloured. */
export function Kpi(props: {
  id: string;
  title: string;
  value: number;
  hint: string;
  href: string;
  icon: JSX.Element;
  tone?: Tone;
}) {
  const alarming = () => props.value > 0 && (props.tone === "danger" || props.tone === "warning");
  return (
    <A
      href={props.href}
      class={`card stat-card kpi${alarming() ? ` card-${props.tone}` : ""}`}
      aria-describedby={`${props.id}-hint`}
      data-testid={props.id}
    >
      <span class="card-head">
        <span class="card-icon">{props.icon}</span>
        <span class="card-title">{props.title}</span>
      </span>
      <span class="stat-value">{formatNumber(props.value)}</span>
      <span class="stat-hint" id={`${props.id}-hint`}>
        {props.hint}
      </span>
    </A>
  );
}

/** The four figures at the top of the dashboard. */
export function Kpis(props: { stats: TicketStats }) {
  const s = () => props.stats;
  const openList = () =>
    `/tickets?status=${s()
      .byStatus.filter((x) => x.open)
      .map((x) => x.status)
      .join(",")}`;
  return (
    <div class="card-grid kpi-grid">
      <Kpi
        id="kpi-open"
        title={t("dashboard.kpi.open")}
        value={s().openTotal}
        hint={t("dashboard.kpi.openHint")}
        href={openList()}
        icon={<InboxIcon />}
      />
      <Kpi
        id="kpi-unassigned"
        title={t("dashboard.kpi.unassigned")}
        value={s().unassigned}
        hint={s().unassigned === 0 ? t("dashboard.kpi.unassignedNone") : t("dashboard.kpi.unassignedSome")}
        href={`${openList()}&assignee=none`}
        icon={<UserIcon />}
        tone="warning"
      />
      <Kpi
        id="kpi-at-risk"
        title={t("dashboard.kpi.atRisk")}
        value={s().atRisk}
        hint={t("dashboard.kpi.atRiskHint")}
        href={`${openList()}&sla=at_risk`}
        icon={<ClockIcon />}
        tone="warning"
      />
      <Kpi
        id="kpi-breached"
        title={t("dashboard.kpi.breached")}
        value={s().breachedOpen}
        hint={t("dashboard.kpi.breachedHint")}
        href={`${openList()}&sla=breached`}
        icon={<AlertIcon />}
        tone="danger"
      />
    </div>
  );
}
