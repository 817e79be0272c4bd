import { A } from "@solidjs/router";
import { crmApi, type Organization } from "../../components/crm/api";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable, pagedTable } from "../../components/kit/DataTable";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createPagedList } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";

const keys = ["q"] as const;

/** Organisations by name, searched by name (kept in the URL), in keyset pages. */
export function OrganizationsPage() {
  useTitle(t("crm.orgs.title"));
  const filters = useUrlFilters(keys);
  const list = createPagedList<Organization>(
    (cursor) => {
      const q = filters.values().q;
      return crmApi.organizations({ ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
    },
    { key: filters.values },
  );
  const columns: Column<Organization>[] = [
    {
      id: "name",
      header: t("crm.orgs.name"),
      rowHeader: true,
      compare: (a, b) => a.name.localeCompare(b.name),
      cell: (o) => <A href={`/organizations/${o.id}`}>{o.name}</A>,
    },
    { id: "type", header: t("crm.orgs.type"), cell: (o) => t(`crm.accountType.${o.accountType}`) },
    { id: "status", header: t("crm.orgs.status"), cell: (o) => t(`crm.orgStatus.${o.status}`) },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("crm.orgs.title")}
        sub={t("crm.orgs.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
      />
      <FilterBar
        id="org-filters"
        label={t("crm.orgs.search")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="org-q">{t("crm.orgs.searchLabel")}</label>
          <input id="org-q" name="q" type="search" value={filters.values().q} />
        </div>
      </FilterBar>
      <Panel id="orgs-title" title={t("crm.orgs.title")}>
        <DataTable
          class="orgs-table"
          labelledBy="orgs-title"
          columns={columns}
          rowKey={(o) => o.id}
          empty={{ icon: <BookIcon />, title: t("crm.orgs.empty") }}
          {...pagedTable(list, (n) => t("crm.orgs.allShown", n))}
        />
      </Panel>
    </div>
  );
}
