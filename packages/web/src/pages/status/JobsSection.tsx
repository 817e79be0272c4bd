import { For, Show } from "solid-js";
import type { Job } from "../../api";
import { ClockIcon } from "../../components/icons";
import { Badge, EmptyState, Panel, RelativeTime } from "../../components/ui";
import { t } from "../../i18n";
import { describeSchedule, runTone } from "./shared";

export function JobsSection(props: { jobs: Job[]; now: number }) {
  return (
    <Panel id="jobs-title" title={t("status.jobs")} sub={t("status.jobsSub")}>
      <Show when={props.jobs.length > 0} fallback={<EmptyState icon={<ClockIcon />} title={t("status.noJobs")} />}>
        <div class="table-wrap">
          <table class="table table-stack">
            <thead>
              <tr>
                <th scope="col">{t("status.col.job")}</th>
                <th scope="col">{t("status.col.schedule")}</th>
                <th scope="col">{t("status.col.description")}</th>
                <th scope="col">{t("status.col.lastRun")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.jobs}>
                {(job) => (
                  <tr>
                    <th scope="row" class="mono row-title">
                      {job.name}
                    </th>
                    <td data-label={t("status.col.schedule")} class="nowrap">
                      <div>
                        {describeSchedule(job.schedule) ?? job.schedule}
                        <span class="sub mono">{job.schedule}</span>
                      </div>
                    </td>
                    <td data-label={t("status.col.description")} class="col-wide">
                      {job.description}
                    </td>
                    <td data-label={t("status.col.lastRun")} class="nowrap">
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
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </Panel>
  );
}
