import { A } from "@solidjs/router";
import { useNow } from "../../format";
import { t } from "../../i18n";
import { createPagedList } from "../../lib/load";
import { ActivityIcon, InboxIcon } from "../icons";
import { type Column, DataTable, pagedTable } from "../kit/DataTable";
import { StatusChip } from "../tickets/labels";
import { Panel, RelativeTime } from "../ui";
import { crmApi, type RelatedTicket, type Subscriber, type SubscribersQuery, type TicketsQuery } from "./api";

/** A party's tickets, newest first, with "Load more": the person, organisation and subscriber screens. */
export function RelatedTickets(props: { id: string; query: TicketsQuery }) {
  const now = useNow();
  const list = createPagedList<RelatedTicket>(
    (cursor) => crmApi.tickets({ ...props.query, limit: "20", ...(cursor ? { cursor } : {}) }),
    { key: () => JSON.stringify(props.query) },
  );
  const columns: Column<RelatedTicket>[] = [
    {
      id: "ticket",
      header: t("tickets.list.col.ticket"),
      rowHeader: true,
      cell: (row) => (
        <A href={`/tickets/${encodeURIComponent(row.number)}`}>
          <span class="mono">{row.number}</span> {row.title}
        </A>
      ),
    },
    { id: "status", header: t("tickets.list.col.status"), cell: (row) => <StatusChip status={row.status} /> },
    {
      id: "updated",
      header: t("tickets.list.col.updated"),
      cell: (row) => <RelativeTime at={row.updatedAt} now={now()} />,
    },
  ];
  return (
    <Panel id={props.id} title={t("crm.tickets.title")}>
      <DataTable
        class="crm-tickets-table"
        labelledBy={props.id}
        columns={columns}
        rowKey={(row) => row.id}
        empty={{ icon: <InboxIcon />, title: t("crm.tickets.none") }}
        skeletonRows={2}
        {...pagedTable(list, () => "")}
      />
    </Panel>
  );
}

/** A party's subscribers by number: number, plan, status. */
export function RelatedSubscribers(props: { id: string; query: SubscribersQuery }) {
  const list = createPagedList<Subscriber>(
    (cursor) => crmApi.subscribers({ ...props.query, ...(cursor ? { cursor } : {}) }),
    { key: () => JSON.stringify(props.query) },
  );
  return (
    <Panel id={props.id} title={t("crm.subscribers.title")}>
      <DataTable
        class="crm-subscribers-table"
        labelledBy={props.id}
        columns={subscriberColumns()}
        rowKey={(row) => row.id}
        empty={{ icon: <ActivityIcon />, title: t("crm.subscribers.none") }}
        skeletonRows={2}
        {...pagedTable(list, () => "")}
      />
    </Panel>
  );
}

export function subscriberColumns(): Column<Subscriber>[] {
  return [
    {
      id: "number",
      header: t("crm.subscribers.number"),
      rowHeader: true,
      cell: (row) => (
        <A class="mono" href={`/subscribers/${row.id}`}>
          {row.subscriberNumber}
        </A>
      ),
    },
    {
      id: "plan",
      header: t("crm.subscribers.plan"),
      cell: (row) => [row.planName, row.planSpeed].filter(Boolean).join(" · ") || "—",
    },
    {
      id: "status",
      header: t("crm.subscribers.status"),
      cell: (row) => <span class="tk-chip">{t(`crm.subscriberStatus.${row.status}`)}</span>,
    },
  ];
}
