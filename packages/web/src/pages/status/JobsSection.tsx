import { For, Show } from "solid-js";
import type { Job } from "../../api";
import { ClockIcon } from "../../components/icons";
import { Badge, EmptyState, Panel, RelativeTime } from "../../components/ui";
import { capitalise, describeSchedule, runTone } from "./shared";

export function JobsSection(props: { jobs: Job[]; now: number }) {
  return (
    <Panel
      id="jobs-title"
      title={<>Scheduled jobs</>}
      sub={<>Every job the scheduler may run, with the outcome of its last run.</>}
    >
      <Show when={props.jobs.length > 0} fallback={<EmptyState icon={<ClockIcon />} title="No jobs are registered" />}>
        <div class="table-wrap">
          <table class="table table-stack">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Schedule</th>
                <th scope="col">Description</th>
                <th scope="col">Last run</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.jobs}>
                {(job) => (
                  <tr>
                    <th scope="row" class="mono row-title">
                      {job.name}
                    </th>
                    <td data-label="Schedule" class="nowrap">
                      <div>
                        {describeSchedule(job.schedule) ?? job.schedule}
                        <span class="sub mono">{job.schedule}</span>
                      </div>
                    </td>
                    <td data-label="Description" class="col-wide">
                      {job.description}
                    </td>
                    <td data-label="Last run" class="nowrap">
                      <Show when={job.lastRun} fallback={<span class="muted">Never run</span>}>
                        {(run) => (
                          <div>
                            <Badge tone={runTone[run().status]}>{capitalise(run().status)}</Badge>
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
