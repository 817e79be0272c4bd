import { createMemo, For, Show } from "solid-js";
import { LineChart, type LinePoint } from "../../../components/charts/LineChart";
import { CheckCircleIcon } from "../../../components/icons";
import { EmptyState, Panel } from "../../../components/ui";
import { t } from "../../../i18n";
import { type Compliance, DAYS, percent, shortDay } from "./shared";

export function ComplianceSection(props: { compliance: Compliance }) {
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
