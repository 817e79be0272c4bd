import { For, Show } from "solid-js";
import { formatNumber } from "../../format";
import { t } from "../../i18n";

export interface Bar {
  key: string;
  label: string;
  count: number;
}

/**
 * Horizontal bars, one row each: the label, a bar scaled to the largest value, and the number. The
 * drawing is one `role="img"` with every number in its label; a visually hidden table carries the
 * same figures for screen readers (no links in it: a hidden focus stop would confuse keyboard users). Tone picks the bar colour class (`bar-<tone>`).
 */
export function BarChart(props: {
  id: string;
  /** The chart's full name: the accessible label starts with it. */
  title: string;
  /** A shorter visible caption when the surrounding panel already names the chart. */
  caption?: string;
  /** "tickets": the unit read out after each number. */
  unit: string;
  bars: Bar[];
  tone?: string;
  empty: string;
}) {
  const max = () => Math.max(1, ...props.bars.map((b) => b.count));
  const total = () => props.bars.reduce((sum, b) => sum + b.count, 0);
  const summary = () =>
    t("dashboard.chart.summary", {
      title: props.title,
      values: props.bars.map((b) => `${b.label} ${formatNumber(b.count)}`).join(", "),
    });
  return (
    <figure class="chart dash-chart" aria-labelledby={`${props.id}-title`}>
      <figcaption class="chart-caption">
        <span class="chart-title" id={`${props.id}-title`}>
          <Show when={props.caption} fallback={props.title}>
            <span aria-hidden="true">{props.caption}</span>
            <span class="sr-only">{props.title}</span>
          </Show>
        </span>
        <span class="legend-pct">
          {formatNumber(total())} {props.unit}
        </span>
      </figcaption>
      <Show when={total() > 0} fallback={<p class="dash-chart-empty">{props.empty}</p>}>
        <div class="bar-rows" role="img" aria-label={summary()}>
          <For each={props.bars}>
            {(bar) => (
              <div class="bar-row">
                <span class="bar-label" title={bar.label}>
                  {bar.label}
                </span>
                <svg class="bar-svg" width="100%" height="14" aria-hidden="true">
                  <rect class="chart-track" x="0" y="0" width="100%" height="14" rx="4" />
                  <Show when={bar.count > 0}>
                    <rect
                      class={`bar-fill bar-${props.tone ?? "primary"}`}
                      x="0"
                      y="0"
                      width={`${Math.max(1, (bar.count / max()) * 100)}%`}
                      height="14"
                      rx="4"
                    />
                  </Show>
                </svg>
                <span class="bar-count">{formatNumber(bar.count)}</span>
              </div>
            )}
          </For>
        </div>
        <table class="sr-only">
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.chart.group")}</th>
              <th scope="col">{props.unit}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.bars}>
              {(bar) => (
                <tr>
                  <th scope="row">{bar.label}</th>
                  <td>{formatNumber(bar.count)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </figure>
  );
}
