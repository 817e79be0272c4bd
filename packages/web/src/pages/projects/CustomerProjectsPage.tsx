import { For, Show } from "solid-js";
import { BookIcon } from "../../components/icons";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, EmptyState, ErrorState, Spinner, type Tone } from "../../components/ui";
import { formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type CustomerProject, projectsApi } from "./api";

const stageTone: Record<CustomerProject["stages"][number]["status"], Tone> = {
  backlog: "neutral",
  todo: "neutral",
  in_progress: "warning",
  blocked: "danger",
  done: "success",
  canceled: "neutral",
};

/** The customer portal: each of their projects as an ordered list of stages with where it stands. */
export function CustomerProjectsPage() {
  useTitle(t("projects.customer.title"));
  const list = createLoad(() => projectsApi.customer(), { keepOnError: true });
  return (
    <div class="page">
      <PageHeader title={t("projects.customer.title")} sub={t("projects.customer.sub")} />
      <Show
        when={list.data()}
        fallback={
          <Show when={list.error()} fallback={<Spinner />}>
            <ErrorState
              title={t("projects.customer.title")}
              detail={list.error() ?? ""}
              onRetry={() => void list.refresh()}
            />
          </Show>
        }
      >
        {(data) => (
          <Show
            when={data().items.length > 0}
            fallback={
              <EmptyState icon={<BookIcon />} title={t("projects.customer.empty")}>
                <p>{t("projects.customer.emptyHint")}</p>
              </EmptyState>
            }
          >
            <For each={data().items}>
              {(p) => (
                <section class="panel customer-project" aria-labelledby={`project-${p.number}`}>
                  <h2 id={`project-${p.number}`}>
                    {p.name} <span class="muted">{p.number}</span>
                  </h2>
                  <p>
                    <Badge tone={p.status === "completed" ? "success" : "info"}>
                      {t(`projects.status.${p.status}`)}
                    </Badge>{" "}
                    {t("projects.customer.due", { date: formatDate(`${p.dueAt}T12:00:00Z`) })}
                  </p>
                  <p>
                    <progress max={Math.max(1, p.progress.total)} value={p.progress.done} aria-hidden="true" />{" "}
                    {t("projects.customer.stages", { done: p.progress.done, total: p.progress.total })}
                  </p>
                  <ol class="customer-stages">
                    <For each={p.stages}>
                      {(s) => (
                        <li class={`customer-stage customer-stage-${s.status}`}>
                          <span>{s.title}</span>{" "}
                          <Badge tone={stageTone[s.status]}>{t(`projects.task.${s.status}`)}</Badge>
                        </li>
                      )}
                    </For>
                  </ol>
                </section>
              )}
            </For>
          </Show>
        )}
      </Show>
    </div>
  );
}
