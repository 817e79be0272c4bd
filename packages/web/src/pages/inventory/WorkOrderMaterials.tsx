import { useParams } from "@solidjs/router";
import { WorkOrderMaterials } from "../../components/inventory/WorkOrderMaterials";
import { PageHeader } from "../../components/kit/PageHeader";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { InventoryNav } from "./InventoryNav";

/** `/inventory/work-orders/:id`: one job's reservations (the work-order page mounts the same panel). */
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
