import { useParams } from "@solidjs/router";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, Panel, type Tone } from "../../components/ui";
import { formatNumber, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { inventoryApi, type MaterialLine } from "./api";
import { InventoryNav } from "./InventoryNav";

const tone: Record<MaterialLine["status"], Tone> = {
  reserved: "info",
  consumed: "success",
  released: "neutral",
  expired: "warning",
};

/**
 * A job's materials: what is reserved where, what the technician used. The work-order detail page
 * mounts this panel (it needs the "inventory" words area).
 */
export function WorkOrderMaterials(props: { workOrderId: string }) {
  const lines = createLoad(() => inventoryApi.materials(props.workOrderId), { key: () => props.workOrderId });
  const columns: Column<MaterialLine>[] = [
    {
      id: "item",
      header: t("inventory.materials.item"),
      rowHeader: true,
      cell: (l) => (
        <span>
          {l.name} <span class="muted mono">{l.sku}</span>
        </span>
      ),
    },
    { id: "location", header: t("inventory.materials.from"), cell: (l) => l.locationName },
    {
      id: "quantity",
      header: t("inventory.materials.planned"),
      class: "num",
      cell: (l) => `${formatNumber(l.quantity)} ${l.unit}`,
    },
    {
      id: "reserved",
      header: t("inventory.materials.reserved"),
      class: "num",
      cell: (l) => formatNumber(l.reservedQuantity),
    },
    {
      id: "consumed",
      header: t("inventory.materials.used"),
      class: "num",
      cell: (l) => formatNumber(l.consumedQuantity),
    },
    {
      id: "status",
      header: t("inventory.materials.status"),
      cell: (l) => <Badge tone={tone[l.status]}>{t(`inventory.lineStatus.${l.status}`)}</Badge>,
    },
  ];
  return (
    <Panel
      id={`materials-${props.workOrderId}`}
      title={t("inventory.materials.title")}
      sub={t("inventory.materials.sub")}
    >
      <DataTable
        class="inventory-materials-table"
        labelledBy={`materials-${props.workOrderId}`}
        columns={columns}
        rows={lines.data()?.items}
        loading={lines.loading() && !lines.data()}
        error={lines.error()}
        onRetry={() => void lines.refresh()}
        rowKey={(l) => l.id}
        empty={{ icon: <BookIcon />, title: t("inventory.materials.empty") }}
      />
    </Panel>
  );
}

/** `/inventory/work-orders/:id`: one job's reservations, until the work-order page mounts the panel. */
export function WorkOrderMaterialsPage() {
  const params = useParams<{ id: string }>();
  useTitle(t("inventory.materials.title"));
  return (
    <div class="page">
      <PageHeader title={t("inventory.materials.title")} sub={t("inventory.materials.pageSub")} />
      <InventoryNav />
      <WorkOrderMaterials workOrderId={params.id} />
    </div>
  );
}
