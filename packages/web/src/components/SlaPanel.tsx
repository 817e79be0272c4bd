import type { InferResponseType } from "hono/client";
import { Show } from "solid-js";
import type { client } from "../api";
import { absoluteTime, formatNumber, useNow } from "../format";
import { t } from "../i18n";
import { Badge, type Tone } from "./ui";

/*
 * SLA badges for the ticket pages (the explanation of the clocks is SlaExplain.tsx).
 *
 * <SlaBadges sla={ticket.sla} />
 *   `sla`: the `sla` field of a ticket from GET /api/v1/tickets (list items) or GET /api/v1/tickets/{ref};
 *   null or undefined shows "No SLA". Optional `compact` (list rows) drops the clock names' long form.
 *   Two badges (first response, resolution) with a live countdown, updated every second.
 */

type TicketItem = InferResponseType<typeof client.api.v1.tickets.$get, 200>["items"][number];
/** A ticket's SLA summary as the ticket endpoints return it. */
export type SlaSummary = NonNullable<TicketItem["sla"]>;
type ClockSummary = SlaSummary["firstResponse"];

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
export const shortDuration = (ms: number) => formatDuration(ms, ms < 3_600_000);

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
