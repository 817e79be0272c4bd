import { For, Show } from "solid-js";
import { dateTimeShort } from "../../format";
import { t } from "../../i18n";
import type { Picked, QueueJob } from "./model";

/** The unscheduled queue: jobs waiting for a technician and a time, oldest first. */
export function Queue(props: {
  jobs: QueueJob[];
  picked: Picked | undefined;
  onPick: (job: Picked, focusSlot: boolean) => void;
  onPointerPick: (job: Picked, event: PointerEvent) => void;
}) {
  const picked = (job: QueueJob): Picked => ({ id: job.id, number: job.number, title: job.title, start: null });
  return (
    <section class="card dsp-queue" aria-labelledby="dsp-queue-title">
      <h2 id="dsp-queue-title">
        {t("board.unscheduled")} <span class="badge badge-neutral">{props.jobs.length}</span>
      </h2>
      <Show when={props.jobs.length > 0} fallback={<p class="muted">{t("board.unscheduledEmpty")}</p>}>
        <ul class="dsp-queue-list">
          <For each={props.jobs}>
            {(job) => (
              <li>
                <button
                  type="button"
                  class={`dsp-job dsp-queued dsp-prio-${job.priority}`}
                  classList={{ "dsp-job-picked": props.picked?.id === job.id }}
                  data-job={job.id}
                  aria-pressed={props.picked?.id === job.id}
                  title={t("board.pickedHint")}
                  onPointerDown={(e) => props.onPointerPick(picked(job), e)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      props.onPick(picked(job), true);
                    }
                  }}
                >
                  <span class="dsp-job-number">{job.number}</span>
                  <span class="dsp-job-title">{job.title}</span>
                  <span class="dsp-job-meta">
                    {t(`board.priorities.${job.priority as "medium"}`)} · {job.estimatedDurationMinutes} min
                    <Show when={job.windowStart}>{(w) => <> · {dateTimeShort(w())}</>}</Show>
                  </span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
