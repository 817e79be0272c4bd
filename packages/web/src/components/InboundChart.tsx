import { createMemo, For, Show } from "solid-js";
import type { InboundEvent } from "../api";
import { absoluteTime } from "../format";

const SLOTS = 20;
const slot = 100 / SLOTS;

const statuses = [
  { key: "processed", label: "Processed" },
  { key: "failed", label: "Failed" },
] as const;

/**
 * How the recent webhooks went, at a glance: one bar split by status, and a strip with one tick
 * per event (oldest to newest) so a run of failures stands out. Plain SVG; the legend has the numbers.
 */
export function InboundChart(props: { events: InboundEvent[] }) {
  const total = () => props.events.length;
  const counts = createMemo(() =>
    statuses.map((s) => ({ ...s, count: props.events.filter((e) => e.status === s.key).length })),
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
    `Recent inbound events by status: ${counts()
      .map((c) => `${c.count} ${c.label.toLowerCase()}`)
      .join(", ")}`;

  return (
    <figure class="chart">
      <figcaption class="chart-caption">
        <span class="chart-title">Outcome of the last {total()} webhooks</span>
        <span class="chart-legend">
          <For each={counts()}>
            {(c) => (
              <span class="legend-item">
                <span class={`legend-swatch fill-${c.key}`} aria-hidden="true" />
                {c.label} <strong>{c.count}</strong>
                <Show when={total() > 0}>
                  <span class="legend-pct">{Math.round((c.count / total()) * 100)}%</span>
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
                {event ? `${event.messageId}: ${event.status} at ${absoluteTime(event.processedAt)}` : "No event yet"}
              </title>
            </rect>
          )}
        </For>
      </svg>
      <div class="chart-axis" aria-hidden="true">
        <span>{SLOTS} events ago</span>
        <span>Latest</span>
      </div>
    </figure>
  );
}
