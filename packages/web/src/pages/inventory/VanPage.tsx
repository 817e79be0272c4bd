import { useParams } from "@solidjs/router";
import { createEffect, Show } from "solid-js";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { inventoryApi } from "./api";
import { InventoryNav } from "./InventoryNav";
import { StockTable } from "./StockPage";

/** One van's stock: `/inventory/vans/:id` for storekeepers, `/inventory/my-van` for its technician. */
export function VanPage() {
  const params = useParams<{ id?: string }>();
  const van = createLoad(
    async () => {
      if (!params.id) return inventoryApi.myVan();
      const all = await inventoryApi.locations();
      return all.items.find((l) => l.id === params.id) ?? null;
    },
    { key: () => params.id },
  );
  const stock = createLoad(
    async () => {
      const id = van.data()?.id;
      return id ? inventoryApi.stock({ locationId: id }) : undefined;
    },
    { key: () => van.data()?.id },
  );
  const title = () => van.data()?.name ?? t("inventory.van.title");
  createEffect(() => useTitle(title()));
  return (
    <div class="page">
      <PageHeader
        title={title()}
        sub={van.data()?.ownerName ? t("inventory.van.sub", { name: van.data()?.ownerName ?? "" }) : undefined}
        refreshedAt={stock.refreshedAt()}
        onRefresh={stock.refresh}
        refreshing={stock.loading()}
      />
      <InventoryNav />
      <ErrorAlert message={van.error()} />
      <Show when={van.data() === null}>
        <p class="muted">{t("inventory.van.none")}</p>
      </Show>
      <Show when={van.data()}>
        <Panel id="van-stock-title" title={t("inventory.van.stock")}>
          <StockTable
            id="van-stock-title"
            rows={stock.data()?.items}
            loading={stock.loading() && !stock.data()}
            error={stock.error()}
            onRetry={() => void stock.refresh()}
            showLocation={false}
          />
        </Panel>
      </Show>
    </div>
  );
}
