import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { BarChart } from "../../components/charts/BarChart";
import { CommissionTotals } from "../../components/commissions/Totals";
import { CommissionTable } from "../../components/commissions/tables";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney } from "../../components/timecost/money";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad, createPagedList } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { can } from "../../session";
import { type Commission, type CommissionQuery, commissionApi } from "./api";
import { CommissionsNav } from "./CommissionsNav";
import { CreatePayoutDialog } from "./CreatePayoutDialog";
import { ReverseDialog } from "./ReverseDialog";

const keys = ["status", "resellerOrganizationId"] as const;
const statuses = ["pending", "approved", "paid", "void"] as const;

/** Void one commission with the reason the reseller reads. */
function VoidDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  commission: Commission | undefined;
  onDone: (c: Commission) => void;
}) {
  const order = () => props.commission?.orderNumber ?? "";
  return (
    <DialogForm
      id="commission-void"
      ref={props.ref}
      title={t("commissions.staff.voidTitle", { order: order() })}
      intro={t("commissions.staff.voidIntro")}
      submitLabel={t("commissions.staff.voidSubmit")}
      danger
      submit={async (form) => {
        const id = props.commission?.id;
        if (!id) return;
        const reason = String(new FormData(form).get("reason") ?? "").trim();
        props.onDone(await commissionApi.void(id, reason));
      }}
    >
      {(errors) => (
        <Field
          id="commission-void-reason"
          label={t("commissions.staff.reason")}
          hint={t("commissions.staff.reasonHint")}
          error={errors.field("reason")}
        >
          {(aria) => <textarea {...aria} name="reason" required maxLength={500} rows={3} />}
        </Field>
      )}
    </DialogForm>
  );
}

/** Staff: every reseller commission, filtered by status and reseller; approve, void, and pay in payouts. */
export function CommissionsPage() {
  useTitle(t("commissions.staff.title"));
  const filters = useUrlFilters(keys);
  const rates = createLoad(() => commissionApi.rates());
  const summary = createLoad(() => commissionApi.summary(filters.values().resellerOrganizationId || undefined), {
    key: filters.values,
  });
  const list = createPagedList<Commission>(
    (cursor) => {
      const { status, resellerOrganizationId } = filters.values();
      const query: CommissionQuery = {};
      if (status) query.status = status as CommissionQuery["status"];
      if (resellerOrganizationId) query.resellerOrganizationId = resellerOrganizationId;
      if (cursor) query.cursor = cursor;
      return commissionApi.list(query);
    },
    { key: filters.values },
  );
  const [notice, setNotice] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const [voiding, setVoiding] = createSignal<Commission>();
  let voidDialog: HTMLDialogElement | undefined;
  let reverseDialog: HTMLDialogElement | undefined;
  const [reversing, setReversing] = createSignal<Commission>();
  let payoutDialog: HTMLDialogElement | undefined;
  const writer = () => can("operations:reseller:write");
  const refresh = () => {
    void list.refresh();
    void summary.refresh();
  };
  const approve = async (row: Commission) => {
    try {
      const done = await commissionApi.approve(row.id);
      setNotice(t("commissions.staff.approved", { order: done.orderNumber ?? done.salesOrderId }));
      setFailure(undefined);
      refresh();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const byStatus = () =>
    statuses.map((status) => ({
      key: status,
      label: t(`commissions.status.${status}`),
      count: (summary.data()?.items ?? []).filter((r) => r.status === status).reduce((n, r) => n + r.count, 0),
    }));

  const actions = (r: Commission) => (
    <div class="inv-actions">
      <Show when={writer() && r.status === "pending"}>
        <button
          type="button"
          class="btn btn-primary btn-small"
          aria-label={t("commissions.staff.approveOne", { order: r.orderNumber ?? "" })}
          onClick={() => void approve(r)}
        >
          {t("commissions.staff.approve")}
        </button>
      </Show>
      <Show when={writer() && r.status === "paid" && !r.reversedAt}>
        <button
          type="button"
          class="btn btn-secondary btn-small"
          aria-label={t("commissions.reversal.actionOne", { order: r.orderNumber ?? "" })}
          onClick={() => {
            setReversing(r);
            reverseDialog?.showModal();
          }}
        >
          {t("commissions.reversal.action")}
        </button>
      </Show>
      <Show when={writer() && (r.status === "pending" || r.status === "approved") && !r.payoutId}>
        <button
          type="button"
          class="btn btn-secondary btn-small"
          aria-label={t("commissions.staff.voidOne", { order: r.orderNumber ?? "" })}
          onClick={() => {
            setVoiding(r);
            voidDialog?.showModal();
          }}
        >
          {t("commissions.staff.void")}
        </button>
      </Show>
    </div>
  );

  return (
    <div class="page">
      <PageHeader
        title={t("commissions.staff.title")}
        sub={t("commissions.staff.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={refresh}
        refreshing={list.loading()}
        actions={
          <Show when={writer()}>
            <button type="button" class="btn btn-primary" onClick={() => payoutDialog?.showModal()}>
              {t("commissions.staff.createPayout")}
            </button>
          </Show>
        }
      />
      <CommissionsNav />
      <CommissionTotals rows={summary.data()?.items} label={t("commissions.staff.summary")} />
      <FilterBar
        id="commission-filters"
        label={t("commissions.staff.filters")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="cm-status">{t("commissions.staff.status")}</label>
          <select id="cm-status" name="status" value={filters.values().status}>
            <option value="">{t("commissions.staff.allStatuses")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`commissions.status.${s}`)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="cm-reseller">{t("commissions.staff.reseller")}</label>
          <select id="cm-reseller" name="resellerOrganizationId" value={filters.values().resellerOrganizationId}>
            <option value="">{t("commissions.staff.allResellers")}</option>
            <For each={rates.data()?.items ?? []}>
              {(r) => (
                <option
                  value={r.organizationId}
                  selected={r.organizationId === filters.values().resellerOrganizationId}
                >
                  {r.name}
                </option>
              )}
            </For>
          </select>
        </div>
      </FilterBar>
      <Notice message={notice()} />
      <ErrorAlert message={failure()} />
      <CommissionTable
        id="commissions-title"
        title={t("commissions.staff.list")}
        list={list}
        resellerHeader={t("commissions.col.reseller")}
        orderLink
        actions={actions}
        empty={{ title: t("commissions.staff.empty"), body: t("commissions.staff.emptyHint") }}
      />
      <section class="panel" aria-labelledby="commissions-chart-title">
        <BarChart
          id="commissions-chart"
          title={t("commissions.staff.chart")}
          unit={t("commissions.staff.chartUnit")}
          bars={byStatus()}
          empty={t("commissions.staff.empty")}
        />
      </section>
      <VoidDialog
        ref={(el) => {
          voidDialog = el;
        }}
        commission={voiding()}
        onDone={(c) => {
          setNotice(t("commissions.staff.voided", { order: c.orderNumber ?? c.salesOrderId }));
          setFailure(undefined);
          refresh();
        }}
      />
      <ReverseDialog
        ref={(el) => {
          reverseDialog = el;
        }}
        commission={reversing()}
        onDone={(c) => {
          setNotice(t("commissions.reversal.done", { order: c.orderNumber ?? c.salesOrderId }));
          setFailure(undefined);
          refresh();
        }}
      />
      <CreatePayoutDialog
        ref={(el) => {
          payoutDialog = el;
        }}
        resellers={rates.data()?.items ?? []}
        onDone={(p) => {
          setNotice(
            t("commissions.staff.payoutCreated", {
              number: p.number,
              reseller: p.resellerName,
              total: formatMoney(p.totalMinor, p.currency),
            }),
          );
          setFailure(undefined);
          refresh();
        }}
      />
    </div>
  );
}
