import "../../components/contracts/contracts.css";
import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { DocStatus } from "../../components/contracts/Display";
import { money } from "../../components/contracts/money";
import { BookIcon } from "../../components/icons";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { absoluteTime, formatNumber, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { contractsApi, type InvoiceQuery, invoicesCsvHref, type StaffInvoice, type VendorOption } from "./api";
import { type Decision, DecisionDialog } from "./DecisionDialog";
import { InvoiceActions } from "./InvoiceActions";

const keys = ["status", "vendorOrganizationId", "installationProjectId"] as const;
const statuses = ["submitted", "approved", "paid", "revision_requested", "rejected", "draft"] as const;

/**
 * Staff's contractor (purchase) invoices across projects: filter by status, contractor and project,
 * totals of everything filtered (exact, per currency, with tax), approve, send back, reject or mark
 * paid as the invoice's state allows, and the filtered list as CSV.
 */
export function InvoicesPage() {
  useTitle(t("contracts.invoices.title"));
  const filters = useUrlFilters(keys);
  const query = (): InvoiceQuery => {
    const v = filters.values();
    return {
      ...(v.status ? { status: v.status as InvoiceQuery["status"] } : {}),
      ...(v.vendorOrganizationId ? { vendorOrganizationId: v.vendorOrganizationId } : {}),
      ...(v.installationProjectId ? { installationProjectId: v.installationProjectId } : {}),
    };
  };
  const list = createLoad(() => contractsApi.invoiceList(query()), { key: filters.values, keepOnError: true });
  const vendors = createLoad(() => contractsApi.vendors());
  const projects = createLoad(() => contractsApi.list({ limit: "200" }));
  const [notice, setNotice] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const [decision, setDecision] = createSignal<Decision>();
  let dialog: HTMLDialogElement | undefined;
  const act = async (run: () => Promise<string>) => {
    try {
      setNotice(await run());
      setFailure(undefined);
      void list.refresh();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const decide = (d: Decision) => {
    setDecision(d);
    dialog?.showModal();
  };
  const columns: Column<StaffInvoice>[] = [
    { id: "number", header: t("contracts.col.number"), rowHeader: true, class: "mono", cell: (i) => i.number },
    {
      id: "project",
      header: t("contracts.col.project"),
      class: "tk-wrap-cell",
      cell: (i) => <A href={`/installation-projects/${i.installationProjectId}`}>{i.projectName}</A>,
    },
    { id: "vendor", header: t("contracts.col.vendor"), cell: (i) => i.vendorName ?? "—" },
    { id: "status", header: t("contracts.col.status"), cell: (i) => <DocStatus status={i.status} /> },
    { id: "tax", header: t("contracts.lines.tax"), class: "num", cell: (i) => money(i.taxMinor, i.currency) },
    { id: "total", header: t("contracts.lines.total"), class: "num", cell: (i) => money(i.totalMinor, i.currency) },
    {
      id: "submitted",
      header: t("contracts.invoices.submittedAt"),
      cell: (i) => (i.submittedAt ? absoluteTime(i.submittedAt) : "—"),
    },
    {
      id: "actions",
      header: t("contracts.invoices.actions"),
      cell: (i) => <InvoiceActions invoice={i} act={(run) => void act(run)} decide={decide} compact />,
    },
  ];
  return (
    <div class="page vp-page">
      <PageHeader
        title={t("contracts.invoices.title")}
        sub={t("contracts.invoices.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
        actions={
          <a class="btn btn-secondary" href={invoicesCsvHref(query())} download="">
            {t("contracts.invoices.exportCsv")}
          </a>
        }
      />
      <Notice message={notice()} />
      <ErrorAlert message={failure()} />
      <FilterBar
        id="inv-filters"
        label={t("contracts.invoices.filters")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="inv-status">{t("contracts.col.status")}</label>
          <select id="inv-status" name="status" value={filters.values().status}>
            <option value="">{t("contracts.staff.anyStatus")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`contracts.docStatus.${s}`)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="inv-vendor">{t("contracts.col.vendor")}</label>
          <select id="inv-vendor" name="vendorOrganizationId" value={filters.values().vendorOrganizationId}>
            <option value="">{t("contracts.invoices.anyVendor")}</option>
            <For each={vendors.data()?.items ?? ([] as VendorOption[])}>
              {(v) => <option value={v.id}>{v.name}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="inv-project">{t("contracts.col.project")}</label>
          <select id="inv-project" name="installationProjectId" value={filters.values().installationProjectId}>
            <option value="">{t("contracts.invoices.anyProject")}</option>
            <For each={projects.data()?.items ?? []}>
              {(p) => <option value={p.id}>{`${p.number} · ${p.title}`}</option>}
            </For>
          </select>
        </div>
      </FilterBar>
      <Show when={(list.data()?.totals.length ?? 0) > 0}>
        <section aria-label={t("contracts.invoices.totals")}>
          <dl class="kv vp-facts inv-totals">
            <For each={list.data()?.totals}>
              {(x) => (
                <>
                  <div>
                    <dt>{t("contracts.invoices.count", { currency: x.currency })}</dt>
                    <dd>{formatNumber(x.count)}</dd>
                  </div>
                  <div>
                    <dt>{t("contracts.invoices.net", { currency: x.currency })}</dt>
                    <dd>{money(x.subtotalMinor, x.currency)}</dd>
                  </div>
                  <div>
                    <dt>{t("contracts.invoices.tax", { currency: x.currency })}</dt>
                    <dd>{money(x.taxMinor, x.currency)}</dd>
                  </div>
                  <div>
                    <dt>{t("contracts.invoices.total", { currency: x.currency })}</dt>
                    <dd class="vp-total">{money(x.totalMinor, x.currency)}</dd>
                  </div>
                </>
              )}
            </For>
          </dl>
        </section>
      </Show>
      <DataTable
        class="inv-table"
        label={t("contracts.invoices.title")}
        columns={columns}
        rows={list.data()?.items}
        rowKey={(i) => i.id}
        loading={list.loading()}
        error={list.error()}
        onRetry={list.refresh}
        empty={{ icon: <BookIcon />, title: t("contracts.invoices.empty"), body: t("contracts.invoices.emptyBody") }}
      />
      <DecisionDialog
        ref={(el) => {
          dialog = el;
        }}
        decision={decision()}
        onDone={(message) => {
          setNotice(message);
          void list.refresh();
        }}
      />
    </div>
  );
}
