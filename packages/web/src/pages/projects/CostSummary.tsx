import { Show } from "solid-js";
import { BarChart } from "../../components/charts/BarChart";
import { t } from "../../i18n";
import type { Costs } from "./api";

function money(minor: number, currency: string) {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** Planned effort beside what was spent: labour, expenses and materials from the project's work orders. */
export function CostSummary(props: { costs: Costs }) {
  const summary = () =>
    props.costs.summary as {
      totals?: {
        currency: string;
        labourCostMinor: number;
        expensesMinor: number;
        materialsMinor: number;
        totalCostMinor: number;
      }[];
      labour?: { minutes: number };
    };
  const total = () => summary().totals?.[0];
  return (
    <div class="project-costs">
      <dl class="project-facts">
        <div>
          <dt>{t("projects.costs.planned")}</dt>
          <dd>{t("projects.costs.hours", { hours: props.costs.plannedEffortHours })}</dd>
        </div>
        <div>
          <dt>{t("projects.costs.workOrders")}</dt>
          <dd>{props.costs.workOrders}</dd>
        </div>
        <Show when={total()}>
          {(x) => (
            <div>
              <dt>{t("projects.costs.total")}</dt>
              <dd>{money(x().totalCostMinor, x().currency)}</dd>
            </div>
          )}
        </Show>
      </dl>
      <Show when={total()} fallback={<p class="muted">{t("projects.costs.none")}</p>}>
        {(x) => (
          <BarChart
            id="project-costs-chart"
            title={t("projects.costs.chart")}
            unit={x().currency}
            empty={t("projects.costs.none")}
            bars={[
              { key: "labour", label: t("projects.costs.labour"), count: x().labourCostMinor / 100 },
              { key: "expenses", label: t("projects.costs.expenses"), count: x().expensesMinor / 100 },
              { key: "materials", label: t("projects.costs.materials"), count: x().materialsMinor / 100 },
            ]}
          />
        )}
      </Show>
    </div>
  );
}
