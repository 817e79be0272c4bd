import { A, useParams } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { BarChart } from "../../components/charts/BarChart";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, ErrorState, Panel, Spinner } from "../../components/ui";
import { formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import {
  type Costs,
  dateOf,
  dayOf,
  type ProjectDetail,
  type ProjectTask,
  projectsApi,
  type TaskStatus,
  tasksCsvHref,
} from "./api";
import { statusTone } from "./ProjectsPage";

const DAY_W = 28;
const ROW_H = 32;
const LABEL_W = 190;
const taskStatuses: TaskStatus[] = ["backlog", "todo", "in_progress", "blocked", "done", "canceled"];
const show = (date: string) => formatDate(`${date}T12:00:00Z`);

/**
 * The Gantt as SVG: a bar per task from its start to its end, arrows for the dependencies, the critical
 * path in red. A bar is dragged (pointer) or moved a day at a time with the arrow keys once focused; the
 * server reschedules its dependants and the chart redraws from the answer.
 */
function Gantt(props: { detail: ProjectDetail; onMove: (task: ProjectTask, start: string) => void }) {
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

/** Columns by status: drag a card between them, or use the card's status menu (the keyboard way). */
function Board(props: {
  tasks: ProjectTask[];
  onStatus: (task: ProjectTask, status: TaskStatus) => void;
  onSelect: (task: ProjectTask) => void;
}) {
  const [over, setOver] = createSignal<TaskStatus>();
  return (
    <div class="project-board">
      <For each={taskStatuses}>
        {(status) => (
          <section
            class={`project-column${over() === status ? " project-column-over" : ""}`}
            aria-label={t(`projects.task.${status}`)}
            onDragOver={(e) => {
              e.preventDefault();
              setOver(status);
            }}
            onDragLeave={() => setOver(undefined)}
            onDrop={(e) => {
              e.preventDefault();
              setOver(undefined);
              const task = props.tasks.find((x) => x.id === e.dataTransfer?.getData("text/plain"));
              if (task && task.status !== status) props.onStatus(task, status);
            }}
          >
            <h3>
              {t(`projects.task.${status}`)}{" "}
              <span class="muted">{props.tasks.filter((x) => x.status === status).length}</span>
            </h3>
            <For
              each={props.tasks.filter((x) => x.status === status)}
              fallback={<p class="muted project-column-empty">{t("projects.board.empty")}</p>}
            >
              {(task) => (
                <article
                  class="project-card"
                  draggable="true"
                  data-card={task.key ?? task.id}
                  onDragStart={(e) => e.dataTransfer?.setData("text/plain", task.id)}
                >
                  <button type="button" class="btn-link project-card-title" onClick={() => props.onSelect(task)}>
                    {task.title}
                  </button>
                  <Show when={task.isStage}>
                    <Badge tone="info">{t("projects.detail.stage")}</Badge>
                  </Show>
                  <p class="muted">{task.assignees.map((a) => a.name).join(", ")}</p>
                  <label class="sr-only" for={`status-${task.id}`}>
                    {t("projects.board.moveTo", { task: task.title })}
                  </label>
                  <select
                    id={`status-${task.id}`}
                    value={task.status}
                    onChange={(e) => props.onStatus(task, e.currentTarget.value as TaskStatus)}
                  >
                    <For each={taskStatuses}>{(s) => <option value={s}>{t(`projects.task.${s}`)}</option>}</For>
                  </select>
                </article>
              )}
            </For>
          </section>
        )}
      </For>
    </div>
  );
}

function money(minor: number, currency: string) {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** Planned effort beside what was spent: labour, expenses and materials from the project's work orders. */
function CostSummary(props: { costs: Costs }) {
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

/** One project: its plan as a Gantt, its tasks on a board, who works them, and what it cost. */
export function ProjectPage() {
  const params = useParams<{ id: string }>();
  const detail = createLoad(() => projectsApi.get(params.id), { key: () => params.id, keepOnError: true });
  const costs = createLoad(() => projectsApi.costs(params.id), { key: () => params.id, keepOnError: true });
  const techs = createLoad(() =>
    can("operations:technician:read") ? projectsApi.technicians() : Promise.resolve({ items: [] }),
  );
  const [notice, setNotice] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const [selected, setSelected] = createSignal<string>();
  const [assignee, setAssignee] = createSignal("");
  useTitle(detail.data()?.project.name ?? t("projects.title"));
  const task = () => detail.data()?.tasks.find((x) => x.id === selected());
  const act = async (work: () => Promise<string>) => {
    setFailure(undefined);
    try {
      setNotice(await work());
      await Promise.all([detail.refresh(), costs.refresh()]);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const move = (x: ProjectTask, start: string) =>
    act(async () => {
      const answer = await projectsApi.move(x.id, start);
      return t("projects.detail.moved", { task: x.title, date: show(answer.task.startAt), count: answer.moved.length });
    });
  const setStatus = (x: ProjectTask, status: TaskStatus) =>
    act(async () => {
      await projectsApi.transition(x.id, status);
      return t("projects.board.movedTo", { task: x.title, status: t(`projects.task.${status}`) });
    });
  const assign = (x: ProjectTask) =>
    act(async () => {
      const ids = assignee() ? [...new Set([...x.assignees.map((a) => a.userId), assignee()])] : [];
      const answer = await projectsApi.assign(x.id, ids);
      return t("projects.assign.saved", {
        task: x.title,
        names: answer.assignees.map((a) => a.name).join(", ") || t("projects.assign.none"),
      });
    });
  return (
    <div class="page project-page">
      <Show
        when={detail.data()}
        fallback={
          <Show when={detail.error()} fallback={<Spinner />}>
            <ErrorState
              title={t("projects.title")}
              detail={detail.error() ?? ""}
              onRetry={() => void detail.refresh()}
            />
          </Show>
        }
      >
        {(d) => (
          <>
            <PageHeader
              crumb={<A href="/projects">{t("projects.title")}</A>}
              title={`${d().project.number} · ${d().project.name}`}
              sub={t("projects.detail.dates", { start: show(d().project.startAt), due: show(d().project.dueAt) })}
            />
            <div class="project-summary">
              <Badge tone={statusTone[d().project.status]}>{t(`projects.status.${d().project.status}`)}</Badge>
              <span>{t(`projects.type.${d().project.projectType}`)}</span>
              <span>
                {t("projects.detail.customer")}: {d().project.customerName ?? "—"}
              </span>
              <span>
                {t("projects.detail.manager")}: {d().project.managerName ?? "—"}
              </span>
              <span>{t("projects.detail.plannedEnd", { date: show(dateOf(dayOf(d().plannedEnd) - 1)) })}</span>
              <a class="btn btn-secondary btn-small" href={tasksCsvHref(d().project.id)} download="">
                {t("projects.detail.tasksCsv")}
              </a>
            </div>
            <div aria-live="polite">
              <Notice message={notice()} />
            </div>
            <ErrorAlert message={failure()} />
            <Panel id="project-gantt" title={t("projects.tabs.gantt")} sub={t("projects.detail.legend")}>
              <div class="project-panel-body">
                <Gantt detail={d()} onMove={(x, start) => void move(x, start)} />
              </div>
            </Panel>
            <Panel id="project-board" title={t("projects.tabs.board")} sub={t("projects.board.hint")}>
              <div class="project-panel-body">
                <Show when={task()}>
                  {(x) => (
                    <form
                      class="project-assign"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void assign(x());
                      }}
                    >
                      <h3>{t("projects.assign.title", { task: x().title })}</h3>
                      <p>
                        {x()
                          .assignees.map((a) => a.name)
                          .join(", ") || t("projects.assign.none")}
                      </p>
                      <label>
                        {t("projects.assign.label")}
                        <select value={assignee()} onChange={(e) => setAssignee(e.currentTarget.value)}>
                          <option value="">{t("projects.assign.none")}</option>
                          <For each={techs.data()?.items ?? []}>
                            {(u) => <option value={u.userId}>{u.name}</option>}
                          </For>
                        </select>
                      </label>
                      <button type="submit" class="btn btn-primary">
                        {t("projects.assign.save")}
                      </button>
                    </form>
                  )}
                </Show>
                <Board
                  tasks={d().tasks}
                  onStatus={(x, s) => void setStatus(x, s)}
                  onSelect={(x) => setSelected(x.id)}
                />
              </div>
            </Panel>
            <Panel id="project-costs" title={t("projects.tabs.costs")}>
              <div class="project-panel-body">
                <Show
                  when={costs.data()}
                  fallback={<Show when={costs.error()}>{(e) => <ErrorAlert message={e()} />}</Show>}
                >
                  {(c) => <CostSummary costs={c()} />}
                </Show>
              </div>
            </Panel>
          </>
        )}
      </Show>
    </div>
  );
}
