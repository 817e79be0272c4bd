import { createSignal, Show } from "solid-js";
import { BookIcon } from "../../components/icons";
import { Notice } from "../../components/kit/Alert";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { can } from "../../session";
import { type Item, inventoryApi, price } from "./api";
import { InventoryNav } from "./InventoryNav";

const keys = ["q"] as const;

/** The item dialog: create (SKU numbered unless given), or edit name, unit and price. */
function ItemDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  session: { item: Item | undefined };
  onSaved: (item: Item) => void;
}) {
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const minor = Math.round(Number(text("price") || "0") * 100);
    const common = {
      name: text("name"),
      unit: text("unit") || "each",
      unitPriceMinor: Number.isFinite(minor) ? minor : -1,
      currency: text("currency") || "USD",
      description: text("description") || null,
    };
    const editing = props.session.item;
    const saved = editing
      ? await inventoryApi.updateItem(editing.id, common)
      : await inventoryApi.createItem({
          ...common,
          serialized: data.get("serialized") === "on",
          ...(text("sku") ? { sku: text("sku") } : {}),
        });
    props.onSaved(saved);
  };
  return (
    <DialogForm
      id="item-dialog"
      ref={props.ref}
      title={
        props.session.item ? t("inventory.items.edit", { sku: props.session.item.sku }) : t("inventory.items.create")
      }
      submitLabel={props.session.item ? t("inventory.items.save") : t("inventory.items.createSubmit")}
      submit={submit}
    >
      {(errors) => (
        <Show when={props.session} keyed>
          {({ item }) => (
            <>
              <Field id="item-name" label={t("inventory.items.name")} error={errors.field("name")}>
                {(aria) => <input {...aria} name="name" required maxLength={200} value={item?.name ?? ""} />}
              </Field>
              <Show when={!item}>
                <Field
                  id="item-sku"
                  label={t("inventory.items.sku")}
                  hint={t("inventory.items.skuHint")}
                  error={errors.field("sku")}
                >
                  {(aria) => <input {...aria} name="sku" maxLength={60} autocomplete="off" />}
                </Field>
              </Show>
              <div class="inv-form-row">
                <Field id="item-unit" label={t("inventory.items.unit")} error={errors.field("unit")}>
                  {(aria) => <input {...aria} name="unit" maxLength={20} value={item?.unit ?? "each"} />}
                </Field>
                <Field id="item-price" label={t("inventory.items.price")} error={errors.field("unitPriceMinor")}>
                  {(aria) => (
                    <input
                      {...aria}
                      name="price"
                      type="number"
                      min="0"
                      step="0.01"
                      inputMode="decimal"
                      value={item ? item.unitPriceMinor / 100 : ""}
                    />
                  )}
                </Field>
                <Field id="item-currency" label={t("inventory.items.currency")} error={errors.field("currency")}>
                  {(aria) => <input {...aria} name="currency" maxLength={3} value={item?.currency ?? "USD"} />}
                </Field>
              </div>
              <Field id="item-description" label={t("inventory.items.description")} error={errors.field("description")}>
                {(aria) => (
                  <textarea {...aria} name="description" maxLength={2000} rows={2} value={item?.description ?? ""} />
                )}
              </Field>
              <Show when={!item}>
                <label class="check" for="item-serialized">
                  <input id="item-serialized" class="check-box" type="checkbox" name="serialized" />
                  {t("inventory.items.serializedLabel")}
                </label>
              </Show>
            </>
          )}
        </Show>
      )}
    </DialogForm>
  );
}

/** Items by SKU, searched by SKU or name; storekeepers create and edit them. */
export function ItemsPage() {
  useTitle(t("inventory.items.title"));
  const filters = useUrlFilters(keys);
  const items = createLoad(() => inventoryApi.items(filters.values().q || undefined), {
    key: filters.values,
    keepOnError: true,
  });
  const [session, setSession] = createSignal<{ item: Item | undefined }>({ item: undefined });
  const [saved, setSaved] = createSignal<string>();
  let dialog: HTMLDialogElement | undefined;
  const open = (item: Item | undefined) => {
    setSession({ item });
    dialog?.showModal();
  };
  const columns: Column<Item>[] = [
    {
      id: "sku",
      header: t("inventory.items.sku"),
      class: "mono",
      compare: (a, b) => a.sku.localeCompare(b.sku),
      cell: (i) => i.sku,
    },
    {
      id: "name",
      header: t("inventory.items.name"),
      rowHeader: true,
      compare: (a, b) => a.name.localeCompare(b.name),
      cell: (i) => i.name,
    },
    { id: "unit", header: t("inventory.items.unit"), cell: (i) => i.unit },
    { id: "price", header: t("inventory.items.price"), class: "num", cell: (i) => price(i.unitPriceMinor, i.currency) },
    {
      id: "serialized",
      header: t("inventory.items.tracking"),
      cell: (i) =>
        i.serialized ? <Badge tone="info">{t("inventory.items.serialized")}</Badge> : t("inventory.items.bulk"),
    },
    {
      id: "actions",
      header: <span class="sr-only">{t("inventory.items.actions")}</span>,
      label: t("inventory.items.actions"),
      cell: (i) => (
        <Show when={can("inventory:write")}>
          <button type="button" class="btn btn-secondary btn-small" onClick={() => open(i)}>
            {t("inventory.items.editOne", { name: i.name })}
          </button>
        </Show>
      ),
    },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("inventory.items.title")}
        sub={t("inventory.items.sub")}
        refreshedAt={items.refreshedAt()}
        onRefresh={items.refresh}
        refreshing={items.loading()}
        actions={
          <Show when={can("inventory:write")}>
            <button type="button" class="btn btn-primary" onClick={() => open(undefined)}>
              {t("inventory.items.create")}
            </button>
          </Show>
        }
      />
      <InventoryNav />
      <FilterBar
        id="items-filters"
        label={t("inventory.items.search")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="items-q">{t("inventory.items.searchLabel")}</label>
          <input id="items-q" name="q" type="search" value={filters.values().q} />
        </div>
      </FilterBar>
      <Notice message={saved()} />
      <Panel id="items-title" title={t("inventory.items.title")}>
        <DataTable
          class="inventory-items-table"
          labelledBy="items-title"
          columns={columns}
          rows={items.data()?.items}
          loading={items.loading() && !items.data()}
          error={items.error()}
          onRetry={() => void items.refresh()}
          rowKey={(i) => i.id}
          empty={{ icon: <BookIcon />, title: t("inventory.items.empty") }}
        />
      </Panel>
      <ItemDialog
        ref={(el) => {
          dialog = el;
        }}
        session={session()}
        onSaved={(item) => {
          setSaved(t("inventory.items.saved", { sku: item.sku }));
          void items.refresh();
        }}
      />
    </div>
  );
}
