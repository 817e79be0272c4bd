import "../../components/contracts/contracts.css";
import { A } from "@solidjs/router";
import { ProjectStatus } from "../../components/contracts/Display";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type VendorProject, vendorApi } from "./api";
import { VendorUpdates } from "./VendorUpdates";

const columns = (): Column<VendorProject>[] => [
  {
    id: "number",
    header: t("contracts.col.number"),
    rowHeader: true,
    class: "mono",
    cell: (p) => <A href={`/vendor/projects/${p.id}`}>{p.number}</A>,
  },
  { id: "title", header: t("contracts.col.title"), class: "tk-wrap-cell", cell: (p) => p.title },
  { id: "region", header: t("contracts.col.region"), cell: (p) => p.region ?? "—" },
  { id: "status", header: t("contracts.col.status"), cell: (p) => <ProjectStatus status={p.status} /> },
  {
    id: "closes",
    header: t("contracts.col.closes"),
    cell: (p) => (p.biddingClosesAt && p.biddingOpen ? formatDate(p.biddingClosesAt) : "—"),
  },
];

/** The contractor's dashboard: projects open for bidding, and its own (quoted, awarded, building). */
export function VendorProjectsPage() {
  useTitle(t("contracts.vendor.title"));
  const available = createLoad(() => vendorApi.projects("available"));
  const mine = createLoad(() => vendorApi.projects("mine"));
  const refresh = () => {
    void available.refresh();
    void mine.refresh();
  };
  return (
    <div class="page">
      <PageHeader
        title={t("contracts.vendor.title")}
        sub={t("contracts.vendor.sub")}
        refreshedAt={mine.refreshedAt()}
        onRefresh={refresh}
        refreshing={mine.loading() || available.loading()}
      />
      <VendorUpdates />
      <Panel id="vp-available" title={t("contracts.vendor.available")} sub={t("contracts.vendor.availableSub")}>
        <DataTable
          class="vp-available-table"
          labelledBy="vp-available"
          columns={columns()}
          rows={available.data()?.items}
          rowKey={(p) => p.id}
          loading={available.loading()}
          error={available.error()}
          onRetry={available.refresh}
          empty={{ icon: <BookIcon />, title: t("contracts.vendor.noneAvailable") }}
        />
      </Panel>
      <Panel id="vp-mine" title={t("contracts.vendor.mine")} sub={t("contracts.vendor.mineSub")}>
        <DataTable
          class="vp-mine-table"
          labelledBy="vp-mine"
          columns={columns()}
          rows={mine.data()?.items}
          rowKey={(p) => p.id}
          loading={mine.loading()}
          error={mine.error()}
          onRetry={mine.refresh}
          empty={{
            icon: <BookIcon />,
            title: t("contracts.vendor.noneMine"),
            body: t("contracts.vendor.noneMineBody"),
          }}
        />
      </Panel>
    </div>
  );
}
