import { createMemo, For, type JSX, Show } from "solid-js";
import type { InboundEvent, Job, SystemStatus } from "../../api";
import { AlertIcon, CheckCircleIcon } from "../../components/icons";
import type { Tone } from "../../components/ui";
import { t } from "../../i18n";

export const REFRESH_MS = 5000;

export const drivers: Record<SystemStatus["database"]["driver"], string> = {
  pglite: "Embedded PostgreSQL (PGlite)",
  pg: "PostgreSQL",
  neon: "Neon serverless PostgreSQL",
};

/** "rate(1 minute)" → "Every minute"; anything else is shown as written. */
export function describeSchedule(expression: string): string | undefined {
  const rate = expression.match(/^rate\((\d+)\s+(minute|hour|day)s?\)$/);
  if (!rate) return undefined;
  const n = Number(rate[1]);
  return n === 1 ? `Every ${rate[2]}` : `Every ${n} ${rate[2]}s`;
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
        text: `${t("count.inboundMessage", s.queue.deadLetters)} failed permanently and ${s.queue.deadLetters === 1 ? "is" : "are"} in the dead-letter store`,
      });
    }
    const pending = s.database.migration.available - s.database.migration.applied;
    if (pending > 0) list.push({ tone: "warning", text: `${t("count.migration", pending)} not applied yet` });
    const failedJobs = s.jobs.filter((j) => j.lastRun?.status === "failed");
    if (failedJobs.length > 0) {
      list.push({ tone: "warning", text: `Last run failed: ${failedJobs.map((j) => j.name).join(", ")}` });
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
        <p class="summary-title">
          {issues().length
            ? `${t("count.item", issues().length)} need${issues().length === 1 ? "s" : ""} attention`
            : "All systems operational"}
        </p>
        <Show
          when={issues().length}
          fallback={<p class="summary-text">Database, queue, outbox and jobs are healthy.</p>}
        >
          <ul class="summary-list">
            <For each={issues()}>{(issue) => <li>{issue.text}</li>}</For>
          </ul>
        </Show>
      </div>
    </div>
  );
}
