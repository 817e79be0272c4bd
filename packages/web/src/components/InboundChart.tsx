import { createMemo, For, Show } from "solid-js";
import type { InboundEvent } from "../api";
import { absoluteTime, formatNumber, formatPercent } from "../format";
import { intlLocale, t } from "../i18n";

const SLOTS = 20;
const slot = 100 / SLOTS;

const statuses = ["processed", "failed"] as const;

/**
 * How the recent webhooks went, at a glance: one bar split by status, and a strip with one tick
 * per event (oldest to newest) so a run of failures stands out. Plain SVG; the legend has the numbers.
 */
export function InboundChart(props: { events: InboundEvent[] }) {
  const total = () => props.events.length;
  const counts = createMemo(() =>
    statuses.map((key) => ({
      key,
      label: t(`status.eventStatus.${key}`),
      count: props.events.filter((e) => e.status === key).length,
    })),
  );
  const segments = createMemo(() => {
    let x = 0;
    return counts()
      .filter((c) => c.count > 0)
      .map((c) => {
        const width = (c.count / Math.max(1, total())) * 100;
        const segment = { ...c, x, width };
        x += width;
        return segment;
      });
  });
  // Always SLOTS ticks wide, newest on the right, so the strip reads the same at 2 events or 20.
  const ticks = createMemo(() => {
    const recent = props.events.slice(0, SLOTS).reverse();
    return [...Array<undefined>(SLOTS - recent.length).fill(undefined), ...recent];
  });
  const summary = () =>
    t("status.chart.summary", {
      counts: counts()
        .map((c) =>
          t("status.chart.count", { n: formatNumber(c.count), status: c.label.toLocaleLowerCase(intlLocale()) }),
        )
        .join(", "),
    });

  return (
    <figure class="chart">
      <figcaption class="chart-caption">
        <span class="chart-title">{t("status.chart.title", { n: formatNumber(total()) })}</span>
        <span class="chart-legend">
          <For each={counts()}>
            {(c) => (
              <span class="legend-item">
                <span class={`legend-swatch fill-${c.key}`} aria-hidden="true" />
                {c.label} <strong>{formatNumber(c.count)}</strong>
                <Show when={total() > 0}>
                  <span class="legend-pct">{formatPercent(Math.round((c.count / total()) * 100) / 100)}</span>
                </Show>
              </span>
            )}
          </For>
        </span>
      </figcaption>
      <svg class="chart-bar" width="100%" height="10" role="img" aria-label={summary()}>
        <rect class="chart-track" x="0" y="0" width="100%" height="10" />
        <For each={segments()}>
          {(s) => <rect class={`seg-${s.key}`} x={`${s.x}%`} y="0" width={`${s.width}%`} height="10" />}
        </For>
      </svg>
      <svg class="chart-strip" width="100%" height="24" aria-hidden="true">
        <For each={ticks()}>
          {(event, i) => (
            <rect
              class={event ? `seg-${event.status}` : "tick-empty"}
              x={`${i() * slot + 0.25}%`}
              y="0"
              width={`${slot - 0.5}%`}
              height="24"
              rx="3"
            >
              <title>
                {event
                  ? t("status.chart.tick", {
                      id: event.messageId,
                      status: t(`status.eventStatus.${event.status}`),
                      when: absoluteTime(event.processedAt),
                    })
                  : t("status.chart.noEvent")}
              </title>
            </rect>
          )}
        </For>
      </svg>
      <div class="chart-axis" aria-hidden="true">
        <span>{t("status.chart.ago", { n: formatNumber(SLOTS) })}</span>
        <span>{t("status.chart.latest")}</span>
      </div>
    </figure>
  );
}
