import { A, useParams } from "@solidjs/router";
import { createSignal, For, Index, onCleanup, Show } from "solid-js";
import { ApiError, errorMessage, fieldMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney, fractionDigits } from "../../components/timecost/money";
import { ErrorState, Panel, Spinner } from "../../components/ui";
import { absoluteTime, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type LineInput, type Quote, quotesApi } from "./api";
import { LinesTable, percentText, quantityText, StatusBadge } from "./parts";

const projectTypes = [
  "fiber_optics_installation",
  "air_fiber_installation",
  "fiber_optics_relocation",
  "air_fiber_relocation",
  "cable_rerun",
  "cross_connect",
] as const;

/** Minor units as the decimal a person types (123456, 2 digits → "1234.56"), by string arithmetic. */
function minorText(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(digits + 1, "0");
  return `${minor < 0 ? "-" : ""}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

type Row = {
  inventoryItemId?: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  taxPercent: string;
};

const rowsOf = (q: Quote): Row[] =>
  q.lines.map((l) => ({
    inventoryItemId: l.inventoryItemId,
    description: l.description,
    quantity: quantityText(l.quantity),
    unitPrice: minorText(l.unitPriceMinor, fractionDigits(q.currency)),
    discountPercent: percentText(l.discountBp),
    taxPercent: percentText(l.taxRateBp),
  }));

/** Send by email (the PDF attached) or in the lead's conversation, with a fresh single-use link. */
function SendDialog(props: { ref: (el: HTMLDialogElement) => void; quote: Quote; onSent: (q: Quote) => void }) {
  const [via, setVia] = createSignal<"email" | "inbox">("email");
  return (
    <DialogForm
      id="send-quote"
      ref={props.ref}
      title={t("quotes.send.title", { number: props.quote.number })}
      submitLabel={t("quotes.send.submit")}
      submit={async (form) => {
        const data = new FormData(form);
        const to = String(data.get("to") ?? "").trim();
        const message = String(data.get("message") ?? "").trim();
        props.onSent(
          await quotesApi.send(props.quote.id, {
            via: via(),
            ...(via() === "email" && to ? { to } : {}),
            ...(message ? { message } : {}),
          }),
        );
      }}
    >
      {(errors) => (
        <>
          <fieldset class="signature-kind">
            <legend>{t("quotes.send.via")}</legend>
            <label class="check">
              <input type="radio" name="via" checked={via() === "email"} onChange={() => setVia("email")} />
              {t("quotes.send.email")}
            </label>
            <label class="check">
              <input type="radio" name="via" checked={via() === "inbox"} onChange={() => setVia("inbox")} />
              {t("quotes.send.inbox")}
            </label>
          </fieldset>
          <Show when={via() === "email"}>
            <Field id="send-to" label={t("quotes.send.to")} hint={t("quotes.send.toHint")} error={errors.field("to")}>
              {(aria) => <input {...aria} name="to" type="email" placeholder={props.quote.personEmail ?? ""} />}
            </Field>
          </Show>
          <Show when={errors.field("conversationId")}>
            <p class="field-error">{errors.field("conversationId")}</p>
          </Show>
          <Field
            id="send-message"
            label={t("quotes.send.message")}
            hint={t("quotes.send.messageHint")}
            error={errors.field("message")}
          >
            {(aria) => <textarea {...aria} name="message" rows={3} maxLength={2000} />}
          </Field>
        </>
      )}
    </DialogForm>
  );
}

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

  const save = async () => {
    const q = current();
    if (q?.status !== "draft" || !fields) return;
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
    if (complete()) timer = window.setTimeout(() => void save(), 700);
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
                  <Show when={q().leadNumber}>{(n) => <> · {t("quotes.builder.lead", { number: n() })}</>}</Show>
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
                <Panel id="quote-lines" title={t("quotes.builder.lines")}>
                  <Show when={rows().length === 0}>
                    <p class="muted">{t("quotes.builder.empty")}</p>
                  </Show>
                  <ol class="quote-edit-lines">
                    <Index each={rows()}>
                      {(row, i) => {
                        const figures = () => quote()?.lines[i];
                        const input = (
                          key: keyof Row,
                          label: string,
                          extra: { wide?: boolean; numeric?: boolean } = {},
                        ) => (
                          <div class={`field ${extra.wide ? "quote-line-desc" : ""}`}>
                            <label for={`line-${i}-${key}`}>{label}</label>
                            <input
                              id={`line-${i}-${key}`}
                              value={String(row()[key] ?? "")}
                              inputMode={extra.numeric ? "decimal" : undefined}
                              aria-invalid={lineError(i, key) ? "true" : undefined}
                              aria-describedby={lineError(i, key) ? `line-${i}-${key}-error` : undefined}
                              onInput={(e) => edit(i, key, e.currentTarget.value)}
                            />
                            <Show when={lineError(i, key)}>
                              <span id={`line-${i}-${key}-error`} class="field-error">
                                {lineError(i, key)}
                              </span>
                            </Show>
                          </div>
                        );
                        return (
                          <li class="quote-edit-line">
                            {input("description", t("quotes.builder.description"), { wide: true })}
                            {input("quantity", t("quotes.builder.quantity"), { numeric: true })}
                            {input("unitPrice", t("quotes.builder.unitPrice"), { numeric: true })}
                            {input("discountPercent", t("quotes.builder.discount"), { numeric: true })}
                            {input("taxPercent", t("quotes.builder.tax"), { numeric: true })}
                            <p class="quote-line-amount" aria-live="polite">
                              <span class="muted">{t("quotes.builder.amount")}</span>{" "}
                              <strong>
                                {state() === "saved" && figures() ? money(figures()?.netMinor ?? 0) : "…"}
                              </strong>
                            </p>
                            <button
                              type="button"
                              class="btn btn-secondary btn-small"
                              onClick={() => {
                                setRows((r) => r.filter((_, j) => j !== i));
                                changed();
                              }}
                            >
                              {t("quotes.builder.remove", { n: i + 1 })}
                            </button>
                          </li>
                        );
                      }}
                    </Index>
                  </ol>
                  <div class="quote-add">
                    <button
                      type="button"
                      class="btn btn-secondary"
                      onClick={() =>
                        setRows((r) => [
                          ...r,
                          { description: "", quantity: "1", unitPrice: "", discountPercent: "0", taxPercent: "7.5" },
                        ])
                      }
                    >
                      {t("quotes.builder.addLine")}
                    </button>
                    <Show when={(items.data() ?? []).length > 0}>
                      <label class="sr-only" for="quote-add-item">
                        {t("quotes.builder.addItem")}
                      </label>
                      <select
                        id="quote-add-item"
                        onChange={(e) => {
                          const item = items.data()?.find((it) => it.id === e.currentTarget.value);
                          e.currentTarget.value = "";
                          if (!item) return;
                          setRows((r) => [
                            ...r,
                            {
                              inventoryItemId: item.id,
                              description: item.name,
                              quantity: "1",
                              unitPrice:
                                item.currency === q().currency
                                  ? minorText(item.unitPriceMinor, fractionDigits(item.currency))
                                  : "",
                              discountPercent: "0",
                              taxPercent: "7.5",
                            },
                          ]);
                          changed();
                        }}
                      >
                        <option value="">{t("quotes.builder.addItem")}</option>
                        <For each={items.data()}>
                          {(it) => (
                            <option value={it.id}>
                              {it.sku} · {it.name}
                            </option>
                          )}
                        </For>
                      </select>
                    </Show>
                  </div>
                </Panel>
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
            <Panel id="quote-totals" title={t("quotes.builder.totals")}>
              <dl class="quote-totals">
                <Show when={q().discountMinor > 0}>
                  <dt>{t("quotes.builder.gross")}</dt>
                  <dd>{money(q().grossMinor)}</dd>
                  <dt>{t("quotes.builder.discounts")}</dt>
                  <dd>−{money(q().discountMinor)}</dd>
                </Show>
                <dt>{t("quotes.builder.subtotal")}</dt>
                <dd>{money(q().netMinor)}</dd>
                <dt>{t("quotes.builder.taxTotal")}</dt>
                <dd>{money(q().taxMinor)}</dd>
                <dt class="quote-total">{t("quotes.builder.total")}</dt>
                <dd class="quote-total" data-testid="quote-total">
                  {money(q().totalMinor)}
                </dd>
                <Show when={q().depositMinor > 0}>
                  <dt>{t("quotes.builder.depositDue")}</dt>
                  <dd>{money(q().depositMinor)}</dd>
                </Show>
              </dl>
              <p class="muted small">{t("quotes.builder.rounding")}</p>
            </Panel>
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
