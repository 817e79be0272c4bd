import type { InferResponseType } from "hono/client";
import { client, read } from "../../api";
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { BookIcon } from "../icons";
import { type Column, DataTable } from "../kit/DataTable";
import { Badge, Panel, type Tone } from "../ui";

const materials = client.api.v1.inventory["work-orders"][":id"].materials;
export type MaterialLine = InferResponseType<typeof materials.$get, 200>["items"][number];

const tone: Record<MaterialLine["status"], Tone> = {
  reserved: "info",
  consumed: "success",
  released: "neutral",
  expired: "warning",
};

/**
 * A job's materials: what is reserved where, what the technician used. The work-order detail page and
 * the inventory screens mount this panel (it needs the "inventory" words area).
 */
export function WorkOrderMaterials(props: { workOrderId: string }) {
  const lines = createLoad(() => read(materials.$get({ param: { id: props.workOrderId } })), {
    key: () => props.workOrderId,
  });
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
