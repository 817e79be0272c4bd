import { A } from "@solidjs/router";
import { crmApi, type Person } from "../../components/crm/api";
import { UserIcon } from "../../components/icons";
import { type Column, DataTable, pagedTable } from "../../components/kit/DataTable";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createPagedList } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";

const keys = ["q"] as const;

/** People by name, searched by name, email or phone (the search kept in the URL), in keyset pages. */
export function PeoplePage() {
  useTitle(t("crm.people.title"));
  const filters = useUrlFilters(keys);
  const list = createPagedList<Person>(
    (cursor) => {
      const q = filters.values().q;
      return crmApi.people({ ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
    },
    { key: filters.values },
  );
  const columns: Column<Person>[] = [
    {
      id: "name",
      header: t("crm.people.name"),
      rowHeader: true,
      compare: (a, b) => a.displayName.localeCompare(b.displayName),
      cell: (p) => <A href={`/people/${p.id}`}>{p.displayName}</A>,
    },
    { id: "email", header: t("crm.people.email"), class: "tk-wrap-cell", cell: (p) => p.email ?? "—" },
    { id: "phone", header: t("crm.people.phone"), class: "mono", cell: (p) => p.phone ?? "—" },
    {
      id: "status",
      header: t("crm.people.status"),
      compare: (a, b) => a.partyStatus.localeCompare(b.partyStatus),
      cell: (p) => t(`crm.partyStatus.${p.partyStatus}`),
    },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("crm.people.title")}
        sub={t("crm.people.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
      />
      <FilterBar
        id="people-filters"
        label={t("crm.people.search")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="people-q">{t("crm.people.searchLabel")}</label>
          <input id="people-q" name="q" type="search" value={filters.values().q} />
        </div>
      </FilterBar>
      <Panel id="people-title" title={t("crm.people.title")}>
        <DataTable
          class="people-table"
          labelledBy="people-title"
          columns={columns}
          rowKey={(p) => p.id}
          empty={{ icon: <UserIcon />, title: t("crm.people.empty") }}
          {...pagedTable(list, (n) => t("crm.people.allShown", n))}
        />
      </Panel>
    </div>
  );
}
