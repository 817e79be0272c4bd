import { For } from "solid-js";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable, pagedTable } from "../../components/kit/DataTable";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { absoluteTime, formatNumber, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad, createPagedList } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { inventoryApi, type Movement, movementsCsvHref } from "./api";
import { InventoryNav } from "./InventoryNav";

const keys = ["itemId", "locationId", "workOrderId"] as const;
const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : n === 0 ? "0" : formatNumber(n));

/** The ledger, newest first: every receipt, transfer, reservation, consumption and correction. */
export function MovementsPage() {
  useTitle(t("inventory.movements.title"));
  const filters = useUrlFilters(keys);
  const items = createLoad(() => inventoryApi.items());
  const locations = createLoad(() => inventoryApi.locations());
  const query = () => Object.fromEntries(Object.entries(filters.values()).filter(([, v]) => v !== ""));
  const list = createPagedList<Movement>(
    (cursor) => inventoryApi.movements({ ...query(), ...(cursor ? { cursor } : {}) }),
    {
      key: filters.values,
    },
  );
  const columns: Column<Movement>[] = [
    { id: "at", header: t("inventory.movements.at"), cell: (m) => absoluteTime(m.at) },
    { id: "kind", header: t("inventory.movements.kind"), rowHeader: true, cell: (m) => t(`inventory.kind.${m.kind}`) },
    {
      id: "item",
      header: t("inventory.movements.item"),
      cell: (m) => (
        <span>
          {m.itemName} <span class="muted mono">{m.sku}</span>
        </span>
      ),
    },
    { id: "location", header: t("inventory.movements.location"), cell: (m) => m.locationName },
    { id: "onHand", header: t("inventory.movements.onHand"), class: "num mono", cell: (m) => signed(m.onHandDelta) },
    {
      id: "reserved",
      header: t("inventory.movements.reserved"),
      class: "num mono",
      cell: (m) => signed(m.reservedDelta),
    },
    {
      id: "detail",
      header: t("inventory.movements.detail"),
      class: "tk-wrap-cell",
      cell: (m) => [m.reason, m.serials.join(", ")].filter(Boolean).join(" · ") || "—",
    },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("inventory.movements.title")}
        sub={t("inventory.movements.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
        actions={
          <a class="btn btn-secondary" href={movementsCsvHref(query())} download="">
            {t("inventory.movements.csv")}
          </a>
        }
      />
      <InventoryNav />
      <FilterBar
        id="movement-filters"
        label={t("inventory.movements.filters")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="mv-item">{t("inventory.movements.item")}</label>
          <select id="mv-item" name="itemId" value={filters.values().itemId}>
            <option value="">{t("inventory.movements.allItems")}</option>
            <For each={items.data()?.items ?? []}>
              {(i) => <option value={i.id} selected={i.id === filters.values().itemId}>{`${i.sku} ${i.name}`}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="mv-location">{t("inventory.movements.location")}</label>
          <select id="mv-location" name="locationId" value={filters.values().locationId}>
            <option value="">{t("inventory.movements.allLocations")}</option>
            <For each={locations.data()?.items ?? []}>
              {(l) => (
                <option value={l.id} selected={l.id === filters.values().locationId}>
                  {l.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="mv-wo">{t("inventory.movements.workOrder")}</label>
          <input id="mv-wo" name="workOrderId" value={filters.values().workOrderId} placeholder="UUID" />
        </div>
      </FilterBar>
      <Panel id="movements-title" title={t("inventory.movements.ledger")}>
        <DataTable
          class="inventory-movements-table"
          labelledBy="movements-title"
          columns={columns}
          rowKey={(m) => m.id}
          empty={{ icon: <BookIcon />, title: t("inventory.movements.empty") }}
          {...pagedTable(list, (n) => t("inventory.movements.allShown", n))}
        />
      </Panel>
    </div>
  );
}
