import { A, useParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney } from "../../components/timecost/money";
import { Badge, ErrorState, Panel, Spinner } from "../../components/ui";
import { formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type Order, ordersApi } from "./api";
import { paymentTone } from "./OrdersPage";

const methods = ["bank_transfer", "card", "cash", "cheque", "mobile_money", "other"] as const;

/** One order: its figures, lines, payments (a bar of paid vs due), and the staff actions on it. */
export function OrderPage() {
  const params = useParams<{ id: string }>();
  const order = createLoad(() => ordersApi.get(params.id), { key: () => params.id, keepOnError: true });
  useTitle(t("quotes.orders.title"));
  const [notice, setNotice] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [reasonKind, setReasonKind] = createSignal<"waive" | "cancel">("waive");
  // One key per opening of the dialog: a double submit records the payment once.
  const [paymentKey, setPaymentKey] = createSignal(crypto.randomUUID());
  let payDialog: HTMLDialogElement | undefined;
  let reasonDialog: HTMLDialogElement | undefined;
  const updated = (o: Order) => {
    order.mutate(o);
    setNotice(t("quotes.orders.done", { number: o.number }));
  };
  const writable = () => can("operations:sales_order:write");
  return (
    <div class="page quote-page">
      <Show
        when={order.data()}
        fallback={
          <Show when={order.error()} fallback={<Spinner />}>
            <ErrorState
              title={t("quotes.orders.title")}
              detail={order.error() ?? ""}
              onRetry={() => void order.refresh()}
            />
          </Show>
        }
      >
        {(o) => {
          const money = (minor: number) => formatMoney(minor, o().currency);
          const paidShare = () => (o().totalMinor > 0 ? Math.min(1, o().amountPaidMinor / o().totalMinor) : 1);
          return (
            <>
              <PageHeader
                crumb={<A href="/sales-orders">{t("quotes.orders.crumb")}</A>}
                title={`${o().number} · ${o().personName}`}
                sub={
                  <>
                    {t(`quotes.orders.statuses.${o().status}`)} ·{" "}
                    <Badge tone={paymentTone[o().paymentStatus]}>
                      {t(`quotes.orders.payments.${o().paymentStatus}`)}
                    </Badge>
                  </>
                }
                actions={
                  <Show when={writable()}>
                    <Show
                      when={o().status !== "cancelled" && o().balanceDueMinor > 0 && o().paymentStatus !== "waived"}
                    >
                      <button
                        type="button"
                        class="btn btn-primary"
                        onClick={() => {
                          setPaymentKey(crypto.randomUUID());
                          payDialog?.showModal();
                        }}
                      >
                        {t("quotes.orders.record")}
                      </button>
                      <button
                        type="button"
                        class="btn btn-secondary"
                        onClick={() => {
                          setReasonKind("waive");
                          reasonDialog?.showModal();
                        }}
                      >
                        {t("quotes.orders.waive")}
                      </button>
                    </Show>
                    <Show
                      when={o().status === "paid" || (o().status === "confirmed" && o().paymentStatus === "waived")}
                    >
                      <button
                        type="button"
                        class="btn btn-secondary"
                        onClick={async () => {
                          try {
                            updated(await ordersApi.fulfil(o().id));
                          } catch (failure) {
                            setError(String((failure as Error).message));
                          }
                        }}
                      >
                        {t("quotes.orders.fulfil")}
                      </button>
                    </Show>
                    <Show when={o().status !== "cancelled" && o().status !== "fulfilled"}>
                      <button
                        type="button"
                        class="btn btn-secondary"
                        onClick={() => {
                          setReasonKind("cancel");
                          reasonDialog?.showModal();
                        }}
                      >
                        {t("quotes.orders.cancel")}
                      </button>
                    </Show>
                  </Show>
                }
              />
              <Notice message={notice()} />
              <ErrorAlert message={error()} />
              <Panel id="order-summary" title={t("quotes.orders.summary")}>
                <div
                  class="order-progress"
                  role="img"
                  aria-label={`${t("quotes.orders.progress")}: ${money(o().amountPaidMinor)} / ${money(o().totalMinor)}`}
                >
                  <div class="order-progress-bar" style={{ width: `${Math.round(paidShare() * 100)}%` }} />
                </div>
                <dl class="quote-totals">
                  <dt>{t("quotes.orders.total")}</dt>
                  <dd>{money(o().totalMinor)}</dd>
                  <dt>{t("quotes.orders.paid")}</dt>
                  <dd>{money(o().amountPaidMinor)}</dd>
                  <dt>{t("quotes.orders.balance")}</dt>
                  <dd>{money(o().balanceDueMinor)}</dd>
                  <dt>{t("quotes.orders.deposit")}</dt>
                  <dd>
                    {money(o().depositRequiredMinor)} ·{" "}
                    {o().depositPaid ? t("quotes.orders.depositPaid") : t("quotes.orders.depositDue")}
                  </dd>
                  <dt>{t("quotes.orders.project")}</dt>
                  <dd>{o().project?.number ?? t("quotes.orders.noProject")}</dd>
                  <Show when={o().quoteId}>
                    <dt>{t("quotes.orders.quote")}</dt>
                    <dd>
                      <A href={`/quotes/${o().quoteId}`}>{t("quotes.orders.quote")}</A>
                    </dd>
                  </Show>
                </dl>
              </Panel>
              <Panel id="order-lines" title={t("quotes.orders.lines")}>
                {/* biome-ignore lint/a11y/useSemanticElements: a fieldset groups form controls; this is a scroll container. */}
                <div class="table-wrap" tabindex="0" role="group" aria-labelledby="order-lines">
                  <table class="table">
                    <thead>
                      <tr>
                        <th scope="col">{t("quotes.builder.description")}</th>
                        <th scope="col" class="num">
                          {t("quotes.builder.quantity")}
                        </th>
                        <th scope="col" class="num">
                          {t("quotes.builder.amount")}
                        </th>
                        <th scope="col" class="num">
                          {t("quotes.builder.lineTax")}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={o().lines}>
                        {(l) => (
                          <tr>
                            <th scope="row">{l.description}</th>
                            <td class="num">{l.quantity / 1000}</td>
                            <td class="num">{money(l.netMinor)}</td>
                            <td class="num">{money(l.taxMinor)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Panel>
              <Panel id="order-payments" title={t("quotes.orders.paymentsTitle")}>
                <Show when={o().payments.length > 0} fallback={<p class="muted">{t("quotes.orders.noPayments")}</p>}>
                  {/* biome-ignore lint/a11y/useSemanticElements: a fieldset groups form controls; this is a scroll container. */}
                  <div class="table-wrap" tabindex="0" role="group" aria-labelledby="order-payments">
                    <table class="table">
                      <thead>
                        <tr>
                          <th scope="col">{t("quotes.orders.received")}</th>
                          <th scope="col">{t("quotes.orders.method")}</th>
                          <th scope="col">{t("quotes.orders.reference")}</th>
                          <th scope="col" class="num">
                            {t("quotes.orders.amount")}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={o().payments}>
                          {(p) => (
                            <tr>
                              <th scope="row">{formatDate(p.receivedAt)}</th>
                              <td>{t(`quotes.orders.methods.${p.method}`)}</td>
                              <td>{p.reference ?? ""}</td>
                              <td class="num">{money(p.amountMinor)}</td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </div>
                </Show>
              </Panel>
              <DialogForm
                id="record-payment"
                ref={(el) => {
                  payDialog = el;
                }}
                title={t("quotes.orders.recordTitle", { number: o().number })}
                submitLabel={t("quotes.orders.recordSubmit")}
                submit={async (form) => {
                  const data = new FormData(form);
                  const reference = String(data.get("reference") ?? "").trim();
                  updated(
                    await ordersApi.pay(o().id, {
                      amount: String(data.get("amount") ?? "").trim(),
                      method: String(data.get("method")) as (typeof methods)[number],
                      ...(reference ? { reference } : {}),
                      idempotencyKey: paymentKey(),
                    }),
                  );
                }}
              >
                {(errors) => (
                  <>
                    <Field
                      id="pay-amount"
                      label={`${t("quotes.orders.amount")} (${o().currency})`}
                      hint={t("quotes.orders.amountHint", { balance: money(o().balanceDueMinor) })}
                      error={errors.field("amount")}
                    >
                      {(aria) => <input {...aria} name="amount" inputMode="decimal" required autocomplete="off" />}
                    </Field>
                    <Field id="pay-method" label={t("quotes.orders.method")} error={errors.field("method")}>
                      {(aria) => (
                        <select {...aria} name="method">
                          <For each={methods}>
                            {(m) => <option value={m}>{t(`quotes.orders.methods.${m}`)}</option>}
                          </For>
                        </select>
                      )}
                    </Field>
                    <Field id="pay-reference" label={t("quotes.orders.reference")} error={errors.field("reference")}>
                      {(aria) => <input {...aria} name="reference" maxLength={200} />}
                    </Field>
                  </>
                )}
              </DialogForm>
              <DialogForm
                id="order-reason"
                ref={(el) => {
                  reasonDialog = el;
                }}
                title={
                  reasonKind() === "waive"
                    ? t("quotes.orders.waiveTitle", { number: o().number })
                    : t("quotes.orders.cancelTitle", { number: o().number })
                }
                submitLabel={
                  reasonKind() === "waive" ? t("quotes.orders.confirmWaive") : t("quotes.orders.confirmCancel")
                }
                danger
                submit={async (form) => {
                  const reason = String(new FormData(form).get("reason") ?? "").trim();
                  updated(
                    reasonKind() === "waive"
                      ? await ordersApi.waive(o().id, reason)
                      : await ordersApi.cancel(o().id, reason),
                  );
                }}
              >
                {(errors) => (
                  <Field id="order-reason-text" label={t("quotes.orders.reason")} error={errors.field("reason")}>
                    {(aria) => <textarea {...aria} name="reason" required rows={2} maxLength={500} />}
                  </Field>
                )}
              </DialogForm>
            </>
          );
        }}
      </Show>
    </div>
  );
}
