import "../../components/contracts/contracts.css";
import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { ProjectStatus } from "../../components/contracts/Display";
import { exponentOf, money, parseScaled, scaledText } from "../../components/contracts/money";
import { BookIcon } from "../../components/icons";
import { Notice } from "../../components/kit/Alert";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { can } from "../../session";
import { contractsApi, type InstallationProject, type ListQuery, type ProjectOption } from "./api";

const keys = ["status"] as const;
const statuses = [
  "draft",
  "open_for_bidding",
  "assigned",
  "quoted",
  "approved",
  "in_progress",
  "completed",
  "verified",
  "canceled",
] as const;

/** Staff's installation projects: open one for a project, filter by status, set the second-approver threshold. */
export function InstallationProjectsPage() {
  useTitle(t("contracts.staff.title"));
  const filters = useUrlFilters(keys);
  const list = createLoad(
    () => {
      const status = filters.values().status as ListQuery["status"] | "";
      return contractsApi.list(status ? { status } : {});
    },
    { key: filters.values, keepOnError: true },
  );
  const settings = createLoad(() => contractsApi.settings());
  const [notice, setNotice] = createSignal<string>();
  const [options, setOptions] = createSignal<ProjectOption[]>([]);
  let createDialog: HTMLDialogElement | undefined;
  let settingsDialog: HTMLDialogElement | undefined;
  const search = async (q: string) => setOptions((await contractsApi.projects(q)).items);
  const columns: Column<InstallationProject>[] = [
    {
      id: "number",
      header: t("contracts.col.number"),
      rowHeader: true,
      class: "mono",
      cell: (p) => <A href={`/installation-projects/${p.id}`}>{p.number}</A>,
    },
    { id: "title", header: t("contracts.col.title"), class: "tk-wrap-cell", cell: (p) => p.title },
    { id: "project", header: t("contracts.col.project"), cell: (p) => p.projectName ?? "—" },
    { id: "status", header: t("contracts.col.status"), cell: (p) => <ProjectStatus status={p.status} /> },
    { id: "vendor", header: t("contracts.col.vendor"), cell: (p) => p.vendorName ?? "—" },
    {
      id: "closes",
      header: t("contracts.col.closes"),
      cell: (p) => (p.biddingClosesAt ? formatDate(p.biddingClosesAt) : "—"),
    },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("contracts.staff.title")}
        sub={
          <Show when={settings.data()} fallback={t("contracts.staff.sub")}>
            {(s) => t("contracts.staff.threshold", { amount: money(s().approvalThresholdMinor, "NGN") })}
          </Show>
        }
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
        actions={
          <>
            <Show when={can("vendor:write")}>
              <button type="button" class="btn btn-secondary" onClick={() => settingsDialog?.showModal()}>
                {t("contracts.staff.settings")}
              </button>
            </Show>
            <Show when={can("vendor:project:write")}>
              <button
                type="button"
                class="btn btn-primary"
                onClick={() => {
                  void search("");
                  createDialog?.showModal();
                }}
              >
                {t("contracts.staff.new")}
              </button>
            </Show>
          </>
        }
      />
      <Notice message={notice()} />
      <FilterBar
        id="ip-filters"
        label={t("contracts.staff.filters")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="ip-status">{t("contracts.col.status")}</label>
          <select id="ip-status" name="status" value={filters.values().status}>
            <option value="">{t("contracts.staff.anyStatus")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`contracts.projectStatus.${s}`)}</option>}</For>
          </select>
        </div>
      </FilterBar>
      <DataTable
        class="ip-table"
        label={t("contracts.staff.title")}
        columns={columns}
        rows={list.data()?.items}
        rowKey={(p) => p.id}
        loading={list.loading()}
        error={list.error()}
        onRetry={list.refresh}
        empty={{ icon: <BookIcon />, title: t("contracts.staff.empty"), body: t("contracts.staff.emptyBody") }}
      />
      <DialogForm
        id="ip-create"
        ref={(el) => {
          createDialog = el;
        }}
        title={t("contracts.staff.new")}
        intro={t("contracts.staff.newIntro")}
        submitLabel={t("contracts.staff.create")}
        submit={async (form) => {
          const data = new FormData(form);
          const projectId = String(data.get("projectId") ?? "");
          if (!projectId) throw invalid("projectId", t("contracts.staff.pickProject"));
          const created = await contractsApi.create({ projectId, currency: String(data.get("currency") || "NGN") });
          setNotice(t("contracts.staff.created", { number: created.number }));
          void list.refresh();
        }}
      >
        {(errors) => (
          <>
            <Field id="ip-project-q" label={t("contracts.staff.searchProject")}>
              {(aria) => <input {...aria} type="search" onInput={(e) => void search(e.currentTarget.value)} />}
            </Field>
            <Field id="ip-project" label={t("contracts.col.project")} error={errors.field("projectId")}>
              {(aria) => (
                <select {...aria} name="projectId" required>
                  <option value="">{t("contracts.staff.pickProject")}</option>
                  <For each={options()}>{(o) => <option value={o.id}>{`${o.number} · ${o.name}`}</option>}</For>
                </select>
              )}
            </Field>
            <Field id="ip-currency" label={t("contracts.col.currency")} error={errors.field("currency")}>
              {(aria) => <input {...aria} name="currency" value="NGN" maxLength={3} pattern="[A-Z]{3}" />}
            </Field>
          </>
        )}
      </DialogForm>
      <DialogForm
        id="ip-settings"
        ref={(el) => {
          settingsDialog = el;
        }}
        title={t("contracts.staff.settings")}
        intro={t("contracts.staff.settingsIntro")}
        submitLabel={t("contracts.staff.save")}
        submit={async (form) => {
          const text = String(new FormData(form).get("threshold") ?? "");
          const minor = parseScaled(text, exponentOf("NGN"));
          if (minor === undefined) throw invalid("approvalThresholdMinor", t("contracts.staff.badAmount"));
          const saved = await contractsApi.saveSettings(minor);
          settings.mutate(saved);
        }}
      >
        {(errors) => (
          <Field
            id="ip-threshold"
            label={t("contracts.staff.thresholdLabel")}
            error={errors.field("approvalThresholdMinor")}
          >
            {(aria) => (
              <input
                {...aria}
                name="threshold"
                inputmode="decimal"
                value={scaledText(settings.data()?.approvalThresholdMinor ?? 0, 2)}
              />
            )}
          </Field>
        )}
      </DialogForm>
    </div>
  );
}
