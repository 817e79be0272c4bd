import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { BookIcon } from "../../components/icons";
import { Notice } from "../../components/kit/Alert";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, Panel } from "../../components/ui";
import { formatNumber, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { can } from "../../session";
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
  /** Storekeepers: a row's "Count" button opens the count dialog for that balance. */
  onCount?: ((row: Stock) => void) | undefined;
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
    ...(props.onCount
      ? [
          {
            id: "actions",
            header: <span class="sr-only">{t("inventory.stock.actions")}</span>,
            label: t("inventory.stock.actions"),
            cell: (s: Stock) => (
              <button
                type="button"
                class="btn btn-secondary btn-small"
                aria-label={t("inventory.stock.countOne", { name: s.name, location: s.locationName })}
                onClick={() => props.onCount?.(s)}
              >
                {t("inventory.stock.count")}
              </button>
            ),
          },
        ]
      : []),
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

/**
 * Counting one balance: the counted quantity replaces what is on hand (the ledger records the
 * difference as a count, with the reason), and the reorder level that flags it as low.
 */
function CountDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  row: Stock | undefined;
  onSaved: (message: string) => void;
}) {
  const submit = async (form: HTMLFormElement) => {
    const row = props.row;
    if (!row) return;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const counted = Number(text("counted"));
    const level = text("reorderLevel") === "" ? null : Number(text("reorderLevel"));
    const changed = counted !== row.onHand;
    if (changed) {
      await inventoryApi.count({
        locationId: row.locationId,
        reason: text("reason"),
        lines: [{ itemId: row.itemId, counted }],
      });
    }
    if (level !== row.reorderLevel) await inventoryApi.setReorderLevel(row.locationId, row.itemId, level);
    const difference = counted - row.onHand;
    props.onSaved(
      changed
        ? t("inventory.stock.counted", {
            name: row.name,
            location: row.locationName,
            counted: formatNumber(counted),
            difference: `${difference > 0 ? "+" : ""}${formatNumber(difference)}`,
          })
        : t("inventory.stock.levelSaved", { name: row.name, location: row.locationName }),
    );
  };
  return (
    <DialogForm
      id="count-dialog"
      ref={props.ref}
      title={
        props.row ? t("inventory.stock.countTitle", { name: props.row.name, location: props.row.locationName }) : ""
      }
      submitLabel={t("inventory.stock.countSubmit")}
      submit={submit}
    >
      {(errors) => (
        <Show when={props.row} keyed>
          {(row) => (
            <>
              <p class="muted">
                {t("inventory.stock.countHint", {
                  onHand: `${formatNumber(row.onHand)} ${row.unit}`,
                  reserved: formatNumber(row.reserved),
                })}
              </p>
              <div class="inv-form-row">
                <Field id="count-counted" label={t("inventory.stock.countedLabel")} error={errors.field("lines")}>
                  {(aria) => (
                    <input
                      {...aria}
                      name="counted"
                      type="number"
                      min={row.reserved}
                      step="1"
                      inputMode="numeric"
                      required
                      value={row.onHand}
                    />
                  )}
                </Field>
                <Field
                  id="count-level"
                  label={t("inventory.stock.reorderLevel")}
                  hint={t("inventory.stock.levelHint")}
                  error={errors.field("reorderLevel")}
                >
                  {(aria) => (
                    <input
                      {...aria}
                      name="reorderLevel"
                      type="number"
                      min="0"
                      step="1"
                      inputMode="numeric"
                      value={row.reorderLevel ?? ""}
                    />
                  )}
                </Field>
              </div>
              <Field
                id="count-reason"
                label={t("inventory.stock.reasonLabel")}
                hint={t("inventory.stock.reasonHint")}
                error={errors.field("reason")}
              >
                {(aria) => <input {...aria} name="reason" maxLength={500} autocomplete="off" />}
              </Field>
            </>
          )}
        </Show>
      )}
    </DialogForm>
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
  const [counting, setCounting] = createSignal<Stock>();
  const [saved, setSaved] = createSignal<string>();
  let dialog: HTMLDialogElement | undefined;
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
      <Notice message={saved()} />
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
          onCount={
            can("inventory:write")
              ? (row) => {
                  setCounting(row);
                  dialog?.showModal();
                }
              : undefined
          }
        />
      </Panel>
      <CountDialog
        ref={(el) => {
          dialog = el;
        }}
        row={counting()}
        onSaved={(message) => {
          setSaved(message);
          void stock.refresh();
        }}
      />
    </div>
  );
}
