import { A } from "@solidjs/router";
import { createEffect, createResource, For, on, Show } from "solid-js";
import { errorMessage } from "../api";
import { Badge, EmptyState, Spinner, type Tone } from "../components/ui";
import { useTitle } from "../format";
import { intlLocale, t } from "../i18n";
import { addressText, clock, type JobSummary, type Status, statusAfter, techApi } from "./data";
import { controlled } from "./device";
import { mine, syncedVersion } from "./outbox";
import { SharingToggle } from "./SharingToggle";
import { techZone } from "./zone";

export const statusTone: Record<Status, Tone> = {
  draft: "neutral",
  scheduled: "info",
  dispatched: "info",
  in_progress: "warning",
  paused: "warning",
  completed: "success",
  canceled: "neutral",
};

/** "09:00–11:00" for a job's slot, the scheduled one or else the customer's window. */
export function slotOf(job: Pick<JobSummary, "scheduledStart" | "scheduledEnd" | "windowStart" | "windowEnd">) {
  const from = job.scheduledStart ?? job.windowStart;
  const to = job.scheduledEnd ?? job.windowEnd;
  if (!from) return t("tech.unscheduled");
  return t("tech.scheduled", { from: clock(from), to: to ? clock(to) : "…" });
}

/** Today's jobs of the signed-in technician, in time order, each a large tap target. */
export function TodayPage() {
  useTitle(t("tech.today"));
  // Read again when the worker takes over (so the answer is kept offline) and after changes arrive.
  // Keyed by the zone: once the dispatch profile is read, today is the profile's day.
  const [jobs, { refetch }] = createResource(techZone, (zone) => techApi.today(zone));
  createEffect(on([controlled, syncedVersion], () => void refetch(), { defer: true }));
  // Each job's details, materials and worklogs are read ahead while online, for the basement later.
  createEffect(() => {
    const list = jobs();
    if (list && controlled() >= 0) void techApi.warm(list.map((job) => job.id));
  });
  const sorted = () =>
    [...(jobs() ?? [])].sort((a, b) =>
      (a.scheduledStart ?? a.windowStart ?? "").localeCompare(b.scheduledStart ?? b.windowStart ?? ""),
    );
  const pendingOf = (id: string) => mine().filter((entry) => entry.workOrderId === id);

  return (
    <>
      <h1 class="tech-title">{t("tech.today")}</h1>
      <p class="tech-sub">
        {t("tech.todaySub", {
          date: new Intl.DateTimeFormat(intlLocale(), { dateStyle: "medium", timeZone: techZone() }).format(new Date()),
          zone: techZone(),
        })}
      </p>
      <SharingToggle />
      <Show when={!jobs.loading || jobs.latest} fallback={<Spinner label={t("tech.loading")} />}>
        <Show
          when={!jobs.error}
          fallback={<p class="alert alert-error">{`${t("tech.loadFailed")}: ${errorMessage(jobs.error)}`}</p>}
        >
          <Show
            when={sorted().length > 0}
            fallback={
              <EmptyState icon="" title={t("tech.noJobs")}>
                {t("tech.noJobsBody")}
              </EmptyState>
            }
          >
            <ul class="tech-jobs">
              <For each={sorted()}>
                {(job) => {
                  const status = () => statusAfter(job.status, pendingOf(job.id));
                  return (
                    <li>
                      <A href={`/tech/jobs/${job.id}`} class="tech-job">
                        <span class="tech-job-time">{slotOf(job)}</span>
                        <span class="tech-job-title">
                          {job.number} · {job.title}
                        </span>
                        <Show when={job.customer?.name || job.address}>
                          <span class="tech-job-where">
                            {[job.customer?.name, addressText(job.address)].filter(Boolean).join(" · ")}
                          </span>
                        </Show>
                        <span class="tech-job-meta">
                          <Badge tone={statusTone[status()]}>{t(`tech.status.${status()}`)}</Badge>
                          <Show when={pendingOf(job.id).length > 0}>
                            <span class="tech-pending">{t("tech.waiting", pendingOf(job.id).length)}</span>
                          </Show>
                        </span>
                      </A>
                    </li>
                  );
                }}
              </For>
            </ul>
          </Show>
        </Show>
      </Show>
    </>
  );
}
