import { A } from "@solidjs/router";
import { For } from "solid-js";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, Panel } from "../../components/ui";
import { formatNumber, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { inventoryApi, type Stock } from "./api";
import { InventoryNav } from "./InventoryNav";

const keys = ["locationId", "low"] as const;

/** Stock per item and location: on hand, reserved, available, and the rows below their reorder level. */
export function StockTable(props: {
  rows: Stock[] | undefined;
  loading: boolean;
  error?: string | undefined;
  onRetry: () => void;
  id: string;
  showLocation?: boolean;
}) {
  const columns = (): Column<Stock>[] => [
    {
      id: "item",
      header: t("inventory.stock.item"),
      rowHeader: true,
      compare: (a, b) => a.sku.localeCompare(b.sku),
      cell: (s) => (
        <span>
          {s.name} <span class="muted mono">{s.sku}</span>
        </span>
      ),
    },
    ...(props.showLocation === false
      ? []
      : [
          {
            id: "location",
            header: t("inventory.stock.location"),
            compare: (a: Stock, b: Stock) => a.locationName.localeCompare(b.locationName),
            cell: (s: Stock) =>
              s.locationKind === "van" ? (
                <A href={`/inventory/vans/${s.locationId}`}>{s.locationName}</A>
              ) : (
                s.locationName
              ),
          },
        ]),
    {
      id: "onHand",
      header: t("inventory.stock.onHand"),
      class: "num",
      cell: (s) => `${formatNumber(s.onHand)} ${s.unit}`,
    },
    { id: "reserved", header: t("inventory.stock.reserved"), class: "num", cell: (s) => formatNumber(s.reserved) },
    {
      id: "available",
      header: t("inventory.stock.available"),
      class: "num",
      compare: (a, b) => a.available - b.available,
      cell: (s) => formatNumber(s.available),
    },
    {
      id: "reorder",
      header: t("inventory.stock.reorderLevel"),
      class: "num",
      cell: (s) => (s.reorderLevel === null ? "—" : formatNumber(s.reorderLevel)),
    },
    {
      id: "state",
      header: t("inventory.stock.state"),
      cell: (s) =>
        s.low ? (
          <Badge tone="warning">{t("inventory.stock.low")}</Badge>
        ) : (
          <Badge tone="success">{t("inventory.stock.ok")}</Badge>
        ),
    },
  ];
  return (
    <DataTable
      class="inventory-stock-table"
      labelledBy={props.id}
      columns={columns()}
      rows={props.rows}
      loading={props.loading}
      error={props.error}
      onRetry={props.onRetry}
      rowKey={(s) => `${s.itemId}:${s.locationId}`}
      rowClass={(s) => (s.low ? "row-low-stock" : "")}
      empty={{ icon: <BookIcon />, title: t("inventory.stock.empty") }}
    />
  );
}

export function StockPage() {
  useTitle(t("inventory.stock.title"));
  const filters = useUrlFilters(keys);
  const locations = createLoad(() => inventoryApi.locations());
  const stock = createLoad(
    () => {
      const { locationId, low } = filters.values();
      return inventoryApi.stock({ ...(locationId ? { locationId } : {}), ...(low ? { low: "true" as const } : {}) });
    },
    { key: filters.values, keepOnError: true },
  );
  const lowCount = () => (stock.data()?.items ?? []).filter((s) => s.low).length;
  return (
    <div class="page">
      <PageHeader
        title={t("inventory.stock.title")}
        sub={t("inventory.stock.sub")}
        refreshedAt={stock.refreshedAt()}
        onRefresh={stock.refresh}
        refreshing={stock.loading()}
      />
      <InventoryNav />
      <FilterBar
        id="stock-filters"
        label={t("inventory.stock.filters")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="stock-location">{t("inventory.stock.location")}</label>
          <select id="stock-location" name="locationId" value={filters.values().locationId}>
            <option value="">{t("inventory.stock.allLocations")}</option>
            <For each={locations.data()?.items ?? []}>
              {(l) => (
                <option value={l.id} selected={l.id === filters.values().locationId}>
                  {l.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <label class="check" for="stock-low">
          <input
            id="stock-low"
            class="check-box"
            type="checkbox"
            name="low"
            value="true"
            checked={filters.values().low === "true"}
          />
          {t("inventory.stock.lowOnly")}
        </label>
      </FilterBar>
      <Panel
        id="stock-title"
        title={t("inventory.stock.balances")}
        sub={lowCount() > 0 ? t("inventory.stock.lowCount", lowCount()) : undefined}
      >
        <StockTable
          id="stock-title"
          rows={stock.data()?.items}
          loading={stock.loading() && !stock.data()}
          error={stock.error()}
          onRetry={() => void stock.refresh()}
        />
      </Panel>
    </div>
  );
}
