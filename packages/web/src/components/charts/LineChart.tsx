import { createMemo, For, type JSX, Show } from "solid-js";

export interface LinePoint {
  key: string;
  /** The axis label (a short date). */
  label: string;
  /** 0–100; null where there is nothing to measure (the line breaks there). */
  value: number | null;
  /** What the point's tooltip says. */
  title: string;
}

const HEIGHT = 160;
/** Kept clear at each end so the first and last points are not clipped. */
const PAD = 2;

/**
 * A percentage over time as a line with its points, gridlines at 0, 50 and 100 %. Plain SVG in
 * percentage units, so it stretches to any width without distorting text or dots; the axis labels
 * are HTML. The drawing is one `role="img"` labelled with `summary`; `table` is the accessible
 * alternative, rendered visually hidden by the caller's markup.
 */
export function LineChart(props: {
  id: string;
  title: string;
  summary: string;
  points: LinePoint[];
  aside?: JSX.Element;
  table: JSX.Element;
}) {
  const x = (i: number) => PAD + (i / Math.max(1, props.points.length - 1)) * (100 - 2 * PAD);
  const y = (value: number) => 6 + (1 - value / 100) * 88;
  const segments = createMemo(() => {
    const lines: { x1: number; y1: number; x2: number; y2: number }[] = [];
    props.points.forEach((p, i) => {
      const next = props.points[i + 1];
      if (p.value !== null && next && next.value !== null) {
        lines.push({ x1: x(i), y1: y(p.value), x2: x(i + 1), y2: y(next.value) });
      }
    });
    return lines;
  });
  const axis = createMemo(() => {
    const n = props.points.length;
    return [props.points[0], props.points[Math.floor((n - 1) / 2)], props.points[n - 1]].filter(
      (p): p is LinePoint => p !== undefined,
    );
  });
  return (
    <figure class="chart dash-chart" aria-labelledby={`${props.id}-title`}>
      <figcaption class="chart-caption">
        <span class="chart-title" id={`${props.id}-title`}>
          {props.title}
        </span>
        {props.aside}
      </figcaption>
      <div class="line-chart">
        <div class="line-y" aria-hidden="true">
          <span>100%</span>
          <span>50%</span>
          <span>0%</span>
        </div>
        <svg class="line-svg" width="100%" height={HEIGHT} role="img" aria-label={props.summary}>
          <For each={[0, 50, 100]}>
            {(v) => <line class="line-grid" x1="0" x2="100%" y1={`${y(v)}%`} y2={`${y(v)}%`} />}
          </For>
          <For each={segments()}>
            {(s) => <line class="line-path" x1={`${s.x1}%`} y1={`${s.y1}%`} x2={`${s.x2}%`} y2={`${s.y2}%`} />}
          </For>
          <For each={props.points}>
            {(p, i) => (
              <Show when={p.value !== null}>
                <circle
                  class={(p.value ?? 0) < 100 ? "line-dot line-dot-miss" : "line-dot"}
                  cx={`${x(i())}%`}
                  cy={`${y(p.value ?? 0)}%`}
                  r="3.5"
                >
                  <title>{p.title}</title>
                </circle>
              </Show>
            )}
          </For>
        </svg>
      </div>
      <div class="chart-axis line-axis" aria-hidden="true">
        <For each={axis()}>{(p) => <span>{p.label}</span>}</For>
      </div>
      {props.table}
    </figure>
  );
}
