import { A, useParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, ErrorState, Panel, Spinner } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { dateOf, dayOf, type ProjectTask, projectsApi, type TaskStatus, tasksCsvHref } from "./api";
import { CostSummary } from "./CostSummary";
import { Gantt, show } from "./Gantt";
import { statusTone } from "./ProjectsPage";
import { SlaBadge, SlaTable } from "./Sla";
import { Board } from "./TaskBoard";

/** One project: its plan as a Gantt, its tasks on a board, who works them, and what it cost. */
export function ProjectPage() {
  const params = useParams<{ id: string }>();
  const detail = createLoad(() => projectsApi.get(params.id), { key: () => params.id, keepOnError: true });
  const costs = createLoad(() => projectsApi.costs(params.id), { key: () => params.id, keepOnError: true });
  const clocks = createLoad(() => projectsApi.clocks(params.id), { key: () => params.id, keepOnError: true });
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
      await Promise.all([detail.refresh(), costs.refresh(), clocks.refresh()]);
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
              <SlaBadge clock={clocks.data()?.project} withDeadline />
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
                  clocks={clocks.data()?.tasks ?? []}
                  onStatus={(x, s) => void setStatus(x, s)}
                  onSelect={(x) => setSelected(x.id)}
                />
              </div>
            </Panel>
            <Panel id="project-sla" title={t("projects.sla.title")} sub={t("projects.sla.sub")}>
              <div class="project-panel-body">
                <Show
                  when={clocks.data()}
                  fallback={<Show when={clocks.error()}>{(e) => <ErrorAlert message={e()} />}</Show>}
                >
                  {(c) => <SlaTable detail={d()} clocks={c()} />}
                </Show>
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
