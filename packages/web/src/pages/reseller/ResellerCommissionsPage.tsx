import { For } from "solid-js";
import { CommissionTotals } from "../../components/commissions/Totals";
import { CommissionTable } from "../../components/commissions/tables";
import { PageHeader } from "../../components/kit/PageHeader";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad, createPagedList } from "../../lib/load";
import { useUrlFilters } from "../../lib/url-filters";
import { type PortalCommission, type PortalCommissionQuery, resellerCommissionApi } from "./commission-api";

const statuses = ["pending", "approved", "paid", "void"] as const;

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
      <CommissionTable
        id="portal-commissions-title"
        title={t("commissions.portal.commissionsTitle")}
        list={list}
        resellerHeader={t("commissions.col.organisation")}
        empty={{ title: t("commissions.portal.noCommissions"), body: t("commissions.portal.noCommissionsHint") }}
      />
    </div>
  );
}
