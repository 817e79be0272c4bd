import { createMemo, For, Show } from "solid-js";
import { LineChart, type LinePoint } from "../../../components/charts/LineChart";
import { CheckCircleIcon } from "../../../components/icons";
import { EmptyState, Panel } from "../../../components/ui";
import { formatNumber, formatPercent } from "../../../format";
import { t } from "../../../i18n";
import { type Compliance, DAYS, percent, shortDay } from "./shared";

const pct = (value: number) => formatPercent(value / 100);

/** How many tickets met their resolution target each day, as a line with its table alternative. */
export function ComplianceSection(props: { compliance: Compliance }) {
  const days = () => props.compliance.days;
  const totals = createMemo(() =>
    days().reduce((sum, d) => ({ met: sum.met + d.met, breached: sum.breached + d.breached }), { met: 0, breached: 0 }),
  );
  const overall = () => percent(totals().met, totals().breached) ?? 0;
  const points = createMemo<LinePoint[]>(() =>
    days().map((d) => {
      const value = percent(d.met, d.breached);
      const day = shortDay(d.date);
      return {
        key: d.date,
        label: day,
        value,
        title:
          value === null
            ? t("dashboard.compliance.nothingResolved", { day })
            : t("dashboard.compliance.point", {
                day,
                percent: pct(value),
                met: formatNumber(d.met),
                breached: formatNumber(d.breached),
              }),
      };
    }),
  );
  const summary = () => {
    const measured = points().filter((p) => p.value !== null);
    if (measured.length === 0) return t("dashboard.compliance.summaryNone", { days: formatNumber(DAYS) });
    const worst = measured.reduce((a, b) => ((b.value ?? 100) < (a.value ?? 100) ? b : a));
    return t("dashboard.compliance.summary", {
      days: formatNumber(DAYS),
      overall: pct(overall()),
      met: formatNumber(totals().met),
      breached: formatNumber(totals().breached),
      measured: t("count.day", measured.length),
      lowest: pct(worst.value ?? 0),
      day: worst.label,
    });
  };
  return (
    <Panel
      id="compliance-title"
      title={t("dashboard.compliance.title")}
      sub={t("dashboard.compliance.sub", { days: formatNumber(DAYS) })}
    >
      <Show
        when={totals().met + totals().breached > 0}
        fallback={
          <EmptyState icon={<CheckCircleIcon />} title={t("dashboard.compliance.empty", { days: formatNumber(DAYS) })}>
            {t("dashboard.compliance.emptyBody")}
          </EmptyState>
        }
      >
        <LineChart
          id="compliance-chart"
          title={t("dashboard.compliance.chart")}
          summary={summary()}
          points={points()}
          aside={
            <span class="chart-legend">
              <span class="legend-item">
                {t("dashboard.compliance.overall")} <strong data-testid="compliance-overall">{pct(overall())}</strong>
              </span>
              <span class="legend-item">
                <span class="legend-swatch fill-processed" aria-hidden="true" />
                {t("dashboard.compliance.met")} <strong>{formatNumber(totals().met)}</strong>
              </span>
              <span class="legend-item">
                <span class="legend-swatch fill-failed" aria-hidden="true" />
                {t("dashboard.compliance.breached")} <strong>{formatNumber(totals().breached)}</strong>
              </span>
            </span>
          }
          table={
            <table class="sr-only">
              <caption>{t("dashboard.compliance.table")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("dashboard.compliance.day")}</th>
                  <th scope="col">{t("dashboard.compliance.met")}</th>
                  <th scope="col">{t("dashboard.compliance.breached")}</th>
                  <th scope="col">{t("dashboard.compliance.rate")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={days()}>
                  {(d) => (
                    <tr>
                      <th scope="row">{shortDay(d.date)}</th>
                      <td>{formatNumber(d.met)}</td>
                      <td>{formatNumber(d.breached)}</td>
                      <td>
                        {percent(d.met, d.breached) === null ? t("kit.none") : pct(percent(d.met, d.breached) ?? 0)}
                      </td>
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
