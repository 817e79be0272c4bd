import { A } from "@solidjs/router";
import type { JSX } from "solid-js";
import { AlertIcon, ClockIcon, InboxIcon, UserIcon } from "../../../components/icons";
import type { Tone } from "../../../components/ui";
import { formatNumber } from "../../../format";
import type { TicketStats } from "./shared";

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
        title="Open tickets"
        value={s().openTotal}
        hint="Not closed, canceled or merged"
        href={openList()}
        icon={<InboxIcon />}
      />
      <Kpi
        id="kpi-unassigned"
        title="Unassigned"
        value={s().unassigned}
        hint={s().unassigned === 0 ? "Every open ticket has an owner" : "Open, with nobody assigned"}
        href={`${openList()}&assignee=none`}
        icon={<UserIcon />}
        tone="warning"
      />
      <Kpi
        id="kpi-at-risk"
        title="At risk"
        value={s().atRisk}
        hint="Past the SLA warning, before the deadline"
        href={`${openList()}&sla=at_risk`}
        icon={<ClockIcon />}
        tone="warning"
      />
      <Kpi
        id="kpi-breached"
        title="Breached"
        value={s().breachedOpen}
        hint="Open tickets past an SLA deadline"
        href={`${openList()}&sla=breached`}
        icon={<AlertIcon />}
        tone="danger"
      />
    </div>
  );
}
