import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { t } from "../../i18n";
import { can } from "../../session";

/** The inventory pages' own links: stock, items, movements, requests, and the technician's van. */
export function InventoryNav() {
  return (
    <nav class="inv-tabs" aria-label={t("inventory.nav.label")}>
      <Show when={can("inventory:read")}>
        <A href="/inventory/stock" class="inv-tab" activeClass="inv-tab-active">
          {t("inventory.nav.stock")}
        </A>
        <A href="/inventory/items" class="inv-tab" activeClass="inv-tab-active">
          {t("inventory.nav.items")}
        </A>
        <A href="/inventory/movements" class="inv-tab" activeClass="inv-tab-active">
          {t("inventory.nav.movements")}
        </A>
      </Show>
      <Show when={can("operations:material_request:read")}>
        <A href="/inventory/requests" class="inv-tab" activeClass="inv-tab-active">
          {t("inventory.nav.requests")}
        </A>
      </Show>
      <Show when={can("field:job:read")}>
        <A href="/inventory/my-van" class="inv-tab" activeClass="inv-tab-active">
          {t("inventory.nav.myVan")}
        </A>
      </Show>
    </nav>
  );
}
