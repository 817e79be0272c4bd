import { Show } from "solid-js";
import { ClockIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { Badge, type Tone } from "../../components/ui";
import { dateTimeShort } from "../../format";
import { t } from "../../i18n";
import type { Clock, Clocks, ProjectDetail } from "./api";

const tone: Record<Clock["health"], Tone> = {
  on_track: "success",
  at_risk: "warning",
  breached: "danger",
  paused: "neutral",
  met: "success",
  not_started: "neutral",
  none: "neutral",
};

/** A clock's health as a pill (word plus colour), with its deadline when it has one. */
export function SlaBadge(props: { clock: Clock | undefined; withDeadline?: boolean; quiet?: boolean }) {
  // Quiet (a board card): only clocks that are running or paused are worth a pill.
  const shown = () => {
    const c = props.clock;
    if (!c || c.health === "none") return undefined;
    return props.quiet && (c.health === "not_started" || c.health === "met") ? undefined : c;
  };
  return (
    <Show when={shown()}>
      {(c) => (
        <span class="sla-state" data-sla={c().health}>
          <Badge tone={tone[c().health]}>{t(`projects.sla.${c().health}`)}</Badge>
          <Show when={props.withDeadline && c().deadline}>
            {(d) => <span class="muted"> {t("projects.sla.due", { date: dateTimeShort(d()) })}</span>}
          </Show>
        </span>
      )}
    </Show>
  );
}

/** Every task with an SLA, its state and deadline: what a PM scans for trouble. */
export function SlaTable(props: { detail: ProjectDetail; clocks: Clocks }) {
  type Row = { task: ProjectDetail["tasks"][number]; clock: Clock };
  const rows = (): Row[] =>
    props.detail.tasks.flatMap((task) => {
      const clock = props.clocks.tasks.find((c) => c.taskId === task.id);
      return clock && clock.health !== "none" ? [{ task, clock }] : [];
    });
  const columns: Column<Row>[] = [
    { id: "task", header: t("projects.sla.task"), rowHeader: true, cell: (r) => r.task.title },
    { id: "state", header: t("projects.sla.state"), cell: (r) => <SlaBadge clock={r.clock} /> },
    {
      id: "target",
      header: t("projects.sla.target"),
      cell: (r) => t("projects.sla.hours", { hours: Math.round(((r.clock.targetMinutes ?? 0) / 60) * 10) / 10 }),
    },
    {
      id: "deadline",
      header: t("projects.sla.deadline"),
      cell: (r) => (r.clock.deadline ? dateTimeShort(r.clock.deadline) : "—"),
    },
  ];
  return (
    <DataTable
      class="sla-table"
      label={t("projects.sla.title")}
      columns={columns}
      rows={rows()}
      rowKey={(r) => r.task.id}
      rowData={(r) => r.task.key ?? r.task.id}
      empty={{ icon: <ClockIcon />, title: t("projects.sla.noPolicy") }}
    />
  );
}
