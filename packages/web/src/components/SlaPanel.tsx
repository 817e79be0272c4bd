import type { InferResponseType } from "hono/client";
import { createResource, createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../api";
import { absoluteTime, formatNumber, useNow } from "../format";
import { t } from "../i18n";
import { Badge, ErrorState, Skeleton, type Tone } from "./ui";

/*
 * SLA display pieces for the ticket pages.
 *
 * <SlaBadges sla={ticket.sla} />
 *   `sla`: the `sla` field of a ticket from GET /api/v1/tickets (list items) or GET /api/v1/tickets/{ref};
 *   null or undefined shows "No SLA". Optional `compact` (list rows) drops the clock names' long form.
 *   Two badges (first response, resolution) with a live countdown, updated every second.
 *
 * <SlaExplain ticketId={ticket.id} />
 *   Fetches GET /api/v1/sla/tickets/{id} and shows each clock's counted and paused stretches with
 *   their reasons, on a timeline bar and in a table. Optional `refreshKey`: change it (e.g. to the
 *   ticket's updatedAt) to refetch after the ticket changed.
 */

type TicketItem = InferResponseType<typeof client.api.v1.tickets.$get, 200>["items"][number];
/** A ticket's SLA summary as the ticket endpoints return it. */
export type SlaSummary = NonNullable<TicketItem["sla"]>;
type ClockSummary = SlaSummary["firstResponse"];
export type SlaExplanation = InferResponseType<(typeof client.api.v1.sla.tickets)[":id"]["$get"], 200>;
type ClockInfo = SlaExplanation["resolution"];

const MINUTE = 60_000;

/** "2 d 4 h", "4 h", "3 h 5 min", "12 min 30 s", "45 s" — compact and readable aloud. */
export function formatDuration(ms: number, withSeconds = false): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const unit = (key: "d" | "h" | "min" | "s", n: number) => t(`slaClock.${key}`, { n: formatNumber(n) });
  if (d > 0) return h > 0 ? `${unit("d", d)} ${unit("h", h)}` : unit("d", d);
  if (h > 0) return m > 0 ? `${unit("h", h)} ${unit("min", m)}` : unit("h", h);
  if (m > 0) return withSeconds && s > 0 ? `${unit("min", m)} ${unit("s", s)}` : unit("min", m);
  return withSeconds ? unit("s", s) : unit("min", 0);
}

/** A duration with seconds when it is under an hour, so a fresh clock does not read "0 min". */
const short = (ms: number) => formatDuration(ms, ms < 3_600_000);

/** A target in minutes as an admin reads it: "4 h", "2 d 4 h", 90 → "1 h 30 min". */
export const formatMinutes = (minutes: number) => formatDuration(minutes * MINUTE);

interface ClockView {
  tone: Tone;
  label: string;
  detail: string;
  title: string;
}

/** What one clock shows at `now`: the stored state, refined by the countdown between two scans. */
function viewOf(clock: ClockSummary, now: number): ClockView {
  const deadline = clock.deadline ? Date.parse(clock.deadline) : null;
  const warning = clock.warningAt ? Date.parse(clock.warningAt) : null;
  switch (clock.state) {
    case "met":
      return { tone: "success", label: t("slaClock.met"), detail: "", title: t("slaClock.metTitle") };
    case "paused":
      return { tone: "neutral", label: t("slaClock.paused"), detail: "", title: t("slaClock.pausedTitle") };
    case "breached": {
      const at = clock.breachedAt ? Date.parse(clock.breachedAt) : now;
      return {
        tone: "danger",
        label: t("slaClock.breached"),
        detail: t("slaClock.ago", { duration: formatDuration(now - at) }),
        title: clock.breachedAt
          ? t("slaClock.breachedAt", { when: absoluteTime(clock.breachedAt) })
          : t("slaClock.breached"),
      };
    }
    case "running": {
      if (deadline === null)
        return { tone: "info", label: t("slaClock.running"), detail: "", title: t("slaClock.running") };
      const title = t("slaClock.due", { when: absoluteTime(deadline) });
      if (deadline <= now) {
        const over = t("slaClock.over", { duration: formatDuration(now - deadline, true) });
        return { tone: "danger", label: t("slaClock.overdue"), detail: over, title };
      }
      const left = t("slaClock.left", { duration: formatDuration(deadline - now, deadline - now < 3_600_000) });
      if (warning !== null && warning <= now)
        return { tone: "warning", label: t("slaClock.atRisk"), detail: left, title };
      return { tone: "info", label: t("slaClock.onTrack"), detail: left, title };
    }
  }
}

function ClockBadge(props: { name: string; clock: ClockSummary; now: number; compact?: boolean }) {
  const view = () => viewOf(props.clock, props.now);
  // In a list row the countdown sits under the badge, so the column stays narrow.
  return (
    <span class="sla-badge" title={view().title}>
      <span class="sla-badge-name">{props.name}</span>
      <Badge tone={view().tone}>
        {view().label}
        <Show when={view().detail && !props.compact}>
          <span class="sla-badge-detail">· {view().detail}</span>
        </Show>
      </Badge>
      <Show when={view().detail && props.compact}>
        <span class="sla-badge-detail sub">{view().detail}</span>
      </Show>
    </span>
  );
}

/** The two SLA clocks of a ticket as badges with a live countdown. */
export function SlaBadges(props: { sla: SlaSummary | null | undefined; compact?: boolean }) {
  const now = useNow();
  return (
    <Show
      when={props.sla}
      fallback={
        <span class="sla-badges">
          <Badge tone="neutral">{t("slaClock.noSla")}</Badge>
        </span>
      }
    >
      {(sla) => (
        <span class="sla-badges">
          <ClockBadge
            name={props.compact ? t("slaClock.response") : t("slaClock.firstResponse")}
            clock={sla().firstResponse}
            now={now()}
            compact={props.compact}
          />
          <ClockBadge name={t("slaClock.resolution")} clock={sla().resolution} now={now()} compact={props.compact} />
        </span>
      )}
    </Show>
  );
}

const stateTone: Record<ClockInfo["state"], Tone> = {
  running: "info",
  paused: "neutral",
  met: "success",
  breached: "danger",
};

/** The kind of stretch, for colour and the legend: counted, closed hours/holiday, paused, stopped. */
function kindOf(reason: string, counted: boolean): "counted" | "closed" | "paused" | "stopped" {
  if (counted) return "counted";
  if (reason.startsWith("paused")) return "paused";
  if (reason.startsWith("stopped")) return "stopped";
  return "closed";
}

const kindLabel = {
  counted: "Counted",
  closed: "Outside hours / holiday",
  paused: "Paused",
  stopped: "Stopped",
} as const;

function Timeline(props: { clock: ClockInfo; label: string }) {
  const span = () => {
    const first = props.clock.intervals[0];
    const last = props.clock.intervals.at(-1);
    return first && last ? Math.max(1, Date.parse(last.to) - Date.parse(first.from)) : 1;
  };
  return (
    <div class="sla-timeline" role="img" aria-label={`${props.label} timeline: see the table of stretches below`}>
      <For each={props.clock.intervals}>
        {(iv) => {
          const length = Date.parse(iv.to) - Date.parse(iv.from);
          return (
            <span
              class={`sla-seg sla-seg-${kindOf(iv.reason, iv.counted)}`}
              style={{ "flex-grow": String(length / span()) }}
              title={`${iv.reason}: ${formatDuration(length)} (${absoluteTime(iv.from)} – ${absoluteTime(iv.to)})`}
            />
          );
        }}
      </For>
    </div>
  );
}

function ClockSection(props: { id: string; title: string; clock: ClockInfo }) {
  const c = () => props.clock;
  return (
    <section class="sla-clock" aria-labelledby={props.id}>
      <div class="sla-clock-head">
        <h3 id={props.id} class="sla-clock-title">
          {props.title}
        </h3>
        <Badge tone={stateTone[c().state]}>{c().state[0]?.toUpperCase() + c().state.slice(1)}</Badge>
      </div>
      <dl class="sla-facts">
        <div>
          <dt>Target</dt>
          <dd>{formatMinutes(c().targetMinutes)}</dd>
        </div>
        <div>
          <dt>Counted</dt>
          <dd>{short(c().consumedMinutes * MINUTE)}</dd>
        </div>
        <div>
          <dt>{c().remainingMinutes < 0 ? "Over by" : "Remaining"}</dt>
          <dd>{short(Math.abs(c().remainingMinutes) * MINUTE)}</dd>
        </div>
        <div>
          <dt>Deadline</dt>
          <dd>
            <Show when={c().deadline} fallback={<span class="muted">{c().state === "paused" ? "Paused" : "—"}</span>}>
              {(d) => <time datetime={d()}>{absoluteTime(d())}</time>}
            </Show>
          </dd>
        </div>
        <Show when={c().breachedAt}>
          {(d) => (
            <div>
              <dt>Breached</dt>
              <dd>
                <time datetime={d()}>{absoluteTime(d())}</time>
              </dd>
            </div>
          )}
        </Show>
      </dl>
      <Timeline clock={c()} label={props.title} />
      <details class="sla-intervals">
        <summary>{t("count.stretch", c().intervals.length)}</summary>
        <div class="table-wrap">
          <table class="table table-stack">
            <caption class="sr-only">{props.title}: every counted and paused stretch</caption>
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Length</th>
                <th scope="col">Counts</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              <For each={c().intervals}>
                {(iv) => (
                  <tr>
                    <td data-label="From">
                      <time datetime={iv.from}>{absoluteTime(iv.from)}</time>
                    </td>
                    <td data-label="To">
                      <time datetime={iv.to}>{absoluteTime(iv.to)}</time>
                    </td>
                    <td data-label="Length">{short(Date.parse(iv.to) - Date.parse(iv.from))}</td>
                    <td data-label="Counts">{iv.counted ? "Yes" : "No"}</td>
                    <td data-label="Why">
                      <span class={`sla-key sla-seg-${kindOf(iv.reason, iv.counted)}`} aria-hidden="true" />
                      {iv.reason}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** Each SLA clock of a ticket explained: policy, calendar, and every counted or paused stretch. */
export function SlaExplain(props: { ticketId: string; refreshKey?: unknown }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [data, { refetch }] = createResource(
    () => [props.ticketId, props.refreshKey] as const,
    async ([id]) => (await send(client.api.v1.sla.tickets[":id"].$get({ param: { id } }))).json(),
  );
  const retry = async () => {
    setBusy(true);
    try {
      await refetch();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="sla-explain">
      <Switch>
        <Match when={data.error}>
          <ErrorState
            title="Could not explain the SLA clocks"
            detail={errorMessage(data.error)}
            onRetry={retry}
            busy={busy()}
          />
        </Match>
        <Match when={data()}>
          {(x) => (
            <>
              <p class="sla-explain-sub">
                Policy: first response {formatMinutes(x().policy.firstResponseMinutes)}, resolution{" "}
                {formatMinutes(x().policy.resolutionMinutes)}, at risk from {x().policy.warnAtPercent} %. Calendar{" "}
                <strong>{x().calendar.name}</strong> ({x().calendar.definition.timeZone}).{" "}
                <Show when={x().cycle > 0}>Reopened {t("count.time", x().cycle)}. </Show>
                Paused while{" "}
                {x()
                  .pauseStatuses.map((s) => s.replaceAll("_", " "))
                  .join(", ") || "never"}
                .
              </p>
              <ul class="sla-legend" aria-label="Timeline colours">
                <For each={Object.entries(kindLabel)}>
                  {([kind, label]) => (
                    <li>
                      <span class={`sla-key sla-seg-${kind}`} aria-hidden="true" />
                      {label}
                    </li>
                  )}
                </For>
              </ul>
              <ClockSection id={`sla-fr-${props.ticketId}`} title="First response" clock={x().firstResponse} />
              <ClockSection id={`sla-res-${props.ticketId}`} title="Resolution" clock={x().resolution} />
            </>
          )}
        </Match>
        <Match when={true}>
          <div class="loading" aria-busy="true">
            <Skeleton class="sk-line" />
            <Skeleton class="sk-row" />
            <Skeleton class="sk-row" />
          </div>
        </Match>
      </Switch>
    </div>
  );
}
