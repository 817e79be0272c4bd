import { useSearchParams } from "@solidjs/router";
import type { InferResponseType } from "hono/client";
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { client, errorMessage, send } from "../../api";
import { BarChart } from "../../components/charts/BarChart";
import { ClockIcon, DownloadIcon, InboxIcon } from "../../components/icons";
import { type Column, DataTable, type SortState } from "../../components/kit/DataTable";
import { DateInput } from "../../components/kit/DateInput";
import { PageHeader } from "../../components/kit/PageHeader";
import { EmptyState, ErrorState, Panel, Skeleton } from "../../components/ui";
import { formatNumber, formatPercent, useTitle } from "../../format";
import { intlLocale, t } from "../../i18n";

const endpoint = client.api.v1.inbox.reports;
type Report = InferResponseType<(typeof endpoint)["$get"], 200>;
type Row = Report["byAgent"][number];
type Channel = Report["byChannel"][number]["channel"];
const channels: Channel[] = ["whatsapp", "messenger", "instagram", "email", "widget"];

/** Seconds as the largest unit that reads naturally: "45 s", "12 min", "3.5 h", "2 d". */
export function duration(seconds: number | null): string {
  if (seconds === null) return t("inboxReports.none");
  const one = (n: number) => formatNumber(Math.round(n * 10) / 10);
  if (seconds < 90) return t("inboxReports.duration.seconds", { n: formatNumber(seconds) });
  if (seconds < 90 * 60) return t("inboxReports.duration.minutes", { n: one(seconds / 60) });
  if (seconds < 36 * 3600) return t("inboxReports.duration.hours", { n: one(seconds / 3600) });
  return t("inboxReports.duration.days", { n: one(seconds / 86_400) });
}

/** "4.3 (12)": the mean rating and how many answered; a dash when nobody did. */
const satisfaction = (csat: { average: number | null; count: number }) =>
  csat.average === null
    ? t("inboxReports.none")
    : t("inboxReports.csatValue", { average: formatNumber(csat.average), count: formatNumber(csat.count) });

/** SLA compliance: the share of conversations that never missed a reply target (null: none in the range). */
const onTime = (r: { conversations: number; late: number }) =>
  r.conversations === 0 ? null : (r.conversations - r.late) / r.conversations;
const onTimeText = (r: { conversations: number; late: number }) => {
  const ratio = onTime(r);
  return ratio === null ? t("inboxReports.none") : formatPercent(ratio);
};

const shortDay = (date: string) =>
  new Intl.DateTimeFormat(intlLocale(), { month: "short", day: "numeric", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );

function Figure(props: { id: string; title: string; value: string; hint: string; icon: JSX.Element }) {
  return (
    <div class="card stat-card" data-testid={props.id}>
      <span class="card-head">
        <span class="card-icon">{props.icon}</span>
        <span class="card-title">{props.title}</span>
      </span>
      <span class="stat-value">{props.value}</span>
      <span class="stat-hint">{props.hint}</span>
    </div>
  );
}

const num = (value: (r: Row) => number | null) => (a: Row, b: Row) => (value(a) ?? -1) - (value(b) ?? -1);

/** Per agent or per team, with the kit's table: labelled, keyboard-scrollable, sortable by any figure. */
function RowsTable(props: { id: string; title: string; rows: Row[] }) {
  const [sort, setSort] = createSignal<SortState>();
  const figure = (
    id: string,
    header: string,
    value: (r: Row) => number | null,
    show: (r: Row) => string,
  ): Column<Row> => ({
    id,
    header,
    cell: show,
    class: "num",
    headerClass: "num",
    compare: num(value),
  });
  const columns: Column<Row>[] = [
    {
      id: "name",
      header: t("inboxReports.name"),
      rowHeader: true,
      cell: (r) => r.label,
      compare: (a, b) => a.label.localeCompare(b.label),
    },
    figure(
      "conversations",
      t("inboxReports.conversations"),
      (r) => r.conversations,
      (r) => formatNumber(r.conversations),
    ),
    figure(
      "resolved",
      t("inboxReports.resolved"),
      (r) => r.resolved,
      (r) => formatNumber(r.resolved),
    ),
    figure(
      "frt",
      t("inboxReports.frtMedian"),
      (r) => r.firstResponse.median,
      (r) => duration(r.firstResponse.median),
    ),
    figure(
      "frt90",
      t("inboxReports.frtP90"),
      (r) => r.firstResponse.p90,
      (r) => duration(r.firstResponse.p90),
    ),
    figure(
      "ttr",
      t("inboxReports.ttrMedian"),
      (r) => r.resolution.median,
      (r) => duration(r.resolution.median),
    ),
    figure(
      "ttr90",
      t("inboxReports.ttrP90"),
      (r) => r.resolution.p90,
      (r) => duration(r.resolution.p90),
    ),
    figure(
      "ontime",
      t("inboxReports.onTime"),
      (r) => onTime(r),
      (r) => onTimeText(r),
    ),
    figure(
      "csat",
      t("inboxReports.csat"),
      (r) => r.csat.average,
      (r) => satisfaction(r.csat),
    ),
  ];
  return (
    <Panel id={props.id} title={props.title}>
      <DataTable
        class="report-table"
        labelledBy={props.id}
        columns={columns}
        rows={props.rows}
        rowKey={(r) => r.id ?? "none"}
        sort={sort()}
        onSort={setSort}
      />
    </Panel>
  );
}

/**
 * The managers' inbox report: the range and channel live in the URL (shareable, back button works),
 * figures as cards, per-day and per-channel volume as bar charts with their tables for screen readers,
 * per agent and per team as tables, and the same rows as a CSV download.
 */
export function InboxReportsPage() {
  useTitle(t("inboxReports.title"));
  const [params, setParams] = useSearchParams<{ from?: string; to?: string; channel?: string }>();
  const query = () => ({
    ...(params.from ? { from: params.from } : {}),
    ...(params.to ? { to: params.to } : {}),
    ...(params.channel ? { channel: params.channel as Channel } : {}),
  });
  const [report, { refetch: refetchReport }] = createResource(query, (q) =>
    send(endpoint.$get({ query: q })).then((r) => r.json()),
  );
  // Reply SLA right now (not the range): who waits, what is overdue, what falls due within the hour.
  const [now, { refetch: refetchNow }] = createResource(() =>
    send(client.api.v1.inbox["reply-stats"].$get({ query: {} })).then((r) => r.json()),
  );
  const refetch = () => {
    void refetchReport();
    void refetchNow();
  };
  const exportHref = () => {
    const url = endpoint["export.csv"].$url({ query: query() });
    return url.pathname + url.search;
  };
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? "") || undefined;
    setParams({ from: value("from"), to: value("to"), channel: value("channel") });
  };

  return (
    <div class="page">
      <PageHeader
        title={t("inboxReports.title")}
        sub={t("inboxReports.sub")}
        onRefresh={refetch}
        refreshing={report.loading}
        actions={
          <a class="btn btn-secondary" href={exportHref()} download="">
            <DownloadIcon />
            {t("inboxReports.export")}
          </a>
        }
      />
      <Show when={now()}>
        {(s) => (
          <section class="card-grid kpi-grid" aria-label={t("inboxReports.now")}>
            <Figure
              id="reply-waiting"
              title={t("inboxReports.nowWaiting")}
              value={formatNumber(s().awaitingReply)}
              hint={t("inboxReports.nowWaitingHint")}
              icon={<InboxIcon />}
            />
            <Figure
              id="reply-overdue"
              title={t("inboxReports.nowOverdue")}
              value={formatNumber(s().overdue)}
              hint={t("inboxReports.nowOverdueHint")}
              icon={<ClockIcon />}
            />
            <Figure
              id="reply-due-soon"
              title={t("inboxReports.nowDueSoon")}
              value={formatNumber(s().dueWithinHour)}
              hint={t("inboxReports.nowDueSoonHint")}
              icon={<ClockIcon />}
            />
            <Figure
              id="reply-missed"
              title={t("inboxReports.nowMissed")}
              value={formatNumber(s().breachedSince)}
              hint={t("inboxReports.nowMissedHint")}
              icon={<ClockIcon />}
            />
          </section>
        )}
      </Show>
      <form class="panel filter-bar" aria-label={t("inboxReports.filters")} onSubmit={apply}>
        <div class="field">
          <label for="report-from">{t("inboxReports.from")}</label>
          <DateInput id="report-from" name="from" kind="date" value={report()?.from ?? params.from} />
        </div>
        <div class="field">
          <label for="report-to">{t("inboxReports.to")}</label>
          <DateInput id="report-to" name="to" kind="date" value={report()?.to ?? params.to} />
        </div>
        <div class="field">
          <label for="report-channel">{t("inboxReports.channel")}</label>
          <select id="report-channel" name="channel" value={params.channel ?? ""}>
            <option value="">{t("inboxReports.anyChannel")}</option>
            <For each={channels}>{(c) => <option value={c}>{t(`inboxReports.channels.${c}`)}</option>}</For>
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            {t("inboxReports.apply")}
          </button>
        </div>
      </form>
      <Show
        when={!report.error}
        fallback={
          <ErrorState title={t("inboxReports.loadFailed")} detail={errorMessage(report.error)} onRetry={refetch} />
        }
      >
        <Show when={report()} fallback={<Skeleton class="sk-row" />}>
          {(r) => (
            <Show
              when={r().totals.conversations > 0 || r().totals.resolved > 0}
              fallback={
                <EmptyState icon={<InboxIcon />} title={t("inboxReports.empty")}>
                  {t("inboxReports.emptyBody")}
                </EmptyState>
              }
            >
              <div class="card-grid kpi-grid">
                <Figure
                  id="report-conversations"
                  title={t("inboxReports.conversations")}
                  value={formatNumber(r().totals.conversations)}
                  hint={t("inboxReports.conversationsHint")}
                  icon={<InboxIcon />}
                />
                <Figure
                  id="report-first-response"
                  title={t("inboxReports.firstResponse")}
                  value={duration(r().totals.firstResponse.median)}
                  hint={t("inboxReports.firstResponseHint", { p90: duration(r().totals.firstResponse.p90) })}
                  icon={<ClockIcon />}
                />
                <Figure
                  id="report-resolution"
                  title={t("inboxReports.resolution")}
                  value={duration(r().totals.resolution.median)}
                  hint={t("inboxReports.resolutionHint", { p90: duration(r().totals.resolution.p90) })}
                  icon={<ClockIcon />}
                />
                <Figure
                  id="report-on-time"
                  title={t("inboxReports.onTime")}
                  value={onTimeText(r().totals)}
                  hint={t("inboxReports.onTimeHint", { late: formatNumber(r().totals.late) })}
                  icon={<ClockIcon />}
                />
                <Figure
                  id="report-csat"
                  title={t("inboxReports.csat")}
                  value={satisfaction(r().totals.csat)}
                  hint={t("inboxReports.csatHint")}
                  icon={<InboxIcon />}
                />
                <Figure
                  id="report-awaiting"
                  title={t("inboxReports.awaiting")}
                  value={formatNumber(r().totals.awaitingFirstResponse)}
                  hint={t("inboxReports.awaitingHint")}
                  icon={<InboxIcon />}
                />
              </div>
              <div class="dash-grid">
                <Panel id="report-by-day" title={t("inboxReports.byDay")}>
                  <BarChart
                    id="report-day-chart"
                    title={t("inboxReports.byDay")}
                    caption={t("inboxReports.byDayCaption")}
                    unit={t("inboxReports.unit")}
                    empty={t("inboxReports.emptyChart")}
                    bars={r().days.map((d) => ({ key: d.date, label: shortDay(d.date), count: d.conversations }))}
                  />
                </Panel>
                <Panel id="report-by-channel" title={t("inboxReports.byChannel")}>
                  <BarChart
                    id="report-channel-chart"
                    title={t("inboxReports.byChannel")}
                    caption={t("inboxReports.byChannelCaption")}
                    unit={t("inboxReports.unit")}
                    empty={t("inboxReports.emptyChart")}
                    tone="team"
                    bars={r().byChannel.map((c) => ({
                      key: c.channel,
                      label: t(`inboxReports.channels.${c.channel}`),
                      count: c.conversations,
                    }))}
                  />
                </Panel>
              </div>
              <RowsTable id="report-agents" title={t("inboxReports.byAgent")} rows={r().byAgent} />
              <RowsTable id="report-teams" title={t("inboxReports.byTeam")} rows={r().byTeam} />
            </Show>
          )}
        </Show>
      </Show>
    </div>
  );
}
