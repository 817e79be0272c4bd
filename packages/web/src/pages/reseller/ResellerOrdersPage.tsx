import { BookIcon } from "../../components/icons";
import { type Column, DataTable, pagedTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney } from "../../components/timecost/money";
import { Badge, Panel } from "../../components/ui";
import { absoluteTime, useTitle } from "../../format";
import { t } from "../../i18n";
import { createPagedList } from "../../lib/load";
import { type PortalOrder, resellerCommissionApi } from "./commission-api";

/** Orders the reseller's organisations sourced, newest first, with the commission each earned. */
export function ResellerOrdersPage() {
  useTitle(t("commissions.portal.ordersTitle"));
  const list = createPagedList<PortalOrder>((cursor) => resellerCommissionApi.orders(cursor));
  const columns: Column<PortalOrder>[] = [
    { id: "order", header: t("commissions.col.order"), rowHeader: true, class: "mono", cell: (o) => o.number },
    { id: "customer", header: t("commissions.col.customer"), cell: (o) => o.customerName },
    { id: "org", header: t("commissions.col.organisation"), cell: (o) => o.resellerName },
    {
      id: "total",
      header: t("commissions.col.orderTotal"),
      class: "num",
      cell: (o) => formatMoney(o.totalMinor, o.currency),
    },
    {
      id: "payment",
      header: t("commissions.col.payment"),
      cell: (o) => (
        <Badge tone={o.paymentStatus === "paid" ? "success" : o.paymentStatus === "waived" ? "neutral" : "warning"}>
          {t(`commissions.paymentStatus.${o.paymentStatus}`)}
        </Badge>
      ),
    },
    {
      id: "commission",
      header: t("commissions.col.amount"),
      class: "num",
      cell: (o) =>
        o.commission ? (
          <>
            <strong>{formatMoney(o.commission.amountMinor, o.currency)}</strong>
            <span class="sub">{t(`commissions.status.${o.commission.status}`)}</span>
          </>
        ) : (
          <span class="muted">{t("commissions.portal.notAccrued")}</span>
        ),
    },
    { id: "created", header: t("commissions.col.created"), cell: (o) => absoluteTime(o.createdAt) },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("commissions.portal.ordersTitle")}
        sub={t("commissions.portal.ordersSub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
      />
      <Panel id="portal-orders-title" title={t("commissions.portal.ordersTitle")}>
        <DataTable
          class="orders-table"
          labelledBy="portal-orders-title"
          columns={columns}
          rowKey={(o) => o.id}
          empty={{ icon: <BookIcon />, title: t("commissions.portal.noOrders") }}
          {...pagedTable(list, (n) => String(n))}
        />
      </Panel>
    </div>
  );
}
