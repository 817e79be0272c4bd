import type { InferResponseType } from "hono/client";
import { For, type JSX, Show } from "solid-js";
import { client, read } from "../api";
import { absoluteTime, formatNumber } from "../format";
import { t } from "../i18n";
import { rich } from "../i18n/rich";
import { createLoad } from "../lib/load";
import { type Column, DataTable } from "./kit/DataTable";
import { formatMinutes, shortDuration } from "./SlaPanel";
import type { TicketStatus } from "./tickets/api";
import { statusLabel, ticketStatuses } from "./tickets/labels";
import { Badge, ErrorState, Skeleton, type Tone } from "./ui";

/*
 * <SlaExplain ticketId={ticket.id} />
 *   Fetches GET /api/v1/sla/tickets/{id} and shows each clock's counted and paused stretches with
 *   their reasons, on a timeline bar and in a table. Optional `refreshKey`: change it (e.g. to the
 *   ticket's updatedAt) to refetch after the ticket changed.
 */

export type SlaExplanation = InferResponseType<(typeof client.api.v1.sla.tickets)[":id"]["$get"], 200>;
type ClockInfo = SlaExplanation["resolution"];
type Interval = ClockInfo["intervals"][number];
type Kind = "counted" | "closed" | "paused" | "stopped";

const MINUTE = 60_000;
const kinds: Kind[] = ["counted", "closed", "paused", "stopped"];

const stateTone: Record<ClockInfo["state"], Tone> = {
  running: "info",
  paused: "neutral",
  met: "success",
  breached: "danger",
};

/** The kind of stretch, for colour and the legend: counted, closed hours/holiday, paused, stopped. */
function kindOf(reason: string, counted: boolean): Kind {
  if (counted) return "counted";
  if (reason.startsWith("paused")) return "paused";
  if (reason.startsWith("stopped")) return "stopped";
  return "closed";
}

const isStatus = (s: string): s is TicketStatus => (ticketStatuses as string[]).includes(s);
const status = (s: string) => (isStatus(s) ? statusLabel(s) : s);

/** The engine's reason ("paused: pending", "outside business hours") in the reader's language. */
export function reasonLabel(reason: string): string {
  if (reason === "business hours") return t("slaClock.explain.reason.business");
  if (reason === "outside business hours") return t("slaClock.explain.reason.outside");
  if (reason === "holiday") return t("slaClock.explain.reason.holiday");
  const paused = /^paused: (.*)$/.exec(reason);
  if (paused) return t("slaClock.explain.reason.paused", { status: status(paused[1] ?? "") });
  const stopped = /^stopped: (.*)$/.exec(reason);
  if (stopped) {
    const event = stopped[1] ?? "";
    const known = { "first response": "firstResponse", resolved: "resolved", closed: "closed" } as const;
    const key = known[event as keyof typeof known];
    return t("slaClock.explain.reason.stopped", { event: key ? t(`slaClock.explain.reason.${key}`) : event });
  }
  return reason;
}

const lengthOf = (iv: Interval) => Date.parse(iv.to) - Date.parse(iv.from);

/**
 * The clock's stretches as one bar. An SVG whose rectangles are sized by attributes: the CSP allows
 * no inline styles, and a bar of proportional parts needs no script either.
 */
function Timeline(props: { clock: ClockInfo; label: string; id: string }) {
  const parts = () => {
    const first = props.clock.intervals[0];
    const last = props.clock.intervals.at(-1);
    const span = first && last ? Math.max(1, Date.parse(last.to) - Date.parse(first.from)) : 1;
    let x = 0;
    return props.clock.intervals.map((iv) => {
      const width = Math.max(0.2, (lengthOf(iv) / span) * 1000);
      const part = { iv, x, width };
      x += width;
      return part;
    });
  };
  return (
    <svg
      class="sla-timeline"
      viewBox="0 0 1000 14"
      preserveAspectRatio="none"
      role="img"
      aria-label={t("slaClock.explain.timeline", { clock: props.label })}
    >
      <defs>
        <pattern
          id={`${props.id}-stripes`}
          width="8"
          height="8"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect class="sla-stripe-a" width="4" height="8" />
          <rect class="sla-stripe-b" x="4" width="4" height="8" />
        </pattern>
      </defs>
      <For each={parts()}>
        {(part) => (
          <rect
            class={`sla-seg sla-seg-${kindOf(part.iv.reason, part.iv.counted)}`}
            x={part.x}
            width={part.width}
            height="14"
            fill={kindOf(part.iv.reason, part.iv.counted) === "closed" ? `url(#${props.id}-stripes)` : undefined}
          >
            <title>
              {t("slaClock.explain.segment", {
                reason: reasonLabel(part.iv.reason),
                length: shortDuration(lengthOf(part.iv)),
                from: absoluteTime(part.iv.from),
                to: absoluteTime(part.iv.to),
              })}
            </title>
          </rect>
        )}
      </For>
    </svg>
  );
}

function intervalColumns(): Column<Interval>[] {
  return [
    {
      id: "from",
      header: t("slaClock.explain.col.from"),
      cell: (iv) => <time datetime={iv.from}>{absoluteTime(iv.from)}</time>,
    },
    {
      id: "to",
      header: t("slaClock.explain.col.to"),
      cell: (iv) => <time datetime={iv.to}>{absoluteTime(iv.to)}</time>,
    },
    { id: "length", header: t("slaClock.explain.col.length"), cell: (iv) => shortDuration(lengthOf(iv)) },
    {
      id: "counts",
      header: t("slaClock.explain.col.counts"),
      cell: (iv) => (iv.counted ? t("slaClock.explain.yes") : t("slaClock.explain.no")),
    },
    {
      id: "why",
      header: t("slaClock.explain.col.why"),
      cell: (iv) => (
        <>
          <span class={`sla-key sla-seg-${kindOf(iv.reason, iv.counted)}`} aria-hidden="true" />
          {reasonLabel(iv.reason)}
        </>
      ),
    },
  ];
}

function ClockSection(props: { id: string; title: string; clock: ClockInfo }) {
  const c = () => props.clock;
  return (
    <section class="sla-clock" aria-labelledby={props.id}>
      <div class="sla-clock-head">
        <h3 id={props.id} class="sla-clock-title">
          {props.title}
        </h3>
        <Badge tone={stateTone[c().state]}>{t(`slaClock.explain.state.${c().state}`)}</Badge>
      </div>
      <dl class="sla-facts">
        <div>
          <dt>{t("slaClock.explain.target")}</dt>
          <dd>{formatMinutes(c().targetMinutes)}</dd>
        </div>
        <div>
          <dt>{t("slaClock.explain.counted")}</dt>
          <dd>{shortDuration(c().consumedMinutes * MINUTE)}</dd>
        </div>
        <div>
          <dt>{c().remainingMinutes < 0 ? t("slaClock.explain.overBy") : t("slaClock.explain.remaining")}</dt>
          <dd>{shortDuration(Math.abs(c().remainingMinutes) * MINUTE)}</dd>
        </div>
        <div>
          <dt>{t("slaClock.explain.deadline")}</dt>
          <dd>
            <Show
              when={c().deadline}
              fallback={<span class="muted">{c().state === "paused" ? t("slaClock.paused") : t("kit.none")}</span>}
            >
              {(d) => <time datetime={d()}>{absoluteTime(d())}</time>}
            </Show>
          </dd>
        </div>
        <Show when={c().breachedAt}>
          {(d) => (
            <div>
              <dt>{t("slaClock.explain.breached")}</dt>
              <dd>
                <time datetime={d()}>{absoluteTime(d())}</time>
              </dd>
            </div>
          )}
        </Show>
      </dl>
      <Timeline clock={c()} label={props.title} id={`${props.id}-timeline`} />
      <details class="sla-intervals">
        <summary>{t("count.stretch", c().intervals.length)}</summary>
        <DataTable
          class="sla-intervals-table"
          label={t("slaClock.explain.stretches", { clock: props.title })}
          columns={intervalColumns()}
          rows={c().intervals}
          rowKey={(iv) => `${iv.from}-${iv.reason}`}
        />
      </details>
    </section>
  );
}

/** Each SLA clock of a ticket explained: policy, calendar, and every counted or paused stretch. */
export function SlaExplain(props: { ticketId: string; refreshKey?: unknown }): JSX.Element {
  const data = createLoad(() => read(client.api.v1.sla.tickets[":id"].$get({ param: { id: props.ticketId } })), {
    key: () => [props.ticketId, props.refreshKey],
  });
  const summary = (x: SlaExplanation) => {
    const statuses = x.pauseStatuses.map(status).join(", ");
    return [
      t("slaClock.explain.policy", {
        first: formatMinutes(x.policy.firstResponseMinutes),
        resolution: formatMinutes(x.policy.resolutionMinutes),
        warn: formatNumber(x.policy.warnAtPercent),
        zone: x.calendar.definition.timeZone,
      }),
      x.cycle > 0 ? t("slaClock.explain.reopened", { times: t("count.time", x.cycle) }) : "",
      t("slaClock.explain.pausedWhile", { statuses: statuses || t("slaClock.explain.never") }),
    ]
      .filter(Boolean)
      .join(" ");
  };
  return (
    <div class="sla-explain">
      <Show
        when={data.data()}
        fallback={
          <Show
            when={data.error()}
            fallback={
              <div class="loading" aria-busy="true">
                <Skeleton class="sk-line" />
                <Skeleton class="sk-row" />
                <Skeleton class="sk-row" />
              </div>
            }
          >
            <ErrorState
              title={t("slaClock.explain.loadFailed")}
              detail={data.error() ?? ""}
              onRetry={data.refresh}
              busy={data.loading()}
            />
          </Show>
        }
      >
        {(x) => (
          <>
            <p class="sla-explain-sub">{rich(summary(x()), { calendar: <strong>{x().calendar.name}</strong> })}</p>
            <ul class="sla-legend" aria-label={t("slaClock.explain.legend")}>
              <For each={kinds}>
                {(kind) => (
                  <li>
                    <span class={`sla-key sla-seg-${kind}`} aria-hidden="true" />
                    {t(`slaClock.explain.kind.${kind}`)}
                  </li>
                )}
              </For>
            </ul>
            <ClockSection
              id={`sla-fr-${props.ticketId}`}
              title={t("slaClock.firstResponse")}
              clock={x().firstResponse}
            />
            <ClockSection id={`sla-res-${props.ticketId}`} title={t("slaClock.resolution")} clock={x().resolution} />
          </>
        )}
      </Show>
    </div>
  );
}
