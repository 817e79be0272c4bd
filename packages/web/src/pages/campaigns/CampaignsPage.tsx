import { A } from "@solidjs/router";
import { SendIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { type Campaign, campaignApi } from "../../components/marketing/api";
import { MarketingNav } from "../../components/marketing/MarketingNav";
import { Badge, Panel, type Tone } from "../../components/ui";
import { formatNumber, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";

export const statusTone: Record<Campaign["status"], Tone> = {
  draft: "neutral",
  scheduled: "info",
  sending: "warning",
  completed: "success",
  cancelled: "neutral",
};

/** Every campaign with its status and how many got, opened and clicked it. */
export function CampaignsPage() {
  useTitle(t("campaigns.list.title"));
  const list = createLoad(() => campaignApi.list());
  const columns: Column<Campaign>[] = [
    {
      id: "name",
      header: t("campaigns.list.name"),
      rowHeader: true,
      cell: (c) => <A href={`/campaigns/${c.id}`}>{c.name}</A>,
    },
    { id: "channel", header: t("campaigns.list.channel"), cell: (c) => t(`campaigns.channels.${c.channel}`) },
    {
      id: "status",
      header: t("campaigns.list.status"),
      cell: (c) => <Badge tone={statusTone[c.status]}>{t(`campaigns.statuses.${c.status}`)}</Badge>,
    },
    { id: "segment", header: t("campaigns.list.audience"), cell: (c) => c.segmentName },
    { id: "sent", header: t("campaigns.list.sent"), class: "num", cell: (c) => formatNumber(c.stats.sent) },
    { id: "opened", header: t("campaigns.list.opened"), class: "num", cell: (c) => formatNumber(c.stats.opened) },
    { id: "clicked", header: t("campaigns.list.clicked"), class: "num", cell: (c) => formatNumber(c.stats.clicked) },
  ];
  return (
    <>
      <PageHeader
        title={t("campaigns.list.title")}
        sub={t("campaigns.list.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
        actions={
          can("crm:campaign:write") ? (
            <A class="btn btn-primary" href="/campaigns/new">
              {t("campaigns.list.new")}
            </A>
          ) : undefined
        }
      />
      <MarketingNav />
      <Panel id="campaigns-title" title={t("campaigns.list.table")}>
        <DataTable
          class="campaigns-table"
          labelledBy="campaigns-title"
          columns={columns}
          rows={list.data()?.items}
          loading={list.loading() && !list.data()}
          error={list.error()}
          onRetry={() => void list.refresh()}
          rowKey={(c) => c.id}
          empty={{ icon: <SendIcon />, title: t("campaigns.list.empty"), body: t("campaigns.list.emptyBody") }}
        />
      </Panel>
    </>
  );
}
