import { A, useSearchParams } from "@solidjs/router";
import { For, Show } from "solid-js";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, type Tone } from "../../components/ui";
import { formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { listCsvHref, type ProjectItem, type ProjectQuery, projectsApi } from "./api";

export const statuses = ["open", "planned", "active", "on_hold", "completed", "canceled"] as const;
export const types = [
  "fiber_optics_installation",
  "fiber_optics_relocation",
  "air_fiber_installation",
  "air_fiber_relocation",
  "cable_rerun",
  "cross_connect",
] as const;
export const statusTone: Record<ProjectItem["status"], Tone> = {
  open: "info",
  planned: "info",
  active: "warning",
  on_hold: "neutral",
  completed: "success",
  canceled: "neutral",
};

/** Projects, newest first: filter by status, type and text; export what is filtered as CSV. */
export function ProjectsPage() {
  useTitle(t("projects.title"));
  const [params, setParams] = useSearchParams<{ status?: string; projectType?: string; q?: string; sla?: string }>();
  const query = (): ProjectQuery => ({
    ...(params.status ? { status: params.status as ProjectQuery["status"] } : {}),
    ...(params.projectType ? { projectType: params.projectType as ProjectQuery["projectType"] } : {}),
    ...(params.q ? { q: params.q } : {}),
    ...(params.sla === "attention" ? { sla: "attention" as const } : {}),
  });
  const list = createLoad(() => projectsApi.list(query()), { key: () => JSON.stringify(query()), keepOnError: true });
  const columns: Column<ProjectItem>[] = [
    {
      id: "number",
      header: t("projects.col.number"),
      rowHeader: true,
      cell: (p) => <A href={`/projects/${p.id}`}>{p.number}</A>,
    },
    { id: "name", header: t("projects.col.name"), cell: (p) => p.name },
    { id: "customer", header: t("projects.col.customer"), cell: (p) => p.customerName ?? "—" },
    {
      id: "status",
      header: t("projects.col.status"),
      cell: (p) => <Badge tone={statusTone[p.status]}>{t(`projects.status.${p.status}`)}</Badge>,
    },
    { id: "due", header: t("projects.col.due"), cell: (p) => formatDate(`${p.dueAt}T12:00:00Z`) },
    {
      id: "progress",
      header: t("projects.col.progress"),
      cell: (p) => (
        <span class="project-progress">
          <progress max={Math.max(1, p.progress.total)} value={p.progress.done} aria-hidden="true" />{" "}
          {t("projects.progress", { done: p.progress.done, total: p.progress.total })}
        </span>
      ),
    },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("projects.title")}
        sub={t("projects.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={() => void list.refresh()}
        actions={
          <>
            <A class="btn btn-secondary" href="/projects/templates">
              {t("projects.templates.title")}
            </A>
            <Show when={can("project:create")}>
              <A class="btn btn-primary" href="/projects/new">
                {t("projects.create.title")}
              </A>
            </Show>
          </>
        }
      />
      <form class="filter-bar project-filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("projects.filters.status")}
          <select
            value={params.status ?? ""}
            onChange={(e) => setParams({ status: e.currentTarget.value || undefined })}
          >
            <option value="">{t("projects.filters.any")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`projects.status.${s}`)}</option>}</For>
          </select>
        </label>
        <label>
          {t("projects.filters.type")}
          <select
            value={params.projectType ?? ""}
            onChange={(e) => setParams({ projectType: e.currentTarget.value || undefined })}
          >
            <option value="">{t("projects.filters.any")}</option>
            <For each={types}>{(s) => <option value={s}>{t(`projects.type.${s}`)}</option>}</For>
          </select>
        </label>
        <label>
          {t("projects.filters.q")}
          <input
            type="search"
            value={params.q ?? ""}
            onChange={(e) => setParams({ q: e.currentTarget.value || undefined })}
          />
        </label>
        <label class="project-sla-filter">
          <span>
            <input
              type="checkbox"
              checked={params.sla === "attention"}
              onChange={(e) => setParams({ sla: e.currentTarget.checked ? "attention" : undefined })}
            />{" "}
            {t("projects.filters.attention")}
          </span>
        </label>
        <a class="btn btn-secondary" href={listCsvHref(params)} download="">
          {t("projects.exportCsv")}
        </a>
      </form>
      <DataTable
        class="projects-table"
        label={t("projects.title")}
        columns={columns}
        rows={list.data()?.items}
        rowKey={(p) => p.id}
        loading={list.loading()}
        error={list.error()}
        onRetry={() => void list.refresh()}
        empty={{ icon: <BookIcon />, title: t("projects.empty"), body: <p>{t("projects.emptyHint")}</p> }}
      />
    </div>
  );
}
