import { createSignal, For, onMount, Show } from "solid-js";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { formatMoney } from "../../components/timecost/money";
import { Badge, type Tone } from "../../components/ui";
import { formatDate } from "../../format";
import { t } from "../../i18n";
import type { AcceptInput, CustomerQuote } from "./api";

const tones: Record<CustomerQuote["status"], Tone> = {
  draft: "neutral",
  sent: "info",
  accepted: "success",
  rejected: "danger",
  expired: "warning",
};

export function StatusBadge(props: { status: CustomerQuote["status"] }) {
  return <Badge tone={tones[props.status]}>{t(`quotes.status.${props.status}`)}</Badge>;
}

/** Thousandths as the quantity people write (1500 → "1.5"). */
export const quantityText = (thousandths: number) => String(thousandths / 1000);
/** Basis points as a percentage (750 → "7.5"). */
export const percentText = (bp: number) => String(bp / 100);

type Line = CustomerQuote["lines"][number];
type Figures = Pick<CustomerQuote, "currency" | "netMinor" | "taxMinor" | "totalMinor" | "discountMinor">;

/** The quote's lines and totals, read-only, exactly as the server computed them. */
export function LinesTable(props: { quote: Figures & { lines: Line[] } }) {
  const money = (minor: number) => formatMoney(minor, props.quote.currency);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset groups form controls; this is a scroll container.
    <div class="table-wrap" tabindex="0" role="group" aria-label={t("quotes.lineTable.caption")}>
      <table class="table quote-lines">
        <caption class="sr-only">{t("quotes.lineTable.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("quotes.builder.description")}</th>
            <th scope="col" class="num">
              {t("quotes.builder.quantity")}
            </th>
            <th scope="col" class="num">
              {t("quotes.builder.unitPrice")}
            </th>
            <th scope="col" class="num">
              {t("quotes.builder.discount")}
            </th>
            <th scope="col" class="num">
              {t("quotes.builder.tax")}
            </th>
            <th scope="col" class="num">
              {t("quotes.builder.amount")}
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.quote.lines}>
            {(l) => (
              <tr>
                <th scope="row">{l.description}</th>
                <td class="num">{quantityText(l.quantity)}</td>
                <td class="num">{money(l.unitPriceMinor)}</td>
                <td class="num">{l.discountBp ? `${percentText(l.discountBp)} %` : ""}</td>
                <td class="num">{percentText(l.taxRateBp)} %</td>
                <td class="num">{money(l.netMinor)}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="5" class="num">
              {t("quotes.builder.subtotal")}
            </th>
            <td class="num">{money(props.quote.netMinor)}</td>
          </tr>
          <tr>
            <th scope="row" colspan="5" class="num">
              {t("quotes.builder.taxTotal")}
            </th>
            <td class="num">{money(props.quote.taxMinor)}</td>
          </tr>
          <tr class="quote-total">
            <th scope="row" colspan="5" class="num">
              {t("quotes.builder.total")}
            </th>
            <td class="num">{money(props.quote.totalMinor)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/**
 * A signature drawn with a mouse, a finger or a pen (pointer events), exported as a PNG data URL.
 * Keyboard users sign by typing their name instead (the Type choice beside it).
 */
function SignaturePad(props: { onChange: (png: string | undefined) => void }) {
  let canvas: HTMLCanvasElement | undefined;
  let drawing = false;
  let drawn = false;
  const ctx = () => canvas?.getContext("2d") ?? undefined;
  const at = (e: PointerEvent) => {
    const box = (canvas as HTMLCanvasElement).getBoundingClientRect();
    return [
      ((e.clientX - box.left) * (canvas as HTMLCanvasElement).width) / box.width,
      ((e.clientY - box.top) * (canvas as HTMLCanvasElement).height) / box.height,
    ] as const;
  };
  onMount(() => {
    const c = ctx();
    if (!c) return;
    c.lineWidth = 3;
    c.lineCap = "round";
    c.strokeStyle = "#111";
  });
  const clear = () => {
    ctx()?.clearRect(0, 0, canvas?.width ?? 0, canvas?.height ?? 0);
    drawn = false;
    props.onChange(undefined);
  };
  return (
    <div class="signature">
      <canvas
        ref={(el) => {
          canvas = el;
        }}
        class="signature-pad"
        width="600"
        height="180"
        role="img"
        aria-label={t("quotes.customer.padLabel")}
        onPointerDown={(e) => {
          drawing = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          const [x, y] = at(e);
          ctx()?.beginPath();
          ctx()?.moveTo(x, y);
        }}
        onPointerMove={(e) => {
          if (!drawing) return;
          const [x, y] = at(e);
          ctx()?.lineTo(x, y);
          ctx()?.stroke();
          drawn = true;
        }}
        onPointerUp={() => {
          drawing = false;
          if (drawn) props.onChange(canvas?.toDataURL("image/png"));
        }}
      />
      <button type="button" class="btn btn-secondary btn-small" onClick={clear}>
        {t("quotes.customer.clear")}
      </button>
    </div>
  );
}

/** Accept with a drawn or typed signature and the terms ticked; the server records who, when and from where. */
export function AcceptDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  quote: CustomerQuote | undefined;
  accept: (input: AcceptInput) => Promise<void>;
}) {
  const [kind, setKind] = createSignal<"drawn" | "typed">("drawn");
  const [png, setPng] = createSignal<string>();
  const submit = async (form: HTMLFormElement) => {
    const q = props.quote;
    if (!q) return;
    const data = new FormData(form);
    const signerName = String(data.get("signerName") ?? "").trim();
    if (kind() === "drawn" && !png()) throw invalid("signaturePng", t("quotes.customer.needSignature"));
    if (data.get("agree") !== "on") throw invalid("agree", t("quotes.customer.mustAgree"));
    await props.accept({
      signerName,
      signatureKind: kind(),
      ...(kind() === "drawn" ? { signaturePng: png() } : {}),
      termsVersion: q.termsVersion,
    });
  };
  return (
    <DialogForm
      id="accept-quote"
      ref={props.ref}
      title={t("quotes.customer.acceptTitle", { number: props.quote?.number ?? "" })}
      intro={
        props.quote
          ? t("quotes.customer.acceptIntro", {
              total: formatMoney(props.quote.totalMinor, props.quote.currency),
              terms: props.quote.termsVersion,
            })
          : undefined
      }
      submitLabel={t("quotes.customer.acceptSubmit")}
      submit={submit}
      wide
    >
      {(errors) => (
        <>
          <Field id="signer-name" label={t("quotes.customer.signerName")} error={errors.field("signerName")}>
            {(aria) => <input {...aria} name="signerName" required maxLength={200} autocomplete="name" />}
          </Field>
          <fieldset class="signature-kind">
            <legend>{t("quotes.customer.signature")}</legend>
            <label class="check">
              <input type="radio" name="kind" checked={kind() === "drawn"} onChange={() => setKind("drawn")} />
              {t("quotes.customer.draw")}
            </label>
            <label class="check">
              <input type="radio" name="kind" checked={kind() === "typed"} onChange={() => setKind("typed")} />
              {t("quotes.customer.type")}
            </label>
          </fieldset>
          <Show when={kind() === "drawn"} fallback={<p class="field-hint">{t("quotes.customer.typedHint")}</p>}>
            <p class="field-hint">{t("quotes.customer.drawHint")}</p>
            <SignaturePad onChange={setPng} />
            <Show when={errors.field("signaturePng")}>
              <p class="field-error">{errors.field("signaturePng")}</p>
            </Show>
          </Show>
          <label class="check" for="accept-agree">
            <input id="accept-agree" class="check-box" type="checkbox" name="agree" />
            {t("quotes.customer.agree", { terms: props.quote?.termsVersion ?? "" })}
          </label>
          <Show when={errors.field("agree")}>
            <p class="field-error">{errors.field("agree")}</p>
          </Show>
        </>
      )}
    </DialogForm>
  );
}

/** Decline with a reason (the lead is lost with it). */
export function DeclineDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  number: string;
  decline: (reason: string) => Promise<void>;
}) {
  return (
    <DialogForm
      id="decline-quote"
      ref={props.ref}
      title={t("quotes.customer.declineTitle", { number: props.number })}
      submitLabel={t("quotes.customer.declineSubmit")}
      danger
      submit={async (form) => props.decline(String(new FormData(form).get("reason") ?? "").trim())}
    >
      {(errors) => (
        <Field id="decline-reason" label={t("quotes.customer.declineReason")} error={errors.field("reason")}>
          {(aria) => <textarea {...aria} name="reason" required maxLength={1000} rows={3} />}
        </Field>
      )}
    </DialogForm>
  );
}

/** One quote as the customer sees it: figures, validity, PDF, and the answer buttons while it is open. */
export function CustomerQuoteCard(props: {
  quote: CustomerQuote;
  pdf: () => void;
  pdfHref?: string;
  onAccept: () => void;
  onDecline: () => void;
}) {
  const q = () => props.quote;
  const date = (iso: string | null) => (iso ? formatDate(iso) : "");
  return (
    <article class="card quote-card" aria-labelledby={`quote-${q().id}`}>
      <header class="quote-card-head">
        <h2 id={`quote-${q().id}`}>
          {q().title} <span class="mono quote-number">{q().number}</span>
        </h2>
        <StatusBadge status={q().status} />
      </header>
      <p class="quote-total-line">
        <strong>{formatMoney(q().totalMinor, q().currency)}</strong> ·{" "}
        {t("quotes.customer.validUntil", { date: date(q().expiresAt) })}
      </p>
      <Show when={q().depositMinor > 0}>
        <p>{t("quotes.customer.deposit", { amount: formatMoney(q().depositMinor, q().currency) })}</p>
      </Show>
      <Show when={q().lines.length > 0}>
        <LinesTable quote={q()} />
      </Show>
      <Show when={q().notes}>
        <p class="quote-notes">{q().notes}</p>
      </Show>
      <Show when={q().status === "accepted"}>
        <p class="quote-outcome">{t("quotes.customer.accepted", { date: date(q().decidedAt) })}</p>
      </Show>
      <Show when={q().status === "rejected"}>
        <p class="quote-outcome">{t("quotes.customer.rejected", { date: date(q().decidedAt) })}</p>
      </Show>
      <Show when={q().status === "expired"}>
        <p class="quote-outcome">{t("quotes.customer.expired", { date: date(q().expiresAt) })}</p>
      </Show>
      <div class="quote-actions">
        <Show
          when={props.pdfHref}
          fallback={
            <Show when={q().lines.length > 0}>
              <button type="button" class="btn btn-secondary" onClick={() => props.pdf()}>
                {t("quotes.customer.pdf")}
              </button>
            </Show>
          }
        >
          <a class="btn btn-secondary" href={props.pdfHref} download="">
            {t("quotes.customer.pdf")}
          </a>
        </Show>
        <Show when={q().status === "sent"}>
          <button type="button" class="btn btn-danger-quiet btn-secondary" onClick={() => props.onDecline()}>
            {t("quotes.customer.decline")}
          </button>
          <button type="button" class="btn btn-primary" onClick={() => props.onAccept()}>
            {t("quotes.customer.accept")}
          </button>
        </Show>
      </div>
    </article>
  );
}
