import { createMemo, createSignal, For, type JSX, Match, onCleanup, Show, Switch } from "solid-js";
import { api, type InboundEvent, type Job, type SystemStatus } from "../api";
import { EmailDeliveries } from "../components/EmailDeliveries";
import { InboundChart } from "../components/InboundChart";
import {
  AlertIcon,
  CheckCircleIcon,
  ClockIcon,
  DatabaseIcon,
  InboxIcon,
  PlugIcon,
  RefreshIcon,
  SendIcon,
} from "../components/icons";
import { Badge, EmptyState, ErrorState, Panel, RelativeTime, Skeleton, type Tone } from "../components/ui";
import { absoluteTime, relativeTime, useNow, useTitle } from "../format";
import { t } from "../i18n";

const REFRESH_MS = 5000;

const drivers: Record<SystemStatus["database"]["driver"], string> = {
  pglite: "Embedded PostgreSQL (PGlite)",
  pg: "PostgreSQL",
  neon: "Neon serverless PostgreSQL",
};

/** "rate(1 minute)" → "Every minute"; anything else is shown as written. */
function describeSchedule(expression: string): string | undefined {
  const rate = expression.match(/^rate\((\d+)\s+(minute|hour|day)s?\)$/);
  if (!rate) return undefined;
  const n = Number(rate[1]);
  return n === 1 ? `Every ${rate[2]}` : `Every ${n} ${rate[2]}s`;
}

const runTone: Record<NonNullable<Job["lastRun"]>["status"], Tone> = {
  succeeded: "success",
  failed: "danger",
  running: "info",
};

const eventTone: Record<InboundEvent["status"], Tone> = { processed: "success", failed: "danger" };

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function Card(props: { id: string; title: string; icon: JSX.Element; tone?: Tone; children: JSX.Element }) {
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

function Summary(props: { status: SystemStatus }) {
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

function Cards(props: { status: SystemStatus }) {
  const s = () => props.status;
  const migration = () => s().database.migration;
  const upToDate = () => migration().applied >= migration().available;
  return (
    <div class="card-grid">
      <Card id="card-database" title="Database" icon={<DatabaseIcon />}>
        <p class="stat-value">
          <code class="driver">{s().database.driver}</code>
        </p>
        <p class="stat-hint">{drivers[s().database.driver]}</p>
        <dl class="kv">
          <div>
            <dt>Migration</dt>
            <dd>
              <code>{migration().latest ?? "none"}</code>
            </dd>
          </div>
          <div>
            <dt>Applied</dt>
            <dd>
              <Badge tone={upToDate() ? "success" : "warning"}>
                {migration().applied} of {migration().available}
              </Badge>
            </dd>
          </div>
        </dl>
      </Card>
      <Card
        id="card-queue"
        title="Inbound queue"
        icon={<InboxIcon />}
        tone={s().queue.deadLetters > 0 ? "danger" : undefined}
      >
        <dl class="kv kv-stats">
          <div>
            <dt>Ready</dt>
            <dd data-testid="stat-ready">{s().queue.ready}</dd>
          </div>
          <div>
            <dt>In flight</dt>
            <dd data-testid="stat-in-flight">{s().queue.inFlight}</dd>
          </div>
          <div class={s().queue.deadLetters > 0 ? "kv-danger" : undefined}>
            <dt>Dead letters</dt>
            <dd data-testid="stat-dead-letters">{s().queue.deadLetters}</dd>
          </div>
        </dl>
        <p class="stat-hint">Adapter: {s().adapters.queue}</p>
      </Card>
      <Card id="card-outbox" title="Outbox" icon={<SendIcon />} tone={s().outbox.pending > 0 ? "warning" : undefined}>
        <p class="stat-value" data-testid="stat-outbox">
          {s().outbox.pending}
        </p>
        <p class="stat-hint">
          {s().outbox.pending === 0
            ? "All domain events published"
            : `${t("count.event", s().outbox.pending)} waiting to publish`}
        </p>
      </Card>
      <Card id="card-adapters" title="Adapters" icon={<PlugIcon />}>
        <dl class="kv">
          <div>
            <dt>Queue</dt>
            <dd>
              <code>{s().adapters.queue}</code>
            </dd>
          </div>
          <div>
            <dt>Blob storage</dt>
            <dd>
              <code>{s().adapters.blob}</code>
            </dd>
          </div>
          <div>
            <dt>Event bus</dt>
            <dd>
              <code>{s().adapters.events}</code>
            </dd>
          </div>
        </dl>
      </Card>
    </div>
  );
}

function DeadLetters(props: { status: SystemStatus; now: number }) {
  return (
    <Panel
      id="dead-letters-title"
      tone="danger"
      title={
        <>
          <AlertIcon />
          Dead letters <span class="count">{props.status.queue.deadLetters}</span>
        </>
      }
      sub={
        <>
          These messages failed in a way no retry can fix. Correct the cause, then run <code>npm run queue:replay</code>
          .
        </>
      }
    >
      <ul class="dead-list">
        <For each={props.status.deadLetters}>
          {(d) => (
            <li class="dead-item">
              <p class="dead-reason">{d.reason}</p>
              <p class="dead-meta">
                Received {t("count.time", d.receiveCount)} · failed <RelativeTime at={d.failedAt} now={props.now} />
              </p>
            </li>
          )}
        </For>
      </ul>
    </Panel>
  );
}

function InboundSection(props: { events: InboundEvent[]; now: number }) {
  return (
    <Panel id="inbound-title" title={<>Recent webhooks</>} sub={<>The last 20 inbound events, newest first.</>}>
      <Show
        when={props.events.length > 0}
        fallback={
          <EmptyState icon={<InboxIcon />} title="No webhooks received yet">
            Send one to <code>POST /webhooks/billing/subscribers</code> and it appears here within seconds.
          </EmptyState>
        }
      >
        <InboundChart events={props.events} />
        <div class="table-wrap">
          <table class="table table-stack">
            <thead>
              <tr>
                <th scope="col">Message ID</th>
                <th scope="col">Provider</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Attempts
                </th>
                <th scope="col">Error</th>
                <th scope="col">Processed</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.events}>
                {(e) => (
                  <tr>
                    <th scope="row" class="mono row-title">
                      {e.messageId}
                    </th>
                    <td data-label="Provider">{capitalise(e.provider)}</td>
                    <td data-label="Type">
                      <Show when={e.type} fallback={<span class="muted">—</span>}>
                        <code>{e.type}</code>
                      </Show>
                    </td>
                    <td data-label="Status">
                      <Badge tone={eventTone[e.status]}>{capitalise(e.status)}</Badge>
                    </td>
                    <td data-label="Attempts" class="num">
                      {e.attempts}
                    </td>
                    <td data-label="Error" class="error-cell">
                      <Show when={e.error} fallback={<span class="muted">—</span>}>
                        {e.error}
                      </Show>
                    </td>
                    <td data-label="Processed" class="nowrap">
                      <RelativeTime at={e.processedAt} now={props.now} />
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

function JobsSection(props: { jobs: Job[]; now: number }) {
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

function LoadingSkeleton() {
  return (
    <div class="loading" aria-hidden="true">
      <Skeleton class="sk-summary" />
      <div class="card-grid">
        <For each={[1, 2, 3, 4]}>
          {() => (
            <div class="card">
              <Skeleton class="sk-line sk-short" />
              <Skeleton class="sk-value" />
              <Skeleton class="sk-line" />
            </div>
          )}
        </For>
      </div>
      <div class="panel">
        <Skeleton class="sk-line sk-short" />
        <For each={[1, 2, 3, 4]}>{() => <Skeleton class="sk-row" />}</For>
      </div>
    </div>
  );
}

/** Health of this environment: database, queue, outbox, jobs and webhooks, refreshed every 5 s. */
export function StatusPage() {
  useTitle("System status");
  const now = useNow();
  const [status, setStatus] = createSignal<SystemStatus>();
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [updatedAt, setUpdatedAt] = createSignal<number>();
  const [announcement, setAnnouncement] = createSignal("");
  let inFlight = false;

  const refresh = async (manual = false) => {
    if (inFlight) return;
    inFlight = true;
    setLoading(true);
    if (manual) setAnnouncement("Refreshing system status…");
    try {
      setStatus(await api.status());
      setUpdatedAt(Date.now());
      setError(undefined);
      if (manual) setAnnouncement("System status updated.");
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      // Shown in a role="alert" box, which announces itself.
      setError(message);
      setAnnouncement("");
    } finally {
      inFlight = false;
      setLoading(false);
    }
  };

  void refresh();
  const timer = setInterval(() => {
    if (!document.hidden) void refresh();
  }, REFRESH_MS);
  const onVisible = () => {
    if (!document.hidden) void refresh();
  };
  document.addEventListener("visibilitychange", onVisible);
  onCleanup(() => {
    clearInterval(timer);
    document.removeEventListener("visibilitychange", onVisible);
  });

  const updatedLabel = () => {
    const at = updatedAt();
    if (!at) return loading() ? "Loading…" : "Not loaded yet";
    const seconds = Math.max(0, Math.floor((now() - at) / 1000));
    return seconds < 2 ? "Updated just now" : `Updated ${seconds}s ago`;
  };

  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>System status</h1>
          <p class="page-sub">Database, queue, scheduled jobs and webhooks for this environment.</p>
        </div>
        <div class="page-actions">
          <p class="updated" title={updatedAt() ? absoluteTime(updatedAt() ?? 0) : undefined}>
            <ClockIcon />
            <span>{updatedLabel()}</span>
            <span class="updated-auto">· auto-refresh every 5 s</span>
          </p>
          <button type="button" class="btn btn-secondary" onClick={() => refresh(true)} aria-busy={loading()}>
            <RefreshIcon spinning={loading()} />
            Refresh
          </button>
        </div>
      </div>
      <p class="sr-only" role="status" aria-live="polite">
        {announcement()}
      </p>

      <Switch>
        <Match when={status()}>
          {(s) => (
            <>
              <Show when={error()}>
                <div class="alert alert-error alert-row" role="alert">
                  <AlertIcon />
                  <span>
                    Could not refresh: {error()?.replace(/\.$/, "")}. Showing data from{" "}
                    {relativeTime(updatedAt() ?? now(), now())}.
                  </span>
                  <button type="button" class="btn btn-small" onClick={() => refresh(true)}>
                    Retry
                  </button>
                </div>
              </Show>
              <Summary status={s()} />
              <Cards status={s()} />
              <Show when={s().queue.deadLetters > 0 || s().deadLetters.length > 0}>
                <DeadLetters status={s()} now={now()} />
              </Show>
              <InboundSection events={s().inbound} now={now()} />
              <JobsSection jobs={s().jobs} now={now()} />
              <EmailDeliveries />
            </>
          )}
        </Match>
        <Match when={error()}>
          <ErrorState
            title="Could not load system status"
            detail={error() ?? ""}
            onRetry={() => refresh(true)}
            busy={loading()}
          />
        </Match>
        <Match when={true}>
          <LoadingSkeleton />
        </Match>
      </Switch>
    </div>
  );
}
