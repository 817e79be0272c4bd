import { A, useParams } from "@solidjs/router";
import { createSignal, For, onCleanup, Show } from "solid-js";
import { ApiError, errorMessage, fieldMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { Field } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney, fractionDigits } from "../../components/timecost/money";
import { ErrorState, Panel, Spinner } from "../../components/ui";
import { absoluteTime, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type LineInput, type Quote, quotesApi } from "./api";
import { LinesTable, percentText, StatusBadge } from "./parts";
import { LinesEditor, minorText, type Row, rowsOf, TotalsPanel } from "./parts-lines";
import { SendDialog } from "./parts-send";

const projectTypes = [
  "fiber_optics_installation",
  "air_fiber_installation",
  "fiber_optics_relocation",
  "air_fiber_relocation",
  "cable_rerun",
  "cross_connect",
] as const;

/**
 * The quote builder: a draft's details and lines, saved as you type; the totals shown are the
 * server's exact figures (each line rounded once, totals the sums), the same the PDF and the preview
 * print. A sent quote is read-only, with the customer's answer and the order it made.
 */
export function QuoteBuilderPage() {
  const params = useParams<{ id: string }>();
  const loaded = createLoad(() => quotesApi.get(params.id), { key: () => params.id });
  const [quote, setQuote] = createSignal<Quote>();
  const [rows, setRows] = createSignal<Row[]>([]);
  const [state, setState] = createSignal<"saved" | "dirty" | "saving">("saved");
  const [failure, setFailure] = createSignal<unknown>();
  const [preview, setPreview] = createSignal(false);
  const [notice, setNotice] = createSignal<string>();
  const items = createLoad(async () => (can("inventory:read") ? (await quotesApi.items()).items : []));
  let timer: number | undefined;
  let sendDialog: HTMLDialogElement | undefined;
  let fields: HTMLFormElement | undefined;
  onCleanup(() => window.clearTimeout(timer));

  const current = () => quote() ?? loaded.data();
  useTitle(current()?.number ?? t("quotes.list.title"));
  const adopt = (q: Quote) => {
    setQuote(q);
    setRows(rowsOf(q));
  };
  // The first answer seeds the editable rows; later answers come from saves.
  const seeded = () => {
    const q = loaded.data();
    if (q && !quote()) adopt(q);
    return current();
  };

  const save = async (auto = false) => {
    const q = current();
    if (q?.status !== "draft" || !fields) return;
    // A line added after the timer started (still blank) waits for the person, not for a 400.
    if (auto && !complete()) return;
    window.clearTimeout(timer);
    const data = new FormData(fields);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    setState("saving");
    try {
      const saved = await quotesApi.update(q.id, {
        title: text("title") || q.title,
        projectType: (text("projectType") || null) as Quote["projectType"],
        currency: text("currency").toUpperCase() || q.currency,
        ...(text("expiresAt") ? { expiresAt: text("expiresAt") } : {}),
        depositPercent: text("deposit") || "0",
        notes: text("notes") || null,
        lines: rows().map((r) => ({
          ...(r.inventoryItemId ? { inventoryItemId: r.inventoryItemId } : {}),
          description: r.description || undefined,
          quantity: r.quantity,
          ...(r.unitPrice ? { unitPrice: r.unitPrice } : {}),
          discountPercent: r.discountPercent || "0",
          taxPercent: r.taxPercent || "0",
        })) as LineInput[],
      });
      setQuote(saved);
      // Lines the server filled (an item's name and price) show what it stored.
      setRows((before) =>
        before.map((r, i) => {
          const line = saved.lines[i];
          if (!line) return r;
          return {
            ...r,
            description: r.description || line.description,
            unitPrice: r.unitPrice || minorText(line.unitPriceMinor, fractionDigits(saved.currency)),
          };
        }),
      );
      setFailure(undefined);
      setState("saved");
    } catch (error) {
      setFailure(() => error);
      setState("dirty");
    }
  };
  // A line still being typed (no description or price yet) waits for the person, not for the server's 400.
  const complete = () =>
    rows().every(
      (r) => r.quantity.trim() !== "" && (r.inventoryItemId || (r.description.trim() && r.unitPrice.trim())),
    );
  const changed = () => {
    setState("dirty");
    window.clearTimeout(timer);
    if (complete()) timer = window.setTimeout(() => void save(true), 700);
  };
  const edit = (i: number, key: keyof Row, value: string) => {
    setRows((r) => r.map((row, j) => (j === i ? { ...row, [key]: value } : row)));
    changed();
  };
  const lineError = (i: number, key: string) =>
    fieldMessage(failure(), `lines.${i}.${key}`) ??
    (key === "unitPrice" ? fieldMessage(failure(), `lines.${i}`) : undefined);
  const generalError = () => {
    const error = failure();
    if (!error) return undefined;
    if (error instanceof ApiError && error.fields.every((f) => f.path.startsWith("lines."))) return undefined;
    return errorMessage(error);
  };
  const money = (minor: number) => formatMoney(minor, current()?.currency ?? "NGN");
  const editable = () => current()?.status === "draft" && can("crm:quote:write");

  return (
    <div class="page quote-page">
      <Show
        when={seeded()}
        fallback={
          <Show when={loaded.error()} fallback={<Spinner />}>
            <ErrorState
              title={t("quotes.list.title")}
              detail={loaded.error() ?? ""}
              onRetry={() => void loaded.refresh()}
            />
          </Show>
        }
      >
        {(q) => (
          <>
            <PageHeader
              crumb={<A href="/quotes">{t("quotes.builder.crumb")}</A>}
              title={`${q().number} · ${q().title}`}
              sub={
                <>
                  <StatusBadge status={q().status} /> {q().personName}
                  <Show when={q().leadNumber} fallback={<> · {t("quotes.create.noLeadShown")}</>}>
                    {(n) => <> · {t("quotes.builder.lead", { number: n() })}</>}
                  </Show>
                </>
              }
              actions={
                <>
                  <button
                    type="button"
                    class="btn btn-secondary"
                    aria-expanded={preview()}
                    onClick={() => setPreview(!preview())}
                  >
                    {preview() ? t("quotes.builder.hidePreview") : t("quotes.builder.preview")}
                  </button>
                  <a class="btn btn-secondary" href={quotesApi.pdfUrl(q().id)} download={`${q().number}.pdf`}>
                    {t("quotes.builder.pdf")}
                  </a>
                  <Show when={can("crm:quote:write") && (q().status === "draft" || q().status === "sent")}>
                    <button
                      type="button"
                      class="btn btn-primary"
                      disabled={state() !== "saved"}
                      onClick={() => sendDialog?.showModal()}
                    >
                      {q().status === "draft" ? t("quotes.builder.send") : t("quotes.builder.resend")}
                    </button>
                  </Show>
                </>
              }
            />
            <Notice message={notice()} />
            <ErrorAlert message={generalError()} />
            <Show when={!editable() && q().status !== "draft"}>
              <p class="quote-frozen">{t("quotes.builder.frozen")}</p>
            </Show>
            <Show when={q().decision}>
              {(d) => (
                <Panel id="quote-answer" title={t("quotes.builder.answer")}>
                  <p>
                    {d().decision === "accepted"
                      ? t("quotes.builder.acceptedBy", {
                          name: d().signerName,
                          at: absoluteTime(d().decidedAt),
                          via: d().via === "portal" ? t("quotes.builder.viaPortal") : t("quotes.builder.viaLink"),
                        })
                      : t("quotes.builder.rejectedBy", { at: absoluteTime(d().decidedAt), reason: d().reason ?? "" })}
                  </p>
                  <Show when={q().salesOrderId}>
                    {(id) => (
                      <A class="btn btn-secondary" href={`/sales-orders/${id()}`}>
                        {t("quotes.builder.order")}
                      </A>
                    )}
                  </Show>
                </Panel>
              )}
            </Show>
            <Show when={preview()}>
              <iframe
                class="quote-preview"
                sandbox=""
                title={t("quotes.builder.previewTitle", { number: q().number })}
                src={`${quotesApi.previewUrl(q().id)}?v=${encodeURIComponent(q().updatedAt)}`}
              />
            </Show>
            <Show
              when={editable()}
              fallback={
                <Panel id="quote-lines" title={t("quotes.builder.lines")}>
                  <LinesTable quote={q()} />
                </Panel>
              }
            >
              <form
                ref={(el) => {
                  fields = el;
                }}
                class="quote-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void save();
                }}
                onInput={(e) => {
                  if ((e.target as HTMLElement).closest(".quote-details")) changed();
                }}
              >
                <Panel id="quote-details" title={t("quotes.builder.details")}>
                  <div class="quote-details">
                    <Field id="q-title" label={t("quotes.builder.quoteTitle")}>
                      {(aria) => <input {...aria} name="title" value={q().title} maxLength={200} />}
                    </Field>
                    <Field id="q-type" label={t("quotes.builder.projectType")}>
                      {(aria) => (
                        <select {...aria} name="projectType" onChange={changed}>
                          <option value="" selected={!q().projectType}>
                            {t("quotes.builder.noProject")}
                          </option>
                          <For each={projectTypes}>
                            {(p) => (
                              <option value={p} selected={q().projectType === p}>
                                {t(`quotes.projectTypes.${p}`)}
                              </option>
                            )}
                          </For>
                        </select>
                      )}
                    </Field>
                    <Field
                      id="q-currency"
                      label={t("quotes.builder.currency")}
                      error={fieldMessage(failure(), "currency")}
                    >
                      {(aria) => (
                        <input {...aria} name="currency" value={q().currency} maxLength={3} autocomplete="off" />
                      )}
                    </Field>
                    <Field
                      id="q-expires"
                      label={t("quotes.builder.validUntil")}
                      error={fieldMessage(failure(), "expiresAt")}
                    >
                      {(aria) => (
                        <input
                          {...aria}
                          name="expiresAt"
                          type="date"
                          value={q().expiresAt.slice(0, 10)}
                          onChange={changed}
                        />
                      )}
                    </Field>
                    <Field
                      id="q-deposit"
                      label={t("quotes.builder.deposit")}
                      error={fieldMessage(failure(), "depositPercent")}
                    >
                      {(aria) => (
                        <input {...aria} name="deposit" inputMode="decimal" value={percentText(q().depositBp)} />
                      )}
                    </Field>
                    <Field id="q-notes" label={t("quotes.builder.notes")} class="quote-notes-field">
                      {(aria) => <textarea {...aria} name="notes" rows={2} maxLength={5000} value={q().notes ?? ""} />}
                    </Field>
                  </div>
                </Panel>
                <LinesEditor
                  rows={rows}
                  setRows={setRows}
                  figures={(i) => quote()?.lines[i]}
                  saved={() => state() === "saved"}
                  money={money}
                  lineError={lineError}
                  edit={edit}
                  changed={changed}
                  items={() => items.data()}
                  currency={q().currency}
                />
                <div class="quote-save-row">
                  <p class="muted" role="status">
                    {state() === "saving"
                      ? t("quotes.builder.saving")
                      : state() === "dirty"
                        ? t("quotes.builder.unsaved")
                        : t("quotes.builder.saved")}
                  </p>
                  <button type="submit" class="btn btn-primary">
                    {t("quotes.builder.save")}
                  </button>
                </div>
              </form>
            </Show>
            <TotalsPanel quote={q()} />
            <SendDialog
              ref={(el) => {
                sendDialog = el;
              }}
              quote={q()}
              onSent={(sent) => {
                adopt(sent);
                setNotice(t("quotes.send.sent", { number: sent.number }));
              }}
            />
          </>
        )}
      </Show>
    </div>
  );
}
