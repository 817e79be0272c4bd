import { A } from "@solidjs/router";
import type { JSX } from "solid-js";
import { Show } from "solid-js";
import { absoluteTime } from "../../format";
import { t } from "../../i18n";
import type { PagedList } from "../../lib/load";
import { BookIcon } from "../icons";
import { type Column, DataTable, pagedTable } from "../kit/DataTable";
import { formatMoney } from "../timecost/money";
import { Badge, Panel, type Tone } from "../ui";
import { percent } from "./Totals";

/** What both the staff and the reseller screens show of a commission (the API's shape, structurally). */
export interface CommissionRow {
  id: string;
  salesOrderId: string;
  orderNumber: string | null;
  resellerName: string;
  currency: string;
  basisMinor: number;
  rateBp: number;
  amountMinor: number;
  status: "pending" | "approved" | "paid" | "void";
  payoutNumber: string | null;
  voidReason: string | null;
  reversedAt: string | null;
  reversalReason: "cancelled" | "refunded" | null;
  createdAt: string;
}

export interface PayoutRow {
  id: string;
  number: string;
  resellerName: string;
  currency: string;
  totalMinor: number;
  adjustmentMinor: number;
  commissionCount: number;
  status: "draft" | "paid" | "void";
  method: string | null;
  reference: string | null;
  paidOn: string | null;
  voidReason: string | null;
  createdAt: string;
}

export const commissionTone: Record<CommissionRow["status"], Tone> = {
  pending: "warning",
  approved: "info",
  paid: "success",
  void: "neutral",
};
const payoutTone: Record<PayoutRow["status"], Tone> = { draft: "warning", paid: "success", void: "neutral" };

/** Status, and when its order was cancelled or refunded, that it was reversed (voided or clawed back). */
function CommissionStatus(props: { row: CommissionRow }) {
  return (
    <>
      <Badge tone={commissionTone[props.row.status]}>{t(`commissions.status.${props.row.status}`)}</Badge>
      <Show when={props.row.reversalReason}>
        {(reason) => (
          <Badge tone="danger">
            {t(`commissions.reversal.${props.row.status === "paid" ? "clawedBack" : "reversed"}.${reason()}`)}
          </Badge>
        )}
      </Show>
      <Show when={props.row.voidReason && !props.row.reversalReason}>
        <span class="sub">{props.row.voidReason}</span>
      </Show>
    </>
  );
}

/**
 * One table of commissions for staff and the reseller portal: order, who earned it, basis, rate, amount,
 * status, payout, when. `orderLink` makes the order a link (staff); `actions` adds a last column.
 */
export function CommissionTable<T extends CommissionRow>(props: {
  id: string;
  title: string;
  list: PagedList<T>;
  resellerHeader: string;
  orderLink?: boolean;
  actions?: (row: T) => JSX.Element;
  empty: { title: string; body: string };
}) {
  const columns: Column<T>[] = [
    {
      id: "order",
      header: t("commissions.col.order"),
      rowHeader: true,
      class: "mono",
      cell: (r) =>
        props.orderLink ? (
          <A href={`/sales-orders/${r.salesOrderId}`}>{r.orderNumber ?? r.salesOrderId}</A>
        ) : (
          (r.orderNumber ?? "—")
        ),
    },
    { id: "reseller", header: props.resellerHeader, cell: (r) => r.resellerName },
    {
      id: "basis",
      header: t("commissions.col.basis"),
      class: "num",
      cell: (r) => formatMoney(r.basisMinor, r.currency),
    },
    { id: "rate", header: t("commissions.col.rate"), class: "num", cell: (r) => percent(r.rateBp) },
    {
      id: "amount",
      header: t("commissions.col.amount"),
      class: "num",
      cell: (r) => <strong>{formatMoney(r.amountMinor, r.currency)}</strong>,
    },
    { id: "status", header: t("commissions.col.status"), cell: (r) => <CommissionStatus row={r} /> },
    { id: "payout", header: t("commissions.col.payout"), class: "mono", cell: (r) => r.payoutNumber ?? "—" },
    { id: "accrued", header: t("commissions.col.accrued"), cell: (r) => absoluteTime(r.createdAt) },
  ];
  return <ListPanel {...props} class="commissions-table" columns={columns} count={(n) => t("commissions.count", n)} />;
}

/** One table of payouts for staff and the reseller portal; the total nets any claw-backs it deducts. */
export function PayoutTable<T extends PayoutRow>(props: {
  id: string;
  title: string;
  list: PagedList<T>;
  resellerHeader: string;
  showCount?: boolean;
  actions?: (row: T) => JSX.Element;
  empty: { title: string; body: string };
}) {
  const columns: Column<T>[] = [
    { id: "number", header: t("commissions.col.number"), rowHeader: true, class: "mono", cell: (p) => p.number },
    { id: "reseller", header: props.resellerHeader, cell: (p) => p.resellerName },
    {
      id: "total",
      header: t("commissions.col.total"),
      class: "num",
      cell: (p) => (
        <>
          <strong>{formatMoney(p.totalMinor, p.currency)}</strong>
          <Show when={p.adjustmentMinor < 0}>
            <span class="sub">
              {t("commissions.reversal.deducted", { amount: formatMoney(-p.adjustmentMinor, p.currency) })}
            </span>
          </Show>
        </>
      ),
    },
    ...(props.showCount
      ? [{ id: "count", header: t("commissions.col.count"), class: "num", cell: (p: T) => p.commissionCount }]
      : []),
    {
      id: "status",
      header: t("commissions.col.status"),
      cell: (p) => (
        <>
          <Badge tone={payoutTone[p.status]}>{t(`commissions.payoutStatus.${p.status}`)}</Badge>
          <Show when={p.voidReason}>
            <span class="sub">{p.voidReason}</span>
          </Show>
        </>
      ),
    },
    {
      id: "paid",
      header: t("commissions.col.paid"),
      cell: (p) =>
        p.paidOn ? (
          <>
            {p.paidOn}
            <span class="sub">
              {p.method ? t(`commissions.method.${p.method as "cash"}`) : ""} · <span class="mono">{p.reference}</span>
            </span>
          </>
        ) : (
          "—"
        ),
    },
    { id: "created", header: t("commissions.col.created"), cell: (p) => absoluteTime(p.createdAt) },
  ];
  return <ListPanel {...props} class="payouts-table" columns={columns} count={(n) => String(n)} />;
}

/** The panel both tables sit in: the columns, an actions column when given, paging and the empty state. */
function ListPanel<T extends { id: string }>(props: {
  id: string;
  title: string;
  class: string;
  columns: Column<T>[];
  list: PagedList<T>;
  count: (n: number) => string;
  actions?: (row: T) => JSX.Element;
  empty: { title: string; body: string };
}) {
  const actions = props.actions;
  const columns: Column<T>[] = actions
    ? [
        ...props.columns,
        {
          id: "actions",
          header: <span class="sr-only">{t("commissions.col.actions")}</span>,
          label: t("commissions.col.actions"),
          cell: actions,
        },
      ]
    : props.columns;
  return (
    <Panel id={props.id} title={props.title}>
      <DataTable
        class={props.class}
        labelledBy={props.id}
        columns={columns}
        rowKey={(r) => r.id}
        empty={{ icon: <BookIcon />, ...props.empty }}
        {...pagedTable(props.list, props.count)}
      />
    </Panel>
  );
}
