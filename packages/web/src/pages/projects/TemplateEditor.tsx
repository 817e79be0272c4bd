import { For, Index, Show } from "solid-js";
import type { SetStoreFunction } from "solid-js/store";
import { t } from "../../i18n";
import type { TemplateSave } from "./api";

export type Draft = Required<Pick<TemplateSave, "name" | "tasks" | "dependencies">> & { dueDays: number };
type Task = Draft["tasks"][number];
const depTypes = ["fs", "ss", "ff", "sf"] as const;

/** A key no task of the draft uses yet: new tasks are named by key on the server. */
const freshKey = (tasks: Task[]) => {
  let n = tasks.length + 1;
  while (tasks.some((x) => x.key === `task_${n}`)) n++;
  return `task_${n}`;
};
const int = (value: string) => (value.trim() === "" ? 0 : Math.trunc(Number(value)));

/**
 * A template's tasks in stage order (title, effort, duration, customer-visible stage; moved up or down
 * with buttons), and its dependencies (predecessor, successor, type, lag days). Everything is a plain
 * control with a name, so the keyboard and screen readers need nothing special.
 */
export function TemplateEditor(props: { draft: Draft; set: SetStoreFunction<Draft> }) {
  const title = (key: string) => props.draft.tasks.find((x) => x.key === key)?.title ?? key;
  const move = (i: number, by: -1 | 1) => {
    const tasks = [...props.draft.tasks];
    const [task] = tasks.splice(i, 1);
    if (task) tasks.splice(i + by, 0, task);
    props.set("tasks", tasks);
  };
  const removeTask = (i: number) => {
    const key = props.draft.tasks[i]?.key;
    props.set(
      "tasks",
      props.draft.tasks.filter((_, j) => j !== i),
    );
    props.set(
      "dependencies",
      props.draft.dependencies.filter((d) => d.from !== key && d.to !== key),
    );
  };
  return (
    <>
      <h3 id="template-tasks-title">{t("projects.templates.tasks")}</h3>
      <ol class="template-tasks" aria-labelledby="template-tasks-title">
        <Index each={props.draft.tasks}>
          {(task, i) => (
            <li class="template-task" data-key={task().key}>
              <span class="template-order" aria-hidden="true">
                {i + 1}
              </span>
              <label class="field template-field template-title">
                {t("projects.templates.taskTitle")}
                <input
                  value={task().title}
                  maxLength={300}
                  required
                  onInput={(e) => props.set("tasks", i, "title", e.currentTarget.value)}
                />
              </label>
              <label class="field template-field">
                {t("projects.templates.effort")}
                <input
                  type="number"
                  min="0"
                  inputMode="numeric"
                  value={Number(task().effortHours ?? 0)}
                  onInput={(e) => props.set("tasks", i, "effortHours", int(e.currentTarget.value))}
                />
              </label>
              <label class="field template-field">
                {t("projects.templates.days")}
                <input
                  type="number"
                  min="0"
                  inputMode="numeric"
                  value={Number(task().durationDays ?? 1)}
                  onInput={(e) => props.set("tasks", i, "durationDays", int(e.currentTarget.value))}
                />
              </label>
              <label class="template-check">
                <input
                  type="checkbox"
                  checked={task().isStage ?? false}
                  onChange={(e) => props.set("tasks", i, "isStage", e.currentTarget.checked)}
                />
                {t("projects.templates.stage")}
              </label>
              <div class="template-row-actions">
                <button
                  type="button"
                  class="btn btn-secondary btn-small"
                  disabled={i === 0}
                  aria-label={t("projects.templates.up", { task: task().title })}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="btn btn-secondary btn-small"
                  disabled={i === props.draft.tasks.length - 1}
                  aria-label={t("projects.templates.down", { task: task().title })}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  class="btn btn-secondary btn-small"
                  aria-label={t("projects.templates.removeTask", { task: task().title })}
                  onClick={() => removeTask(i)}
                >
                  {t("projects.templates.remove")}
                </button>
              </div>
            </li>
          )}
        </Index>
      </ol>
      <button
        type="button"
        class="btn btn-secondary"
        onClick={() =>
          props.set("tasks", [
            ...props.draft.tasks,
            {
              key: freshKey(props.draft.tasks),
              title: t("projects.templates.newTask"),
              durationDays: 1,
              effortHours: 0,
            },
          ])
        }
      >
        {t("projects.templates.addTask")}
      </button>

      <h3 id="template-deps-title">{t("projects.templates.dependencies")}</h3>
      <p class="muted">{t("projects.templates.depsHint")}</p>
      <ul class="template-deps" aria-labelledby="template-deps-title">
        <Index each={props.draft.dependencies}>
          {(dep, i) => (
            <li class="template-dep" data-dep={`${dep().from}>${dep().to}`}>
              <label class="field template-field">
                {t("projects.templates.from")}
                <select
                  value={dep().from}
                  onChange={(e) => props.set("dependencies", i, "from", e.currentTarget.value)}
                >
                  <For each={props.draft.tasks}>{(x) => <option value={x.key}>{x.title}</option>}</For>
                </select>
              </label>
              <label class="field template-field">
                {t("projects.templates.type")}
                <select
                  value={dep().type ?? "fs"}
                  onChange={(e) =>
                    props.set("dependencies", i, "type", e.currentTarget.value as (typeof depTypes)[number])
                  }
                >
                  <For each={depTypes}>{(x) => <option value={x}>{t(`projects.templates.depType.${x}`)}</option>}</For>
                </select>
              </label>
              <label class="field template-field">
                {t("projects.templates.to")}
                <select value={dep().to} onChange={(e) => props.set("dependencies", i, "to", e.currentTarget.value)}>
                  <For each={props.draft.tasks}>{(x) => <option value={x.key}>{x.title}</option>}</For>
                </select>
              </label>
              <label class="field template-field">
                {t("projects.templates.lag")}
                <input
                  type="number"
                  min="-365"
                  max="365"
                  inputMode="numeric"
                  value={Number(dep().lagDays ?? 0)}
                  onInput={(e) => props.set("dependencies", i, "lagDays", int(e.currentTarget.value))}
                />
              </label>
              <button
                type="button"
                class="btn btn-secondary btn-small"
                aria-label={t("projects.templates.removeDep", { from: title(dep().from), to: title(dep().to) })}
                onClick={() =>
                  props.set(
                    "dependencies",
                    props.draft.dependencies.filter((_, j) => j !== i),
                  )
                }
              >
                {t("projects.templates.remove")}
              </button>
            </li>
          )}
        </Index>
      </ul>
      <Show when={props.draft.tasks.length > 1}>
        <button
          type="button"
          class="btn btn-secondary"
          onClick={() => {
            const [a, b] = props.draft.tasks;
            if (a && b)
              props.set("dependencies", [
                ...props.draft.dependencies,
                { from: a.key, to: b.key, type: "fs", lagDays: 0 },
              ]);
          }}
        >
          {t("projects.templates.addDep")}
        </button>
      </Show>
    </>
  );
}
