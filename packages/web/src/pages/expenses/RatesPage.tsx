import { createResource, For, Show } from "solid-js";
import { client, errorMessage, read, send } from "../../api";
import { KeyIcon } from "../../components/icons";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney, parseAmount } from "../../components/timecost/money";
import { Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { can } from "../../session";

const api = client.api.v1.timecost;
type CostRate = Awaited<ReturnType<typeof loadCost>>[number];
type BillingRate = Awaited<ReturnType<typeof loadBilling>>[number];
const loadCost = async () => (await read(api["cost-rates"].$get({ query: {} }))).items;
const loadBilling = async () => (await read(api["billing-rates"].$get())).items;
const JSON_INIT = { headers: { "content-type": "application/json" } };

/** Settings › rates: hourly cost per technician and named billing rates, each by period. */
export function RatesPage() {
  useTitle(t("expenses.rates.title"));
  const writer = () => can("operations:technician:write");
  const [cost, { refetch: reloadCost }] = createResource(loadCost);
  const [billing, { refetch: reloadBilling }] = createResource(loadBilling);
  const [people] = createResource(
    () => writer() && can("auth:manage"),
    async () => (await read(client.api.v1.users.$get({ query: { portal: "staff", role: "field_technician" } }))).items,
  );
  let costDialog: HTMLDialogElement | undefined;
  let billingDialog: HTMLDialogElement | undefined;

  const period = (r: { effectiveFrom: string; effectiveTo: string | null }) =>
    `${r.effectiveFrom} – ${r.effectiveTo ?? t("expenses.rates.open")}`;
  const remove = (kind: "cost-rates" | "billing-rates", r: { id: string; effectiveFrom: string }) => (
    <Show when={writer()} fallback={<span class="muted">—</span>}>
      <ConfirmAction
        label={t("expenses.rates.remove")}
        prompt={t("expenses.rates.removePrompt")}
        confirmLabel={t("expenses.rates.remove")}
        danger
        quiet
        small
        run={async () => {
          await send(api[kind][":id"].$delete({ param: { id: r.id } }, JSON_INIT));
          await (kind === "cost-rates" ? reloadCost() : reloadBilling());
        }}
      />
    </Show>
  );

  const costColumns: Column<CostRate>[] = [
    { id: "person", header: t("expenses.rates.person"), rowHeader: true, cell: (r) => r.userName ?? r.userId },
    { id: "hourly", header: t("expenses.rates.hourly"), cell: (r) => formatMoney(r.hourlyMinor, r.currency) },
    { id: "period", header: t("expenses.rates.from"), cell: period },
    { id: "actions", header: t("expenses.actions"), cell: (r) => remove("cost-rates", r) },
  ];
  const billingColumns: Column<BillingRate>[] = [
    { id: "name", header: t("expenses.rates.name"), rowHeader: true, cell: (r) => `${r.name} (${r.code})` },
    { id: "hourly", header: t("expenses.rates.hourly"), cell: (r) => formatMoney(r.hourlyMinor, r.currency) },
    { id: "period", header: t("expenses.rates.from"), cell: period },
    { id: "actions", header: t("expenses.actions"), cell: (r) => remove("billing-rates", r) },
  ];

  const money = (data: FormData) => {
    const currency = String(data.get("currency") ?? "")
      .trim()
      .toUpperCase();
    const hourlyMinor = parseAmount(String(data.get("hourly") ?? ""), currency || "NGN");
    if (hourlyMinor === undefined) throw invalid("hourlyMinor", t("expenses.amountInvalid"));
    const to = String(data.get("effectiveTo") ?? "");
    return {
      currency,
      hourlyMinor,
      effectiveFrom: String(data.get("effectiveFrom") ?? ""),
      ...(to ? { effectiveTo: to } : {}),
    };
  };
  const periodFields = (prefix: string, errors: { field: (p: string) => string | undefined }) => (
    <>
      <Field id={`${prefix}-hourly`} label={t("expenses.rates.hourly")} error={errors.field("hourlyMinor")}>
        {(aria) => <input {...aria} name="hourly" required inputmode="decimal" />}
      </Field>
      <Field id={`${prefix}-currency`} label={t("expenses.currency")} error={errors.field("currency")}>
        {(aria) => <input {...aria} name="currency" required maxLength={3} value="NGN" />}
      </Field>
      <Field id={`${prefix}-from`} label={t("expenses.rates.from")} error={errors.field("effectiveFrom")}>
        {(aria) => <input {...aria} name="effectiveFrom" type="date" required />}
      </Field>
      <Field id={`${prefix}-to`} label={t("expenses.rates.to")} error={errors.field("effectiveTo")}>
        {(aria) => <input {...aria} name="effectiveTo" type="date" />}
      </Field>
    </>
  );

  return (
    <div class="page">
      <PageHeader title={t("expenses.rates.title")} sub={t("expenses.rates.sub")} />
      <Panel
        id="rates-cost"
        title={t("expenses.rates.cost")}
        sub={t("expenses.rates.costSub")}
        actions={
          <Show when={writer()}>
            <button type="button" class="btn btn-primary" onClick={() => costDialog?.showModal()}>
              {t("expenses.rates.add")}
            </button>
          </Show>
        }
      >
        <DataTable
          class="rates-table"
          labelledBy="rates-cost"
          columns={costColumns}
          rows={cost()}
          rowKey={(r) => r.id}
          loading={cost.loading}
          error={cost.error ? errorMessage(cost.error) : undefined}
          errorTitle={t("expenses.rates.loadFailed")}
          onRetry={() => void reloadCost()}
          empty={{ icon: <KeyIcon />, title: t("expenses.rates.empty"), body: t("expenses.rates.emptyBody") }}
        />
      </Panel>
      <Panel
        id="rates-billing"
        title={t("expenses.rates.billing")}
        sub={t("expenses.rates.billingSub")}
        actions={
          <Show when={writer()}>
            <button type="button" class="btn btn-primary" onClick={() => billingDialog?.showModal()}>
              {t("expenses.rates.addBilling")}
            </button>
          </Show>
        }
      >
        <DataTable
          class="rates-table"
          labelledBy="rates-billing"
          columns={billingColumns}
          rows={billing()}
          rowKey={(r) => r.id}
          loading={billing.loading}
          error={billing.error ? errorMessage(billing.error) : undefined}
          errorTitle={t("expenses.rates.loadFailed")}
          onRetry={() => void reloadBilling()}
          empty={{ icon: <KeyIcon />, title: t("expenses.rates.empty"), body: t("expenses.rates.emptyBody") }}
        />
      </Panel>
      <DialogForm
        id="rates-cost-dialog"
        ref={(el) => {
          costDialog = el;
        }}
        title={t("expenses.rates.add")}
        submitLabel={t("expenses.rates.save")}
        submit={async (form) => {
          const data = new FormData(form);
          await read(api["cost-rates"].$post({ json: { userId: String(data.get("userId") ?? ""), ...money(data) } }));
          form.reset();
          await reloadCost();
        }}
      >
        {(errors) => (
          <>
            <Field id="rates-person" label={t("expenses.rates.person")} error={errors.field("userId")}>
              {(aria) => (
                <select {...aria} name="userId" required>
                  <option value="">{t("expenses.rates.pick")}</option>
                  <For each={people()}>{(p) => <option value={p.id}>{p.displayName}</option>}</For>
                </select>
              )}
            </Field>
            {periodFields("rates-cost", errors)}
          </>
        )}
      </DialogForm>
      <DialogForm
        id="rates-billing-dialog"
        ref={(el) => {
          billingDialog = el;
        }}
        title={t("expenses.rates.addBilling")}
        submitLabel={t("expenses.rates.save")}
        submit={async (form) => {
          const data = new FormData(form);
          const code = String(data.get("code") ?? "").trim();
          const name = String(data.get("name") ?? "").trim();
          await read(api["billing-rates"].$post({ json: { code, name, ...money(data) } }));
          form.reset();
          await reloadBilling();
        }}
      >
        {(errors) => (
          <>
            <Field id="rates-code" label={t("expenses.rates.code")} error={errors.field("code")}>
              {(aria) => <input {...aria} name="code" required maxLength={40} value="standard" />}
            </Field>
            <Field id="rates-name" label={t("expenses.rates.name")} error={errors.field("name")}>
              {(aria) => <input {...aria} name="name" required maxLength={100} />}
            </Field>
            {periodFields("rates-billing", errors)}
          </>
        )}
      </DialogForm>
    </div>
  );
}
