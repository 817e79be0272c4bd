import { createMemo, createSignal, For, Show } from "solid-js";
import { formatDate } from "../../format";
import { t } from "../../i18n";
import { dateOf, dayOf, type ProjectDetail, type ProjectTask } from "./api";

const DAY_W = 28;
const ROW_H = 32;
const LABEL_W = 190;
export const show = (date: string) => formatDate(`${date}T12:00:00Z`);

/**
 * The Gantt as SVG: a bar per task from its start to its end, arrows for the dependencies, the critical
 * path in red. A bar is dragged (pointer) or moved a day at a time with the arrow keys once focused; the
 * server reschedules its dependants and the chart redraws from the answer.
 */
export function Gantt(props: { detail: ProjectDetail; onMove: (task: ProjectTask, start: string) => void }) {
  const first = () => dayOf(props.detail.project.startAt);
  const last = () => Math.max(dayOf(props.detail.plannedEnd), dayOf(props.detail.project.dueAt) + 1);
  const days = () => Math.max(1, last() - first());
  const width = () => LABEL_W + days() * DAY_W + 8;
  const height = () => 28 + props.detail.tasks.length * ROW_H;
  const row = createMemo(() => new Map(props.detail.tasks.map((task, i) => [task.id, i])));
  const x = (date: string) => LABEL_W + (dayOf(date) - first()) * DAY_W;
  const [drag, setDrag] = createSignal<{ id: string; from: number; delta: number }>();
  const bar = (task: ProjectTask) => ({
    x: x(task.startAt) + (drag()?.id === task.id ? (drag()?.delta ?? 0) * DAY_W : 0),
    w: Math.max(6, task.durationDays * DAY_W),
    y: 28 + (row().get(task.id) ?? 0) * ROW_H + 6,
  });
  const arrow = (d: ProjectDetail["dependencies"][number]) => {
    const a = props.detail.tasks.find((task) => task.id === d.predecessorId);
    const b = props.detail.tasks.find((task) => task.id === d.successorId);
    if (!a || !b) return "";
    const pa = bar(a);
    const pb = bar(b);
    const fromX = d.type === "fs" || d.type === "ff" ? pa.x + pa.w : pa.x;
    const toX = d.type === "fs" || d.type === "ss" ? pb.x : pb.x + pb.w;
    const fromY = pa.y + 9;
    const toY = pb.y + 9;
    const bend = Math.max(fromX, toX) + 8;
    return d.type === "fs" || d.type === "ss"
      ? `M${fromX} ${fromY} H${Math.min(fromX + 8, toX - 4)} V${toY} H${toX - 1}`
      : `M${fromX} ${fromY} H${bend} V${toY} H${toX + 1}`;
  };
  const finish = (task: ProjectTask) => {
    const d = drag();
    setDrag(undefined);
    if (d && d.id === task.id && d.delta !== 0) props.onMove(task, dateOf(dayOf(task.startAt) + d.delta));
  };
  const label = (task: ProjectTask) =>
    `${task.title}: ${show(task.startAt)} – ${show(dateOf(dayOf(task.endAt) - (task.durationDays > 0 ? 1 : 0)))}${
      task.critical ? `, ${t("projects.detail.critical")}` : `, ${t("projects.detail.slack", { days: task.slackDays })}`
    }`;
  return (
    <div class="gantt-scroll">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; the group names the chart's bars. */}
      <svg
        class="gantt"
        width={width()}
        height={height()}
        viewBox={`0 0 ${width()} ${height()}`}
        role="group"
        aria-label={t("projects.tabs.gantt")}
      >
        <defs>
          <marker id="gantt-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M0 0 L8 4 L0 8 z" class="gantt-arrowhead" />
          </marker>
        </defs>
        <For each={Array.from({ length: days() }, (_, i) => i)}>
          {(i) => (
            <g>
              <line class="gantt-grid" x1={LABEL_W + i * DAY_W} x2={LABEL_W + i * DAY_W} y1={20} y2={height()} />
              <Show when={i % 2 === 0}>
                <text class="gantt-day" x={LABEL_W + i * DAY_W + 2} y={14}>
                  {dateOf(first() + i).slice(5)}
                </text>
              </Show>
            </g>
          )}
        </For>
        <For each={props.detail.dependencies}>
          {(d) => <path class="gantt-link" d={arrow(d)} marker-end="url(#gantt-arrow)" />}
        </For>
        <For each={props.detail.tasks}>
          {(task) => (
            <g>
              <text class="gantt-label" x={4} y={bar(task).y + 13}>
                {task.title.length > 26 ? `${task.title.slice(0, 25)}…` : task.title}
              </text>
              {/* biome-ignore lint/a11y/useSemanticElements: an SVG bar cannot be a <button>; it has the role and keys of one. */}
              <rect
                role="button"
                tabindex="0"
                aria-label={label(task)}
                data-task={task.key ?? task.id}
                class={`gantt-bar${task.critical ? " gantt-critical" : ""}${task.status === "done" ? " gantt-done" : ""}`}
                x={bar(task).x}
                y={bar(task).y}
                width={bar(task).w}
                height={18}
                rx={3}
                onPointerDown={(e) => {
                  e.currentTarget.setPointerCapture(e.pointerId);
                  setDrag({ id: task.id, from: e.clientX, delta: 0 });
                }}
                onPointerMove={(e) => {
                  const d = drag();
                  if (d?.id === task.id) setDrag({ ...d, delta: Math.round((e.clientX - d.from) / DAY_W) });
                }}
                onPointerUp={() => finish(task)}
                onPointerCancel={() => setDrag(undefined)}
                onKeyDown={(e) => {
                  if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
                  e.preventDefault();
                  props.onMove(task, dateOf(dayOf(task.startAt) + (e.key === "ArrowRight" ? 1 : -1)));
                }}
              />
            </g>
          )}
        </For>
      </svg>
    </div>
  );
}
