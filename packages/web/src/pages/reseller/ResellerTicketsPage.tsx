import { InboxIcon } from "../../components/icons";
import { type Column, DataTable, pagedTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { PriorityLabel, StatusChip } from "../../components/tickets/labels";
import { Panel, RelativeTime } from "../../components/ui";
import { useNow, useTitle } from "../../format";
import { t } from "../../i18n";
import { createPagedList } from "../../lib/load";
import { portalApi, type ResellerTicket } from "../../portal-api";

/** The tickets of the subscribers and organisations in the reseller's tree, newest first. */
export function ResellerTicketsPage() {
  useTitle(t("crm.reseller.ticketsTitle"));
  const now = useNow();
  const list = createPagedList<ResellerTicket>((cursor) => portalApi.reseller.tickets(cursor ? { cursor } : {}));
  const columns: Column<ResellerTicket>[] = [
    {
      id: "ticket",
      header: t("tickets.list.col.ticket"),
      rowHeader: true,
      compare: (a, b) => a.number.localeCompare(b.number),
      cell: (row) => (
        <span>
          <span class="mono">{row.number}</span> {row.title}
        </span>
      ),
    },
    {
      id: "status",
      header: t("tickets.list.col.status"),
      compare: (a, b) => a.status.localeCompare(b.status),
      cell: (row) => <StatusChip status={row.status} />,
    },
    {
      id: "priority",
      header: t("tickets.list.col.priority"),
      cell: (row) => <PriorityLabel priority={row.priority} />,
    },
    {
      id: "updated",
      header: t("tickets.list.col.updated"),
      compare: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
      cell: (row) => <RelativeTime at={row.updatedAt} now={now()} />,
    },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("crm.reseller.ticketsTitle")}
        sub={t("crm.reseller.ticketsSub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
      />
      <Panel id="reseller-tickets-title" title={t("crm.reseller.ticketsTitle")}>
        <DataTable
          class="reseller-tickets-table"
          labelledBy="reseller-tickets-title"
          columns={columns}
          rowKey={(row) => row.id}
          empty={{ icon: <InboxIcon />, title: t("crm.reseller.noTickets") }}
          {...pagedTable(list, (n) => t("crm.reseller.allShown", n))}
        />
      </Panel>
    </div>
  );
}
