import { createEffect, createSignal, Show } from "solid-js";
import { errorMessage } from "../../api";
import { DocStatus } from "../../components/contracts/Display";
import { InvoiceCard } from "../../components/contracts/InvoiceCard";
import { draftOf, emptyLine, type LineDraft, LinesEditor, linesOut } from "../../components/contracts/LinesEditor";
import { money } from "../../components/contracts/money";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { Panel } from "../../components/ui";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type Invoice, type VendorProject, vendorApi } from "./api";

/** The purchase invoice for this project: lines with tax, then submitted to staff. */
export function InvoicePanel(props: { project: VendorProject }) {
  const p = () => props.project;
  const invoice = createLoad(async () => {
    const all = (await vendorApi.invoices(p().id)).items;
    return all.find((i) => i.status !== "rejected") ?? all[0] ?? null;
  });
  const [rows, setRows] = createSignal<LineDraft[]>([emptyLine()]);
  const [reference, setReference] = createSignal("");
  const [failure, setFailure] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [ready, setReady] = createSignal(0);
  createEffect(() => {
    const i: Invoice | null | undefined = invoice.data();
    if (i === undefined || ready() !== 0) return;
    if (i) {
      setRows(i.lines.map((l) => draftOf(l, i.currency)));
      setReference(i.vendorReference ?? "");
    }
    setReady(1);
  });
  const editable = () => {
    const i = invoice.data();
    return !i || i.status === "draft" || i.status === "revision_requested" || i.status === "rejected";
  };
  const save = async (submit: boolean) => {
    const lines = linesOut(rows(), p().currency, false);
    if (typeof lines === "string") return setFailure(lines);
    try {
      const saved = await vendorApi.saveInvoice(p().id, {
        lines,
        ...(reference().trim() ? { vendorReference: reference().trim() } : {}),
        submit,
      });
      invoice.mutate(saved);
      setFailure(undefined);
      setNotice(t("contracts.invoice.saved", { number: saved.number, total: money(saved.totalMinor, saved.currency) }));
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  return (
    <Panel id="vp-invoice" title={t("contracts.invoice.title")} sub={t("contracts.invoice.sub")}>
      <Notice message={notice()} />
      <Show when={invoice.data()}>
        {(i) => (
          <Show
            when={!editable()}
            fallback={
              <p>
                <strong class="mono">{i().number}</strong> <DocStatus status={i().status} />
                <Show when={i().decisionReason}>
                  <span class="alert alert-warning" role="status">
                    {i().decisionReason}
                  </span>
                </Show>
              </p>
            }
          >
            <InvoiceCard invoice={i()} />
          </Show>
        )}
      </Show>
      <Show when={editable() && !invoice.loading()}>
        <form
          class="vp-invoice-form"
          aria-label={t("contracts.invoice.builder")}
          onSubmit={(e) => {
            e.preventDefault();
            void save(true);
          }}
        >
          <Show when={ready()} keyed>
            <LinesEditor id="il" rows={rows()} setRows={setRows} currency={p().currency} cable={false} />
          </Show>
          <div class="field">
            <label for="invoice-ref">{t("contracts.invoice.reference")}</label>
            <input
              id="invoice-ref"
              maxLength={100}
              value={reference()}
              onInput={(e) => setReference(e.currentTarget.value)}
            />
          </div>
          <ErrorAlert message={failure()} />
          <div class="vp-actions">
            <button type="button" class="btn btn-secondary" onClick={() => void save(false)}>
              {t("contracts.invoice.saveDraft")}
            </button>
            <button type="submit" class="btn btn-primary">
              {t("contracts.invoice.submit")}
            </button>
          </div>
        </form>
      </Show>
    </Panel>
  );
}
