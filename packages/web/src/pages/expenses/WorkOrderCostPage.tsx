import { useParams } from "@solidjs/router";
import { PageHeader } from "../../components/kit/PageHeader";
import { CostSummary } from "../../components/timecost/CostSummary";
import { useTitle } from "../../format";
import { t } from "../../i18n";

/** A work order's cost on its own page (/expenses/work-orders/:id), until the work-order detail mounts it. */
export function WorkOrderCostPage() {
  const params = useParams<{ id: string }>();
  useTitle(t("expenses.summary.pageTitle"));
  return (
    <div class="page">
      <PageHeader title={t("expenses.summary.pageTitle")} sub={params.id} />
      <CostSummary workOrderId={params.id} />
    </div>
  );
}
