import { createSignal, For, Show } from "solid-js";
import { PayoutTable } from "../../components/commissions/tables";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney } from "../../components/timecost/money";
import { Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad, createPagedList } from "../../lib/load";
import { type PortalPayout, resellerCommissionApi } from "./commission-api";

/** Payouts of the reseller's commissions; one opens to list the commissions it paid. */
export function ResellerPayoutsPage() {
  useTitle(t("commissions.portal.payoutsTitle"));
  const list = createPagedList<PortalPayout>((cursor) => resellerCommissionApi.payouts(cursor));
  const [openId, setOpenId] = createSignal<string>();
  const detail = createLoad(async () => (openId() ? resellerCommissionApi.payout(openId() as string) : undefined), {
    key: openId,
  });
  const view = (p: PortalPayout) => (
    <button
      type="button"
      class="btn btn-secondary btn-small"
      aria-expanded={openId() === p.id}
      aria-controls="payout-detail"
      onClick={() => setOpenId(openId() === p.id ? undefined : p.id)}
    >
      {t("commissions.portal.view", { number: p.number })}
    </button>
  );
  return (
    <div class="page">
      <PageHeader
        title={t("commissions.portal.payoutsTitle")}
        sub={t("commissions.portal.payoutsSub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
      />
      <PayoutTable
        id="portal-payouts-title"
        title={t("commissions.portal.payoutsTitle")}
        list={list}
        resellerHeader={t("commissions.col.organisation")}
        actions={view}
        empty={{ title: t("commissions.portal.noPayouts"), body: t("commissions.portal.noPayoutsHint") }}
      />
      <div id="payout-detail" aria-live="polite">
        <Show when={detail.data()} keyed>
          {(d) => (
            <Panel id="payout-detail-title" title={t("commissions.portal.includes", { number: d.number })}>
              <ul class="plain-list">
                <For each={d.commissions}>
                  {(c) => (
                    <li>
                      <span class="mono">{c.orderNumber}</span> · {formatMoney(c.amountMinor, c.currency)}
                    </li>
                  )}
                </For>
                <For each={d.adjustments}>
                  {(a) => (
                    <li>
                      <span class="mono">{a.orderNumber}</span> · {formatMoney(a.amountMinor, a.currency)} ·{" "}
                      {t(`commissions.reversal.clawedBack.${a.reason}`)}
                    </li>
                  )}
                </For>
              </ul>
            </Panel>
          )}
        </Show>
      </div>
    </div>
  );
}
