import { createMemo, Show } from "solid-js";
import type { Job } from "../../api";
import { ClockIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { Badge, Panel, RelativeTime } from "../../components/ui";
import { t } from "../../i18n";
import { describeSchedule, runTone } from "./shared";

/** Every job the scheduler may run, with the outcome of its last run. */
export function JobsSection(props: { jobs: Job[]; now: number }) {
  const columns = createMemo((): Column<Job>[] => [
    { id: "job", header: t("status.col.job"), rowHeader: true, class: "mono", cell: (job) => job.name },
    {
      id: "schedule",
      header: t("status.col.schedule"),
      class: "nowrap",
      cell: (job) => (
        <div>
          {describeSchedule(job.schedule) ?? job.schedule}
          <span class="sub mono">{job.schedule}</span>
        </div>
      ),
    },
    { id: "description", header: t("status.col.description"), class: "col-wide", cell: (job) => job.description },
    {
      id: "lastRun",
      header: t("status.col.lastRun"),
      class: "nowrap",
      cell: (job) => (
        <Show when={job.lastRun} fallback={<span class="muted">{t("status.neverRun")}</span>}>
          {(run) => (
            <div>
              <Badge tone={runTone[run().status]}>{t(`status.runStatus.${run().status}`)}</Badge>
              <span class="sub">
                <RelativeTime at={run().finishedAt ?? run().startedAt} now={props.now} />
              </span>
              <Show when={run().error}>
                <span class="sub error-text">{run().error}</span>
              </Show>
            </div>
          )}
        </Show>
      ),
    },
  ]);
  return (
    <Panel id="jobs-title" title={t("status.jobs")} sub={t("status.jobsSub")}>
      <DataTable
        class="jobs-table"
        labelledBy="jobs-title"
        columns={columns()}
        rows={props.jobs}
        rowKey={(job) => job.name}
        empty={{ icon: <ClockIcon />, title: t("status.noJobs") }}
      />
    </Panel>
  );
}
