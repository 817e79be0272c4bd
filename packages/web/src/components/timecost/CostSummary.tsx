import { createResource, For, Show } from "solid-js";
import { client, errorMessage, read } from "../../api";
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import { BarChart } from "../charts/BarChart";
import { ErrorAlert } from "../kit/Alert";
import { Panel } from "../ui";
import { formatMoney } from "./money";

/**
 * A work order's cost summary, for any page to mount (the work-order detail page does): labour at cost
 * and billed, approved expenses and materials, one row per currency (never summed across currencies),
 * with a bar chart of the kinds in the first currency. Reads `operations:work_order:read`; needs the
 * `expenses` words area loaded by the page that mounts it.
 */
export function CostSummary(props: { workOrderId: string; id?: string }) {
  const [summary] = createResource(
    () => props.workOrderId,
    async (id) => read(client.api.v1.timecost["work-orders"][":id"].summary.$get({ param: { id }, query: {} })),
  );
  const panelId = () => props.id ?? "cost-summary";
  return (
    <Panel id={panelId()} title={t("expenses.summary.title")}>
      <ErrorAlert
        message={summary.error ? `${t("expenses.summary.loadFailed")}: ${errorMessage(summary.error)}` : undefined}
      />
      <Show when={summary()}>
        {(s) => (
          <div class="cost-summary">
            <p class="muted">
              {t("expenses.summary.minutes", {
                minutes: formatNumber(s().labour.minutes),
                count: formatNumber(s().labour.worklogs),
              })}
            </p>
            <Show when={s().labour.unratedMinutes > 0}>
              <p class="muted">{t("expenses.summary.unrated", { minutes: formatNumber(s().labour.unratedMinutes) })}</p>
            </Show>
            <Show when={s().totals.length > 0} fallback={<p class="muted">{t("expenses.summary.empty")}</p>}>
              <table class="table cost-summary-table">
                <caption class="sr-only">{t("expenses.summary.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("expenses.currency")}</th>
                    <th scope="col">{t("expenses.summary.labour")}</th>
                    <th scope="col">{t("expenses.summary.expenses")}</th>
                    <th scope="col">{t("expenses.summary.materials")}</th>
                    <th scope="col">{t("expenses.summary.total")}</th>
                    <th scope="col">{t("expenses.summary.billed")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={s().totals}>
                    {(row) => (
                      <tr>
                        <th scope="row">{row.currency}</th>
                        <td>{formatMoney(row.labourCostMinor, row.currency)}</td>
                        <td>{formatMoney(row.expensesMinor, row.currency)}</td>
                        <td>{formatMoney(row.materialsMinor, row.currency)}</td>
                        <td>
                          <strong>{formatMoney(row.totalCostMinor, row.currency)}</strong>
                        </td>
                        <td>{formatMoney(row.labourBilledMinor, row.currency)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <Show when={s().totals[0]}>
                {(first) => (
                  <BarChart
                    id={`${panelId()}-chart`}
                    title={t("expenses.summary.chart", { currency: first().currency })}
                    unit={t("expenses.summary.unit")}
                    empty={t("expenses.summary.empty")}
                    bars={[
                      { key: "labour", label: t("expenses.summary.labour"), count: first().labourCostMinor },
                      { key: "expenses", label: t("expenses.summary.expenses"), count: first().expensesMinor },
                      { key: "materials", label: t("expenses.summary.materials"), count: first().materialsMinor },
                    ]}
                  />
                )}
              </Show>
            </Show>
            <Show when={!s().materials.included}>
              <p class="muted">{t("expenses.summary.materialsMissing")}</p>
            </Show>
          </div>
        )}
      </Show>
    </Panel>
  );
}
