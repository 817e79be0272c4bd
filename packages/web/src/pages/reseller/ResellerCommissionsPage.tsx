import { For, Show } from "solid-js";
import { CommissionTotals, percent } from "../../components/commissions/Totals";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable, pagedTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney } from "../../components/timecost/money";
import { Badge, Panel, type Tone } from "../../components/ui";
import { absoluteTime, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad, createPagedList } from "../../lib/load";
import { useUrlFilters } from "../../lib/url-filters";
import { type PortalCommission, type PortalCommissionQuery, resellerCommissionApi } from "./commission-api";

const statuses = ["pending", "approved", "paid", "void"] as const;
const tone: Record<PortalCommission["status"], Tone> = {
  pending: "warning",
  approved: "info",
  paid: "success",
  void: "neutral",
};

/** The reseller's commissions: totals by status, then every commission with its order and payout. */
export function ResellerCommissionsPage() {
  useTitle(t("commissions.portal.commissionsTitle"));
  const filters = useUrlFilters(["status"] as const);
  const summary = createLoad(() => resellerCommissionApi.summary());
  const list = createPagedList<PortalCommission>(
    (cursor) => {
      const status = filters.values().status as PortalCommissionQuery["status"] | "";
      return resellerCommissionApi.commissions({ ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
    },
    { key: filters.values },
  );
  const columns: Column<PortalCommission>[] = [
    {
      id: "order",
      header: t("commissions.col.order"),
      rowHeader: true,
      class: "mono",
      cell: (c) => c.orderNumber ?? "—",
    },
    { id: "org", header: t("commissions.col.organisation"), cell: (c) => c.resellerName },
    {
      id: "basis",
      header: t("commissions.col.basis"),
      class: "num",
      cell: (c) => formatMoney(c.basisMinor, c.currency),
    },
    { id: "rate", header: t("commissions.col.rate"), class: "num", cell: (c) => percent(c.rateBp) },
    {
      id: "amount",
      header: t("commissions.col.amount"),
      class: "num",
      cell: (c) => <strong>{formatMoney(c.amountMinor, c.currency)}</strong>,
    },
    {
      id: "status",
      header: t("commissions.col.status"),
      cell: (c) => (
        <>
          <Badge tone={tone[c.status]}>{t(`commissions.status.${c.status}`)}</Badge>
          <Show when={c.voidReason}>
            <span class="sub">{c.voidReason}</span>
          </Show>
        </>
      ),
    },
    { id: "payout", header: t("commissions.col.payout"), class: "mono", cell: (c) => c.payoutNumber ?? "—" },
    { id: "accrued", header: t("commissions.col.accrued"), cell: (c) => absoluteTime(c.createdAt) },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("commissions.portal.commissionsTitle")}
        sub={t("commissions.portal.commissionsSub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={() => {
          void list.refresh();
          void summary.refresh();
        }}
        refreshing={list.loading()}
      />
      <CommissionTotals rows={summary.data()?.items} label={t("commissions.staff.summary")} />
      <form
        class="panel filter-bar portal-filter"
        aria-label={t("commissions.staff.filters")}
        onSubmit={(e) => e.preventDefault()}
      >
        <div class="field">
          <label for="rc-status">{t("commissions.staff.status")}</label>
          <select
            id="rc-status"
            name="status"
            value={filters.values().status}
            onChange={(e) => filters.apply({ status: e.currentTarget.value })}
          >
            <option value="">{t("commissions.staff.allStatuses")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`commissions.status.${s}`)}</option>}</For>
          </select>
        </div>
      </form>
      <Panel id="portal-commissions-title" title={t("commissions.portal.commissionsTitle")}>
        <DataTable
          class="commissions-table"
          labelledBy="portal-commissions-title"
          columns={columns}
          rowKey={(c) => c.id}
          empty={{
            icon: <BookIcon />,
            title: t("commissions.portal.noCommissions"),
            body: t("commissions.portal.noCommissionsHint"),
          }}
          {...pagedTable(list, (n) => t("commissions.count", n))}
        />
      </Panel>
    </div>
  );
}
