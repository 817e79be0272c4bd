import { createMemo, For, Show } from "solid-js";
import { ActivityIcon } from "../components/icons";
import { type Column, DataTable, pagedTable } from "../components/kit/DataTable";
import { PageHeader } from "../components/kit/PageHeader";
import { Address, StatusBadge } from "../components/portal/subscriber";
import { Panel } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";
import { createLoad, createPagedList } from "../lib/load";
import { formValues, useUrlFilters } from "../lib/url-filters";
import { portalApi, type SubscriberPage } from "../portal-api";

type Subscriber = SubscriberPage["items"][number];

const filterKeys = ["organizationId", "q"] as const;

/** Subscribers of the reseller's organisations, filtered by organisation (kept in the address bar). */
export function ResellerSubscribersPage() {
  useTitle(t("portal.subscribers.title"));
  const filters = useUrlFilters(filterKeys);
  const orgs = createLoad(() => portalApi.reseller.organizations());
  const list = createPagedList<Subscriber>(
    (cursor) => {
      const { organizationId, q } = filters.values();
      return portalApi.reseller.subscribers({
        ...(organizationId ? { organizationId } : {}),
        ...(q ? { q } : {}),
        ...(cursor ? { cursor } : {}),
      });
    },
    { key: filters.values },
  );
  const orgName = () => orgs.data()?.find((o) => o.id === filters.values().organizationId)?.name;

  const columns = createMemo((): Column<Subscriber>[] => [
    {
      id: "subscriber",
      header: t("portal.subscribers.col.subscriber"),
      rowHeader: true,
      class: "mono",
      cell: (s) => s.subscriberNumber,
    },
    {
      id: "org",
      header: t("portal.subscribers.col.org"),
      cell: (s) => s.organizationName ?? t("kit.none"),
    },
    {
      id: "plan",
      header: t("portal.subscribers.col.plan"),
      cell: (s) => (
        <>
          {s.planName ?? <span class="muted">{t("kit.none")}</span>}
          <Show when={s.planSpeed}>
            <span class="sub">{s.planSpeed}</span>
          </Show>
        </>
      ),
    },
    { id: "status", header: t("portal.subscribers.col.status"), cell: (s) => <StatusBadge status={s.status} /> },
    {
      id: "address",
      header: t("portal.subscribers.col.address"),
      cell: (s) => <Address address={s.serviceAddress} />,
    },
  ]);

  return (
    <div class="page">
      <PageHeader
        title={t("portal.subscribers.title")}
        sub={t("portal.subscribers.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
      />
      <form
        class="panel filter-bar portal-filter"
        aria-label={t("portal.subscribers.filterLabel")}
        onSubmit={(e) => {
          e.preventDefault();
          filters.apply(formValues(e.currentTarget, filterKeys));
        }}
      >
        <div class="field">
          <label for="subscriber-q">{t("crm.subscribers.searchLabel")}</label>
          <input id="subscriber-q" name="q" type="search" value={filters.values().q} />
        </div>
        <div class="field">
          <label for="org-filter">{t("portal.subscribers.org")}</label>
          <select
            id="org-filter"
            name="organizationId"
            value={filters.values().organizationId}
            onChange={(e) => filters.apply({ ...filters.values(), organizationId: e.currentTarget.value })}
          >
            <option value="">{t("portal.subscribers.allOrgs")}</option>
            <For each={orgs.data() ?? []}>
              {(org) => (
                <option value={org.id} selected={org.id === filters.values().organizationId}>
                  {`${"— ".repeat(org.depth)}${org.name}`}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            {t("crm.search.open")}
          </button>
        </div>
      </form>
      <Panel
        id="subscribers-title"
        title={orgName() ?? t("portal.subscribers.allOrgs")}
        sub={
          list.items()
            ? list.hasMore()
              ? t("portal.subscribers.soFar", list.items()?.length ?? 0)
              : t("count.subscriber", list.items()?.length ?? 0)
            : undefined
        }
      >
        <DataTable
          class="subscribers-table"
          labelledBy="subscribers-title"
          columns={columns()}
          rowKey={(s) => s.id}
          errorTitle={t("portal.subscribers.loadFailed")}
          skeletonRows={3}
          empty={{
            icon: <ActivityIcon />,
            title: t("portal.subscribers.empty"),
            body: t("portal.subscribers.emptyBody"),
          }}
          {...pagedTable(list, (n) => t("portal.subscribers.allShown", n))}
        />
      </Panel>
    </div>
  );
}
