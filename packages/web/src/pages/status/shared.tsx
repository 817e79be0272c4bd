import { createMemo, For, type JSX, Show } from "solid-js";
import type { InboundEvent, Job, SystemStatus } from "../../api";
import { AlertIcon, CheckCircleIcon } from "../../components/icons";
import type { Tone } from "../../components/ui";
import { t } from "../../i18n";

export const REFRESH_MS = 5000;

export const driverName = (driver: SystemStatus["database"]["driver"]) => t(`status.drivers.${driver}`);

/** "rate(1 minute)" → "Every minute"; anything else is shown as written. */
export function describeSchedule(expression: string): string | undefined {
  const rate = expression.match(/^rate\((\d+)\s+(minute|hour|day)s?\)$/);
  if (!rate) return undefined;
  const n = Number(rate[1]);
  const unit = rate[2] as "minute" | "hour" | "day";
  return n === 1 ? t(`status.every.${unit}`) : t(`status.everyN.${unit}`, { n: String(n) });
}

export const runTone: Record<NonNullable<Job["lastRun"]>["status"], Tone> = {
  succeeded: "success",
  failed: "danger",
  running: "info",
};

export const eventTone: Record<InboundEvent["status"], Tone> = { processed: "success", failed: "danger" };

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function Card(props: { id: string; title: string; icon: JSX.Element; tone?: Tone; children: JSX.Element }) {
  return (
    <section class={`card stat-card${props.tone ? ` card-${props.tone}` : ""}`} aria-labelledby={props.id}>
      <div class="card-head">
        <span class="card-icon">{props.icon}</span>
        <h2 class="card-title" id={props.id}>
          {props.title}
        </h2>
      </div>
      {props.children}
    </section>
  );
}

export function Summary(props: { status: SystemStatus }) {
  const issues = createMemo(() => {
    const s = props.status;
    const list: { tone: Tone; text: string }[] = [];
    if (s.queue.deadLetters > 0) {
      list.push({
        tone: "danger",
        text: t("status.deadFailed", s.queue.deadLetters),
      });
    }
    const pending = s.database.migration.available - s.database.migration.applied;
    if (pending > 0) list.push({ tone: "warning", text: t("status.migrationsPending", pending) });
    const failedJobs = s.jobs.filter((j) => j.lastRun?.status === "failed");
    if (failedJobs.length > 0) {
      list.push({ tone: "warning", text: t("status.jobsFailed", { jobs: failedJobs.map((j) => j.name).join(", ") }) });
    }
    return list;
  });
  const tone = () => (issues().some((i) => i.tone === "danger") ? "danger" : issues().length ? "warning" : "success");
  return (
    <div class={`summary summary-${tone()}`}>
      <span class="summary-icon">
        <Show when={issues().length} fallback={<CheckCircleIcon />}>
          <AlertIcon />
        </Show>
      </span>
      <div>
        <p class="summary-title">{issues().length ? t("status.attention", issues().length) : t("status.allGood")}</p>
        <Show when={issues().length} fallback={<p class="summary-text">{t("status.allGoodText")}</p>}>
          <ul class="summary-list">
            <For each={issues()}>{(issue) => <li>{issue.text}</li>}</For>
          </ul>
        </Show>
      </div>
    </div>
  );
}
