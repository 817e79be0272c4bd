import { createSignal, For, Show } from "solid-js";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable, pagedTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney } from "../../components/timecost/money";
import { Badge, Panel, type Tone } from "../../components/ui";
import { absoluteTime, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad, createPagedList } from "../../lib/load";
import { type PortalPayout, resellerCommissionApi } from "./commission-api";

const tone: Record<PortalPayout["status"], Tone> = { draft: "warning", paid: "success", void: "neutral" };

/** Payouts of the reseller's commissions; one opens to list the commissions it paid. */
export function ResellerPayoutsPage() {
  useTitle(t("commissions.portal.payoutsTitle"));
  const list = createPagedList<PortalPayout>((cursor) => resellerCommissionApi.payouts(cursor));
  const [openId, setOpenId] = createSignal<string>();
  const detail = createLoad(async () => (openId() ? resellerCommissionApi.payout(openId() as string) : undefined), {
    key: openId,
  });
  const columns: Column<PortalPayout>[] = [
    { id: "number", header: t("commissions.col.number"), rowHeader: true, class: "mono", cell: (p) => p.number },
    { id: "org", header: t("commissions.col.organisation"), cell: (p) => p.resellerName },
    {
      id: "total",
      header: t("commissions.col.total"),
      class: "num",
      cell: (p) => <strong>{formatMoney(p.totalMinor, p.currency)}</strong>,
    },
    {
      id: "status",
      header: t("commissions.col.status"),
      cell: (p) => <Badge tone={tone[p.status]}>{t(`commissions.payoutStatus.${p.status}`)}</Badge>,
    },
    {
      id: "paid",
      header: t("commissions.col.paid"),
      cell: (p) =>
        p.paidOn ? (
          <>
            {p.paidOn}
            <span class="sub">
              {p.method ? t(`commissions.method.${p.method}`) : ""} · <span class="mono">{p.reference}</span>
            </span>
          </>
        ) : (
          "—"
        ),
    },
    { id: "created", header: t("commissions.col.created"), cell: (p) => absoluteTime(p.createdAt) },
    {
      id: "view",
      header: <span class="sr-only">{t("commissions.col.actions")}</span>,
      label: t("commissions.col.actions"),
      cell: (p) => (
        <button
          type="button"
          class="btn btn-secondary btn-small"
          aria-expanded={openId() === p.id}
          aria-controls="payout-detail"
          onClick={() => setOpenId(openId() === p.id ? undefined : p.id)}
        >
          {t("commissions.portal.view", { number: p.number })}
        </button>
      ),
    },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("commissions.portal.payoutsTitle")}
        sub={t("commissions.portal.payoutsSub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
      />
      <Panel id="portal-payouts-title" title={t("commissions.portal.payoutsTitle")}>
        <DataTable
          class="payouts-table"
          labelledBy="portal-payouts-title"
          columns={columns}
          rowKey={(p) => p.id}
          empty={{
            icon: <BookIcon />,
            title: t("commissions.portal.noPayouts"),
            body: t("commissions.portal.noPayoutsHint"),
          }}
          {...pagedTable(list, (n) => String(n))}
        />
      </Panel>
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
              </ul>
            </Panel>
          )}
        </Show>
      </div>
    </div>
  );
}
