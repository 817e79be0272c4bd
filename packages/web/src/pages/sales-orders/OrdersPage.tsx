import { A } from "@solidjs/router";
import { For } from "solid-js";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney } from "../../components/timecost/money";
import { Badge, Panel, type Tone } from "../../components/ui";
import { formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { type OrderSummary, ordersApi } from "./api";

const keys = ["status", "paymentStatus"] as const;
const statuses = ["confirmed", "paid", "fulfilled", "cancelled"] as const;
const payments = ["pending", "partial", "paid", "waived"] as const;
export const paymentTone: Record<OrderSummary["paymentStatus"], Tone> = {
  pending: "warning",
  partial: "info",
  paid: "success",
  waived: "neutral",
};

/** Sales orders, newest first, by status and payment status. */
export function OrdersPage() {
  useTitle(t("quotes.orders.title"));
  const filters = useUrlFilters(keys);
  const list = createLoad(
    () =>
      ordersApi.list({
        ...(filters.values().status ? { status: filters.values().status as (typeof statuses)[number] } : {}),
        ...(filters.values().paymentStatus
          ? { paymentStatus: filters.values().paymentStatus as (typeof payments)[number] }
          : {}),
      }),
    { key: filters.values, keepOnError: true },
  );
  const columns: Column<OrderSummary>[] = [
    {
      id: "number",
      header: t("quotes.orders.number"),
      class: "mono",
      cell: (o) => <A href={`/sales-orders/${o.id}`}>{o.number}</A>,
    },
    { id: "customer", header: t("quotes.orders.customer"), rowHeader: true, cell: (o) => o.personName },
    { id: "status", header: t("quotes.orders.status"), cell: (o) => t(`quotes.orders.statuses.${o.status}`) },
    {
      id: "payment",
      header: t("quotes.orders.payment"),
      cell: (o) => <Badge tone={paymentTone[o.paymentStatus]}>{t(`quotes.orders.payments.${o.paymentStatus}`)}</Badge>,
    },
    { id: "total", header: t("quotes.orders.total"), class: "num", cell: (o) => formatMoney(o.totalMinor, o.currency) },
    {
      id: "balance",
      header: t("quotes.orders.balance"),
      class: "num",
      cell: (o) => formatMoney(o.balanceDueMinor, o.currency),
    },
    { id: "created", header: t("quotes.orders.created"), cell: (o) => formatDate(o.createdAt) },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("quotes.orders.title")}
        sub={t("quotes.orders.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
      />
      <FilterBar
        id="order-filters"
        label={t("quotes.orders.filters")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="orders-status">{t("quotes.orders.status")}</label>
          <select id="orders-status" name="status" value={filters.values().status}>
            <option value="">{t("quotes.orders.any")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`quotes.orders.statuses.${s}`)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="orders-payment">{t("quotes.orders.payment")}</label>
          <select id="orders-payment" name="paymentStatus" value={filters.values().paymentStatus}>
            <option value="">{t("quotes.orders.any")}</option>
            <For each={payments}>{(s) => <option value={s}>{t(`quotes.orders.payments.${s}`)}</option>}</For>
          </select>
        </div>
      </FilterBar>
      <Panel id="orders-title" title={t("quotes.orders.title")}>
        <DataTable
          class="orders-table"
          labelledBy="orders-title"
          columns={columns}
          rows={list.data()?.items}
          loading={list.loading() && !list.data()}
          error={list.error()}
          onRetry={() => void list.refresh()}
          rowKey={(o) => o.id}
          empty={{ icon: <BookIcon />, title: t("quotes.orders.empty") }}
        />
      </Panel>
    </div>
  );
}
