import { createSignal, For, Show } from "solid-js";
import { PayoutTable } from "../../components/commissions/tables";
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
import { commissionApi, type MarkPaid, type Payout, type PayoutDetail, type PayoutQuery } from "./api";
import { CommissionsNav } from "./CommissionsNav";
import { CreatePayoutDialog } from "./CreatePayoutDialog";

const keys = ["status"] as const;
const statuses = ["draft", "paid", "void"] as const;
const methods = ["bank_transfer", "mobile_money", "cash", "cheque", "other"] as const;
const today = () => new Date().toISOString().slice(0, 10);

/** Mark a draft payout paid (method, reference, day) or void it (reason). */
function DecisionDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  session: { payout: Payout; action: "paid" | "void" } | undefined;
  onDone: (p: PayoutDetail, action: "paid" | "void") => void;
}) {
  const number = () => props.session?.payout.number ?? "";
  const paid = () => props.session?.action === "paid";
  return (
    <DialogForm
      id="payout-decision"
      ref={props.ref}
      title={
        paid()
          ? t("commissions.payouts.paidTitle", { number: number() })
          : t("commissions.payouts.voidTitle", { number: number() })
      }
      intro={
        paid() && props.session
          ? t("commissions.payouts.paidIntro", {
              total: formatMoney(props.session.payout.totalMinor, props.session.payout.currency),
              reseller: props.session.payout.resellerName,
            })
          : t("commissions.payouts.voidIntro")
      }
      submitLabel={paid() ? t("commissions.payouts.paidSubmit") : t("commissions.payouts.voidSubmit")}
      danger={!paid()}
      submit={async (form) => {
        const session = props.session;
        if (!session) return;
        const data = new FormData(form);
        if (session.action === "void") {
          const reason = String(data.get("reason") ?? "").trim();
          props.onDone(await commissionApi.voidPayout(session.payout.id, reason), "void");
          return;
        }
        const json: MarkPaid = {
          method: String(data.get("method")) as MarkPaid["method"],
          reference: String(data.get("reference") ?? "").trim(),
          paidOn: String(data.get("paidOn") ?? ""),
        };
        props.onDone(await commissionApi.markPaid(session.payout.id, json), "paid");
      }}
    >
      {(errors) => (
        <Show
          when={paid()}
          fallback={
            <Field id="payout-void-reason" label={t("commissions.staff.reason")} error={errors.field("reason")}>
              {(aria) => <textarea {...aria} name="reason" required maxLength={500} rows={3} />}
            </Field>
          }
        >
          <Field id="payout-method" label={t("commissions.payouts.method")} error={errors.field("method")}>
            {(aria) => (
              <select {...aria} name="method" required>
                <For each={methods}>{(m) => <option value={m}>{t(`commissions.method.${m}`)}</option>}</For>
              </select>
            )}
          </Field>
          <Field
            id="payout-reference"
            label={t("commissions.payouts.reference")}
            hint={t("commissions.payouts.referenceHint")}
            error={errors.field("reference")}
          >
            {(aria) => <input {...aria} name="reference" required maxLength={200} autocomplete="off" />}
          </Field>
          <Field id="payout-paid-on" label={t("commissions.payouts.paidOn")} error={errors.field("paidOn")}>
            {(aria) => <input {...aria} name="paidOn" type="date" required value={today()} />}
          </Field>
        </Show>
      )}
    </DialogForm>
  );
}

/** Staff: payouts newest first; create one, mark a draft paid or void it. */
export function PayoutsPage() {
  useTitle(t("commissions.payouts.title"));
  const filters = useUrlFilters(keys);
  const rates = createLoad(() => commissionApi.rates());
  const list = createPagedList<Payout>(
    (cursor) => {
      const status = filters.values().status as PayoutQuery["status"] | "";
      return commissionApi.payouts({ ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
    },
    { key: filters.values },
  );
  const [notice, setNotice] = createSignal<string>();
  const [session, setSession] = createSignal<{ payout: Payout; action: "paid" | "void" }>();
  let dialog: HTMLDialogElement | undefined;
  let createDialog: HTMLDialogElement | undefined;
  const writer = () => can("operations:reseller:write");
  const open = (payout: Payout, action: "paid" | "void") => {
    setSession({ payout, action });
    dialog?.showModal();
  };
  const actions = (p: Payout) => (
    <Show when={writer() && p.status === "draft"}>
      <div class="inv-actions">
        <button type="button" class="btn btn-primary btn-small" onClick={() => open(p, "paid")}>
          {t("commissions.payouts.markPaidOne", { number: p.number })}
        </button>
        <button type="button" class="btn btn-secondary btn-small" onClick={() => open(p, "void")}>
          {t("commissions.payouts.voidOne", { number: p.number })}
        </button>
      </div>
    </Show>
  );
  return (
    <div class="page">
      <PageHeader
        title={t("commissions.payouts.title")}
        sub={t("commissions.payouts.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
        actions={
          <Show when={writer()}>
            <button type="button" class="btn btn-primary" onClick={() => createDialog?.showModal()}>
              {t("commissions.staff.createPayout")}
            </button>
          </Show>
        }
      />
      <CommissionsNav />
      <FilterBar
        id="payout-filters"
        label={t("commissions.payouts.filters")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="po-status">{t("commissions.staff.status")}</label>
          <select id="po-status" name="status" value={filters.values().status}>
            <option value="">{t("commissions.payouts.allStatuses")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`commissions.payoutStatus.${s}`)}</option>}</For>
          </select>
        </div>
      </FilterBar>
      <Notice message={notice()} />
      <ErrorAlert message={list.error() ? String(list.error()) : undefined} />
      <PayoutTable
        id="payouts-title"
        title={t("commissions.payouts.title")}
        list={list}
        resellerHeader={t("commissions.col.reseller")}
        showCount
        actions={actions}
        empty={{ title: t("commissions.payouts.empty"), body: t("commissions.payouts.emptyHint") }}
      />
      <DecisionDialog
        ref={(el) => {
          dialog = el;
        }}
        session={session()}
        onDone={(p, action) => {
          setNotice(
            t(action === "paid" ? "commissions.payouts.markedPaid" : "commissions.payouts.voided", {
              number: p.number,
            }),
          );
          void list.refresh();
        }}
      />
      <CreatePayoutDialog
        ref={(el) => {
          createDialog = el;
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
          void list.refresh();
        }}
      />
    </div>
  );
}
