import { A } from "@solidjs/router";
import { Show } from "solid-js";
import type { Column } from "../../../components/kit/DataTable";
import type { ListedTicket } from "../../../components/tickets/api";
import { PriorityLabel, priorityRank, StatusChip, statusLabel } from "../../../components/tickets/labels";
import { SlaCell } from "../../../components/tickets/SlaCell";
import { staffName } from "../../../components/tickets/staff";
import { RelativeTime } from "../../../components/ui";
import { t } from "../../../i18n";

const text = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

/** How soon the resolution clock needs attention: breached first, then the nearest deadline, then none. */
function slaUrgency(ticket: ListedTicket): number {
  const clock = ticket.sla?.resolution;
  if (!clock) return Number.POSITIVE_INFINITY;
  if (clock.state === "breached") return Number.NEGATIVE_INFINITY;
  return clock.state === "running" ? time(clock.deadline) : Number.MAX_SAFE_INTEGER;
}

/**
 * The ticket list's columns. The list API pages newest first and has no sort parameter, so each
 * column sorts the tickets loaded so far (the table says so under it).
 */
/** Work that is over: nobody takes a closed, canceled or merged ticket. */
const finished = new Set(["closed", "canceled", "merged"]);

export function ticketColumns(props: {
  now: () => number;
  typeName: (id: string) => string | undefined;
  teamName: (id: string | null) => string | null;
  /** Shown on unassigned rows when the user may take tickets. */
  onTake?: ((row: ListedTicket) => void) | undefined;
  onFocusRow: (index: number) => void;
}): Column<ListedTicket>[] {
  const typeOf = (row: ListedTicket) => (row.ticketTypeId ? (props.typeName(row.ticketTypeId) ?? "") : "");
  return [
    {
      id: "ticket",
      header: t("tickets.list.col.ticket"),
      rowHeader: true,
      class: "tk-title-cell",
      compare: (a, b) => text(a.number, b.number),
      cell: (row, index) => (
        <A
          href={`/tickets/${encodeURIComponent(row.number)}`}
          class="tk-row-link"
          data-id={row.id}
          onFocus={() => props.onFocusRow(index())}
        >
          <span class="tk-number">{row.number}</span>
          <span class="tk-title">{row.title}</span>
        </A>
      ),
    },
    {
      id: "customer",
      header: t("tickets.list.col.customer"),
      class: "tk-customer-cell",
      compare: (a, b) => text(a.customerName ?? "", b.customerName ?? ""),
      cell: (row) => row.customerName ?? <span class="muted">—</span>,
    },
    {
      id: "status",
      header: t("tickets.list.col.status"),
      compare: (a, b) => text(statusLabel(a.status), statusLabel(b.status)),
      cell: (row) => <StatusChip status={row.status} />,
    },
    {
      id: "priority",
      header: t("tickets.list.col.priority"),
      compare: (a, b) => priorityRank(a.priority) - priorityRank(b.priority),
      cell: (row) => <PriorityLabel priority={row.priority} />,
    },
    {
      id: "type",
      header: t("tickets.list.col.type"),
      class: "tk-wrap-cell tk-type-cell",
      compare: (a, b) => text(typeOf(a), typeOf(b)),
      cell: (row) => (
        <Show when={row.ticketTypeId} fallback={<span class="muted">—</span>}>
          {typeOf(row) || "—"}
        </Show>
      ),
    },
    {
      // The team is the assignment group: it reads under the assignee, which keeps the table inside 1280 px.
      id: "assignee",
      header: t("tickets.list.col.assignee"),
      class: "tk-assignee-cell",
      compare: (a, b) => text(staffName(a.primaryAssigneeId), staffName(b.primaryAssigneeId)),
      cell: (row) => (
        <>
          <Show
            when={row.primaryAssigneeId}
            fallback={
              <Show
                when={!finished.has(row.status) && props.onTake}
                fallback={<span class="muted">{t("tickets.unassigned")}</span>}
              >
                {(onTake) => (
                  <button
                    type="button"
                    class="btn btn-secondary btn-small tk-take"
                    aria-label={t("tickets.list.takeRow", { number: row.number })}
                    onClick={() => onTake()(row)}
                  >
                    {t("tickets.list.take")}
                  </button>
                )}
              </Show>
            }
          >
            {staffName(row.primaryAssigneeId)}
          </Show>
          <Show when={row.assigneeIds.length > 0}>
            <span class="muted"> +{row.assigneeIds.length}</span>
          </Show>
          <Show when={props.teamName(row.teamId)}>
            {(team) => <span class="sub">{t("tickets.list.teamLine", { team: team() })}</span>}
          </Show>
        </>
      ),
    },
    {
      id: "sla",
      header: t("tickets.list.col.sla"),
      compare: (a, b) => slaUrgency(a) - slaUrgency(b),
      cell: (row) => <SlaCell sla={row.sla} />,
    },
    {
      id: "updated",
      header: t("tickets.list.col.updated"),
      // Wraps like type and team: "opened 2 minutes ago" grows with time and must not widen the table.
      class: "tk-wrap-cell",
      compare: (a, b) => time(a.updatedAt) - time(b.updatedAt),
      cell: (row) => (
        <span>
          <RelativeTime at={row.updatedAt} now={props.now()} />
          <span class="sub">
            {t("tickets.list.opened")} <RelativeTime at={row.createdAt} now={props.now()} />
          </span>
        </span>
      ),
    },
  ];
}
