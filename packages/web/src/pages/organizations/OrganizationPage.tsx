import { A, useParams } from "@solidjs/router";
import { createEffect, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../api";
import { crmApi, type Person } from "../../components/crm/api";
import { RelatedSubscribers, RelatedTickets } from "../../components/crm/Related";
import { UserIcon } from "../../components/icons";
import { type Column, DataTable, pagedTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { ErrorState, Panel, Skeleton } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad, createPagedList } from "../../lib/load";
import { can } from "../../session";

/** One organisation: its people, subscribers and tickets. */
export function OrganizationPage() {
  const params = useParams();
  const org = createLoad(() => crmApi.organization(params.id ?? ""), { key: () => params.id });
  createEffect(() => useTitle(org.data()?.name ?? t("crm.orgs.title")));
  const crumb = () => <A href="/organizations">{t("crm.orgs.crumb")}</A>;
  return (
    <div class="page">
      <Switch>
        <Match when={org.failure() instanceof ApiError && (org.failure() as ApiError).status === 404}>
          <PageHeader crumb={crumb()} title={t("crm.orgs.notFound")} />
        </Match>
        <Match when={org.error() && !org.data()}>
          <ErrorState title={t("crm.loadFailed")} detail={org.error() ?? ""} onRetry={org.refresh} />
        </Match>
        <Match when={org.data()}>
          {(o) => (
            <>
              <PageHeader
                crumb={crumb()}
                title={o().name}
                sub={`${t(`crm.accountType.${o().accountType}`)} · ${t(`crm.orgStatus.${o().status}`)}`}
                refreshedAt={org.refreshedAt()}
                onRefresh={org.refresh}
                refreshing={org.loading()}
              />
              <Show when={can("crm:contact:read")}>
                <OrgPeople organizationId={o().id} />
              </Show>
              <Show when={can("subscribers:subscriber:read")}>
                <RelatedSubscribers id="org-subscribers" query={{ organizationId: o().id }} />
              </Show>
              <Show when={can("support:ticket:read")}>
                <RelatedTickets id="org-tickets" query={{ organizationId: o().id }} />
              </Show>
            </>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <Skeleton class="sk-row" />
          </div>
        </Match>
      </Switch>
    </div>
  );
}

function OrgPeople(props: { organizationId: string }) {
  const list = createPagedList<Person>(
    (cursor) => crmApi.people({ organizationId: props.organizationId, ...(cursor ? { cursor } : {}) }),
    { key: () => props.organizationId },
  );
  const columns: Column<Person>[] = [
    {
      id: "name",
      header: t("crm.people.name"),
      rowHeader: true,
      cell: (p) => <A href={`/people/${p.id}`}>{p.displayName}</A>,
    },
    { id: "email", header: t("crm.people.email"), class: "tk-wrap-cell", cell: (p) => p.email ?? "—" },
    { id: "phone", header: t("crm.people.phone"), class: "mono", cell: (p) => p.phone ?? "—" },
  ];
  return (
    <Panel id="org-people" title={t("crm.orgs.people")}>
      <DataTable
        class="org-people-table"
        labelledBy="org-people"
        columns={columns}
        rowKey={(p) => p.id}
        empty={{ icon: <UserIcon />, title: t("crm.orgs.noPeople") }}
        skeletonRows={2}
        {...pagedTable(list, (n) => t("crm.people.allShown", n))}
      />
    </Panel>
  );
}
