import { A } from "@solidjs/router";
import { createMemo } from "solid-js";
import { CheckCircleIcon } from "../../../components/icons";
import { type Column, DataTable } from "../../../components/kit/DataTable";
import { StatusChip } from "../../../components/tickets/labels";
import { Panel, RelativeTime } from "../../../components/ui";
import { t } from "../../../i18n";
import { type Compliance, clockLabel } from "./shared";

type Breach = Compliance["recent"][number];

/** The latest SLA deadlines missed, linked to their tickets. */
export function Breaches(props: { compliance: Compliance; now: number }) {
  const columns = createMemo((): Column<Breach>[] => [
    {
      id: "ticket",
      header: t("dashboard.breaches.col.ticket"),
      rowHeader: true,
      cell: (b) => (
        <>
          <A href={`/tickets/${encodeURIComponent(b.number)}`} class="mono">
            {b.number}
          </A>
          <span class="sub truncate">{b.title}</span>
        </>
      ),
    },
    { id: "clock", header: t("dashboard.breaches.col.clock"), cell: (b) => clockLabel(b.clock) },
    { id: "status", header: t("dashboard.breaches.col.status"), cell: (b) => <StatusChip status={b.status} /> },
    {
      id: "breached",
      header: t("dashboard.breaches.col.breached"),
      class: "nowrap",
      cell: (b) => <RelativeTime at={b.at} now={props.now} />,
    },
  ]);
  return (
    <Panel id="breaches-title" title={t("dashboard.breaches.title")} sub={t("dashboard.breaches.sub")}>
      <DataTable
        class="breaches-table"
        labelledBy="breaches-title"
        columns={columns()}
        rows={props.compliance.recent}
        rowKey={(b) => `${b.ticketId}-${b.clock}-${b.at}`}
        empty={{ icon: <CheckCircleIcon />, title: t("dashboard.breaches.empty") }}
      />
    </Panel>
  );
}
