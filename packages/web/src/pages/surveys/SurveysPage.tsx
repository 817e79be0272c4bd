import { A } from "@solidjs/router";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { type Survey, surveyApi } from "../../components/marketing/api";
import { MarketingNav } from "../../components/marketing/MarketingNav";
import { Badge, Panel, type Tone } from "../../components/ui";
import { formatNumber, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";

export const surveyTone: Record<Survey["status"], Tone> = {
  draft: "neutral",
  active: "success",
  paused: "warning",
  closed: "neutral",
};

/** Every survey with its status, what sends it, and how many answered. */
export function SurveysPage() {
  useTitle(t("campaigns.surveys.title"));
  const list = createLoad(() => surveyApi.list());
  const columns: Column<Survey>[] = [
    {
      id: "name",
      header: t("campaigns.surveys.name"),
      rowHeader: true,
      cell: (s) => <A href={`/surveys/${s.id}`}>{s.name}</A>,
    },
    {
      id: "status",
      header: t("campaigns.surveys.status"),
      cell: (s) => <Badge tone={surveyTone[s.status]}>{t(`campaigns.surveys.statuses.${s.status}`)}</Badge>,
    },
    {
      id: "trigger",
      header: t("campaigns.surveys.trigger"),
      cell: (s) => t(`campaigns.surveys.triggers.${s.trigger}`),
    },
    { id: "responses", header: t("campaigns.surveys.responses"), class: "num", cell: (s) => formatNumber(s.responses) },
  ];
  return (
    <>
      <PageHeader
        title={t("campaigns.surveys.title")}
        sub={t("campaigns.surveys.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
        actions={
          can("crm:campaign:write") ? (
            <A class="btn btn-primary" href="/surveys/new">
              {t("campaigns.surveys.new")}
            </A>
          ) : undefined
        }
      />
      <MarketingNav />
      <Panel id="surveys-title" title={t("campaigns.surveys.table")}>
        <DataTable
          class="surveys-table"
          labelledBy="surveys-title"
          columns={columns}
          rows={list.data()?.items}
          loading={list.loading() && !list.data()}
          error={list.error()}
          onRetry={() => void list.refresh()}
          rowKey={(s) => s.id}
          empty={{ icon: <BookIcon />, title: t("campaigns.surveys.empty"), body: t("campaigns.surveys.emptyBody") }}
        />
      </Panel>
    </>
  );
}
