import { createSignal, For, Show } from "solid-js";
import { Badge } from "../../components/ui";
import { t } from "../../i18n";
import type { Clock, ProjectTask, TaskStatus } from "./api";
import { SlaBadge } from "./Sla";

export const taskStatuses: TaskStatus[] = ["backlog", "todo", "in_progress", "blocked", "done", "canceled"];

/** Columns by status: drag a card between them, or use the card's status menu (the keyboard way). */
export function Board(props: {
  tasks: ProjectTask[];
  /** Each task's SLA clock, shown on its card. */
  clocks: Clock[];
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
                  <SlaBadge clock={props.clocks.find((c) => c.taskId === task.id)} quiet />
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
