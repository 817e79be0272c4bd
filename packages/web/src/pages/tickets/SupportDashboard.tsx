import { A } from "@solidjs/router";
import type { InferResponseType } from "hono/client";
import { createMemo, createSignal, For, type JSX, Match, onCleanup, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../../api";
import { BarChart } from "../../components/charts/BarChart";
import { LineChart, type LinePoint } from "../../components/charts/LineChart";
import {
  AlertIcon,
  CheckCircleIcon,
  ClockIcon,
  InboxIcon,
  PlusIcon,
  RefreshIcon,
  UserIcon,
} from "../../components/icons";
import { StatusChip, statusLabel } from "../../components/tickets/labels";
import { EmptyState, ErrorState, Panel, RelativeTime, Skeleton, type Tone } from "../../components/ui";
import { absoluteTime, relativeTime, useNow, useTitle } from "../../format";
import { t } from "../../i18n";

type StatsClient = typeof client.api.v1.tickets.stats;
export type TicketStats = InferResponseType<StatsClient["$get"], 200>;
export type Compliance = InferResponseType<StatsClient["compliance"]["$get"], 200>;

const REFRESH_MS = 60_000;
const DAYS = 30;

const priorityLabel: Record<TicketStats["byPriority"][number]["priority"], string> = {
  urgent: "Urgent",
  high: "High",
  normal: "Normal",
  medium: "Medium",
  low: "Low",
  lower: "Lower",
};
const clockLabel = { first_response: "First response", resolution: "Resolution" } as const;

const dayLabel = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const shortDay = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));
const percent = (met: number, breached: number) =>
  met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 10;

async function load(): Promise<{ stats: TicketStats; compliance: Compliance }> {
  const [stats, compliance] = await Promise.all([
    send(client.api.v1.tickets.stats.$get()).then((r) => r.json()),
    send(client.api.v1.tickets.stats.compliance.$get({ query: { days: String(DAYS), recent: "8" } })).then((r) =>
      r.json(),
    ),
  ]);
  return { stats, compliance };
}

function Kpi(props: {
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
      <span class="stat-value">{props.value.toLocaleString()}</span>
      <span class="stat-hint" id={`${props.id}-hint`}>
        {props.hint}
      </span>
    </A>
  );
}

function Kpis(props: { stats: TicketStats }) {
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

function ComplianceSection(props: { compliance: Compliance }) {
  const days = () => props.compliance.days;
  const totals = createMemo(() =>
    days().reduce((t, d) => ({ met: t.met + d.met, breached: t.breached + d.breached }), { met: 0, breached: 0 }),
  );
  const overall = () => percent(totals().met, totals().breached);
  const points = createMemo<LinePoint[]>(() =>
    days().map((d) => {
      const value = percent(d.met, d.breached);
      return {
        key: d.date,
        label: shortDay(d.date),
        value,
        title:
          value === null
            ? `${shortDay(d.date)}: no tickets resolved`
            : `${shortDay(d.date)}: ${value}% (${d.met} met, ${d.breached} breached)`,
      };
    }),
  );
  const summary = () => {
    const measured = points().filter((p) => p.value !== null);
    if (measured.length === 0) return `SLA compliance, last ${DAYS} days: no tickets with an SLA were resolved`;
    const worst = measured.reduce((a, b) => ((b.value ?? 100) < (a.value ?? 100) ? b : a));
    return (
      `SLA resolution compliance, last ${DAYS} days: ${overall()}% overall, ${totals().met} met and ` +
      `${totals().breached} breached over ${t("count.day", measured.length)} with resolutions; ` +
      `lowest ${worst.value}% on ${worst.label}`
    );
  };
  return (
    <Panel
      id="compliance-title"
      title={<>SLA compliance</>}
      sub={<>Tickets resolved each day (UTC) that met their resolution target, over the last {DAYS} days.</>}
    >
      <Show
        when={totals().met + totals().breached > 0}
        fallback={
          <EmptyState icon={<CheckCircleIcon />} title={`No tickets with an SLA resolved in the last ${DAYS} days`}>
            The chart fills in as tickets covered by an SLA policy are resolved.
          </EmptyState>
        }
      >
        <LineChart
          id="compliance-chart"
          title="Resolution compliance per day"
          summary={summary()}
          points={points()}
          aside={
            <span class="chart-legend">
              <span class="legend-item">
                Overall <strong data-testid="compliance-overall">{overall()}%</strong>
              </span>
              <span class="legend-item">
                <span class="legend-swatch fill-processed" aria-hidden="true" />
                Met <strong>{totals().met}</strong>
              </span>
              <span class="legend-item">
                <span class="legend-swatch fill-failed" aria-hidden="true" />
                Breached <strong>{totals().breached}</strong>
              </span>
            </span>
          }
          table={
            <table class="sr-only">
              <caption>SLA resolution compliance per day</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Met</th>
                  <th scope="col">Breached</th>
                  <th scope="col">Compliance</th>
                </tr>
              </thead>
              <tbody>
                <For each={days()}>
                  {(d) => (
                    <tr>
                      <th scope="row">{shortDay(d.date)}</th>
                      <td>{d.met}</td>
                      <td>{d.breached}</td>
                      <td>{percent(d.met, d.breached) === null ? "—" : `${percent(d.met, d.breached)}%`}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          }
        />
      </Show>
    </Panel>
  );
}

function Breaches(props: { compliance: Compliance; now: number }) {
  return (
    <Panel
      id="breaches-title"
      title={<>Recent breaches</>}
      sub={<>The latest SLA deadlines missed, of either clock, newest first.</>}
    >
      <Show
        when={props.compliance.recent.length > 0}
        fallback={<EmptyState icon={<CheckCircleIcon />} title="No SLA breaches recorded" />}
      >
        <div class="table-wrap">
          <table class="table table-stack breaches-table">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Clock</th>
                <th scope="col">Status</th>
                <th scope="col">Breached</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.compliance.recent}>
                {(b) => (
                  <tr>
                    <th scope="row" class="row-title">
                      <A href={`/tickets/${encodeURIComponent(b.number)}`} class="mono">
                        {b.number}
                      </A>
                      <span class="sub truncate">{b.title}</span>
                    </th>
                    <td data-label="Clock">{clockLabel[b.clock]}</td>
                    <td data-label="Status">
                      <StatusChip status={b.status} />
                    </td>
                    <td data-label="Breached" class="nowrap">
                      <RelativeTime at={b.at} now={props.now} />
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </Panel>
  );
}

function Dashboard(props: { stats: TicketStats; compliance: Compliance; now: number }) {
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
              .map((x) => ({ key: x.priority, label: priorityLabel[x.priority], count: x.count }))}
          />
        </Panel>
      </div>
      <ComplianceSection compliance={props.compliance} />
      <Breaches compliance={props.compliance} now={props.now} />
    </>
  );
}

function LoadingSkeleton() {
  return (
    <div class="loading" aria-hidden="true">
      <div class="card-grid">
        <For each={[1, 2, 3, 4]}>
          {() => (
            <div class="card">
              <Skeleton class="sk-line sk-short" />
              <Skeleton class="sk-value" />
              <Skeleton class="sk-line" />
            </div>
          )}
        </For>
      </div>
      <div class="panel">
        <Skeleton class="sk-line sk-short" />
        <For each={[1, 2, 3, 4]}>{() => <Skeleton class="sk-row" />}</For>
      </div>
    </div>
  );
}

/** The support team's day at a glance: open work, SLA risk and breaches, compliance over 30 days. */
export function SupportDashboardPage() {
  useTitle("Support dashboard");
  const now = useNow();
  const [data, setData] = createSignal<{ stats: TicketStats; compliance: Compliance }>();
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [updatedAt, setUpdatedAt] = createSignal<number>();
  const [announcement, setAnnouncement] = createSignal("");
  let inFlight = false;

  const refresh = async (manual = false) => {
    if (inFlight) return;
    inFlight = true;
    setLoading(true);
    if (manual) setAnnouncement("Refreshing the dashboard…");
    try {
      setData(await load());
      setUpdatedAt(Date.now());
      setError(undefined);
      if (manual) setAnnouncement("Dashboard updated.");
    } catch (failure) {
      setError(errorMessage(failure));
      setAnnouncement("");
    } finally {
      inFlight = false;
      setLoading(false);
    }
  };

  void refresh();
  const timer = setInterval(() => {
    if (!document.hidden) void refresh();
  }, REFRESH_MS);
  const onVisible = () => {
    if (!document.hidden && Date.now() - (updatedAt() ?? 0) >= REFRESH_MS) void refresh();
  };
  document.addEventListener("visibilitychange", onVisible);
  onCleanup(() => {
    clearInterval(timer);
    document.removeEventListener("visibilitychange", onVisible);
  });

  const updatedLabel = () => {
    const at = updatedAt();
    if (!at) return loading() ? "Loading…" : "Not loaded yet";
    return `Updated ${relativeTime(at, now())}`;
  };
  const noTickets = () => (data()?.stats.byStatus ?? []).every((x) => x.count === 0);

  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Support dashboard</h1>
          <p class="page-sub">Open tickets, SLA risk and compliance for the whole support team.</p>
        </div>
        <div class="page-actions">
          <p class="updated" title={updatedAt() ? absoluteTime(updatedAt() ?? 0) : undefined}>
            <ClockIcon />
            <span>{updatedLabel()}</span>
            <span class="updated-auto">· auto-refresh every minute</span>
          </p>
          <button type="button" class="btn btn-secondary" onClick={() => refresh(true)} aria-busy={loading()}>
            <RefreshIcon spinning={loading()} />
            Refresh
          </button>
        </div>
      </div>
      <p class="sr-only" role="status" aria-live="polite">
        {announcement()}
      </p>

      <Switch>
        <Match when={data()}>
          {(d) => (
            <>
              <Show when={error()}>
                <div class="alert alert-error alert-row" role="alert">
                  <AlertIcon />
                  <span>
                    Could not refresh: {error()?.replace(/\.$/, "")}. Showing figures from{" "}
                    {relativeTime(updatedAt() ?? now(), now())}.
                  </span>
                  <button type="button" class="btn btn-small" onClick={() => refresh(true)}>
                    Retry
                  </button>
                </div>
              </Show>
              <Show
                when={!noTickets()}
                fallback={
                  <section class="panel" aria-label="No tickets yet">
                    <EmptyState icon={<InboxIcon />} title="No tickets yet">
                      The dashboard fills in as the team opens tickets.{" "}
                      <A href="/tickets/new" class="btn btn-primary dash-empty-cta">
                        <PlusIcon />
                        Open a ticket
                      </A>
                    </EmptyState>
                  </section>
                }
              >
                <Dashboard stats={d().stats} compliance={d().compliance} now={now()} />
              </Show>
            </>
          )}
        </Match>
        <Match when={error()}>
          <ErrorState
            title="Could not load the support dashboard"
            detail={error() ?? ""}
            onRetry={() => refresh(true)}
            busy={loading()}
          />
        </Match>
        <Match when={true}>
          <LoadingSkeleton />
        </Match>
      </Switch>
    </div>
  );
}
