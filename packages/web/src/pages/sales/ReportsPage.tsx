import "./sales.css";
import { createSignal, For, Show } from "solid-js";
import { BarChart } from "../../components/charts/BarChart";
import { PageHeader } from "../../components/kit/PageHeader";
import { fractionDigits } from "../../components/timecost/money";
import { ErrorState, Panel } from "../../components/ui";
import { formatPercent, useTitle } from "../../format";
import { intlLocale, t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { money, salesApi } from "./api";
import { SalesNav } from "./SalesNav";

const monthName = (month: string) =>
  new Intl.DateTimeFormat(intlLocale(), { month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

/** Bars count whole units of the currency (charts read better without the minor digits). */
const major = (minor: number, currency: string) => Math.round(minor / 10 ** fractionDigits(currency));

/** The weighted forecast by month of expected close and the pipeline by stage, with win rate and lost reasons. */
export function ReportsPage() {
  useTitle(t("sales.reports.title"));
  const [months, setMonths] = createSignal("6");
  const forecast = createLoad(() => salesApi.forecast({ months: months() }), { key: months, keepOnError: true });
  const report = createLoad(() => salesApi.report({}), { keepOnError: true });
  const rate = (r: number | null | undefined) =>
    r === null || r === undefined ? t("sales.reports.none") : formatPercent(r);
  return (
    <div class="page sales-page">
      <PageHeader
        title={t("sales.reports.title")}
        sub={t("sales.reports.sub")}
        refreshedAt={forecast.refreshedAt()}
        onRefresh={() => {
          void forecast.refresh();
          void report.refresh();
        }}
        refreshing={forecast.loading() || report.loading()}
      />
      <SalesNav />
      <Show when={forecast.error() && !forecast.data()}>
        <ErrorState
          title={t("sales.reports.title")}
          detail={forecast.error() ?? ""}
          onRetry={() => void forecast.refresh()}
        />
      </Show>
      <div class="sales-reports">
        <Panel
          id="forecast-title"
          title={t("sales.reports.forecast")}
          actions={
            <label class="sales-months">
              <span>{t("sales.reports.months")}</span>
              <select value={months()} onChange={(e) => setMonths(e.currentTarget.value)}>
                <For each={["3", "6", "12"]}>{(m) => <option value={m}>{m}</option>}</For>
              </select>
            </label>
          }
        >
          <Show when={forecast.data()}>
            {(f) => (
              <>
                <BarChart
                  id="forecast-chart"
                  title={t("sales.reports.forecast")}
                  caption={t("sales.reports.forecastCaption", { currency: f().currency })}
                  unit={f().currency}
                  bars={f().months.map((m) => ({
                    key: m.month,
                    label: monthName(m.month),
                    count: major(m.weightedMinor, f().currency),
                  }))}
                  empty={t("sales.reports.emptyForecast")}
                />
                <Show when={f().undated.count > 0}>
                  <p class="muted">
                    {t("sales.reports.undated", {
                      count: f().undated.count,
                      value: money(f().undated.valueMinor, f().currency),
                    })}
                  </p>
                </Show>
              </>
            )}
          </Show>
        </Panel>
        <Panel id="stages-title" title={t("sales.reports.byStage")}>
          <Show when={report.data()}>
            {(r) => (
              <>
                <BarChart
                  id="stages-chart"
                  title={t("sales.reports.byStage")}
                  unit={t("sales.reports.leads")}
                  bars={r().stages.map((s) => ({ key: s.stageId, label: s.name, count: s.count }))}
                  empty={t("sales.reports.emptyStages")}
                />
                <BarChart
                  id="stage-value-chart"
                  title={t("sales.reports.byStageValue", { currency: r().currency })}
                  unit={r().currency}
                  tone="team"
                  bars={r().stages.map((s) => ({
                    key: s.stageId,
                    label: s.name,
                    count: major(s.valueMinor, r().currency),
                  }))}
                  empty={t("sales.reports.emptyStages")}
                />
                <dl class="sales-facts sales-rates">
                  <dt>{t("sales.reports.won")}</dt>
                  <dd>
                    {r().won.count} · {money(r().won.valueMinor, r().currency)}
                  </dd>
                  <dt>{t("sales.reports.lost")}</dt>
                  <dd>
                    {r().lost.count} · {money(r().lost.valueMinor, r().currency)}
                  </dd>
                  <dt>{t("sales.reports.winRate")}</dt>
                  <dd>{rate(r().winRate)}</dd>
                  <dt>{t("sales.reports.conversion")}</dt>
                  <dd>{rate(r().conversionRate)}</dd>
                </dl>
                <h3 class="sales-subhead">{t("sales.reports.lostReasons")}</h3>
                <Show when={r().lostReasons.length > 0} fallback={<p class="muted">{t("sales.reports.noReasons")}</p>}>
                  <ul class="sales-reasons">
                    <For each={r().lostReasons}>
                      {(x) => (
                        <li>
                          {x.reason} <span class="muted">({x.count})</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </>
            )}
          </Show>
        </Panel>
      </div>
    </div>
  );
}
