import { For, Index, type Setter, Show } from "solid-js";
import { formatMoney, fractionDigits } from "../../components/timecost/money";
import { Panel } from "../../components/ui";
import { t } from "../../i18n";
import type { Quote, QuoteLine } from "./api";
import { percentText, quantityText } from "./parts";

/** Minor units as the decimal a person types (123456, 2 digits → "1234.56"), by string arithmetic. */
export function minorText(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const s = String(Math.abs(minor)).padStart(digits + 1, "0");
  return `${minor < 0 ? "-" : ""}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

export type Row = {
  inventoryItemId?: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  taxPercent: string;
};

export const rowsOf = (q: Quote): Row[] =>
  q.lines.map((l) => ({
    inventoryItemId: l.inventoryItemId,
    description: l.description,
    quantity: quantityText(l.quantity),
    unitPrice: minorText(l.unitPriceMinor, fractionDigits(q.currency)),
    discountPercent: percentText(l.discountBp),
    taxPercent: percentText(l.taxRateBp),
  }));

/** A new free-text line: one of it, 7.5 % VAT, the price still to type. */
export const blankRow = (): Row => ({
  description: "",
  quantity: "1",
  unitPrice: "",
  discountPercent: "0",
  taxPercent: "7.5",
});

type Item = { id: string; sku: string; name: string; currency: string; unitPriceMinor: number };

/**
 * A draft's lines as inputs (description, quantity, unit price, discount, tax), each with the amount
 * the server computed once saved, "Add a line" and "Add an inventory item" (its name and price filled in).
 */
export function LinesEditor(props: {
  rows: () => Row[];
  setRows: Setter<Row[]>;
  figures: (i: number) => QuoteLine | undefined;
  saved: () => boolean;
  money: (minor: number) => string;
  lineError: (i: number, key: string) => string | undefined;
  edit: (i: number, key: keyof Row, value: string) => void;
  changed: () => void;
  items: () => Item[] | undefined;
  currency: string;
}) {
  return (
    <Panel id="quote-lines" title={t("quotes.builder.lines")}>
      <Show when={props.rows().length === 0}>
        <p class="muted">{t("quotes.builder.empty")}</p>
      </Show>
      <ol class="quote-edit-lines">
        <Index each={props.rows()}>
          {(row, i) => {
            const figures = () => props.figures(i);
            const input = (key: keyof Row, label: string, extra: { wide?: boolean; numeric?: boolean } = {}) => (
              <div class={`field ${extra.wide ? "quote-line-desc" : ""}`}>
                <label for={`line-${i}-${key}`}>{label}</label>
                <input
                  id={`line-${i}-${key}`}
                  value={String(row()[key] ?? "")}
                  inputMode={extra.numeric ? "decimal" : undefined}
                  aria-invalid={props.lineError(i, key) ? "true" : undefined}
                  aria-describedby={props.lineError(i, key) ? `line-${i}-${key}-error` : undefined}
                  onInput={(e) => props.edit(i, key, e.currentTarget.value)}
                />
                <Show when={props.lineError(i, key)}>
                  <span id={`line-${i}-${key}-error`} class="field-error">
                    {props.lineError(i, key)}
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
                  <strong>{props.saved() && figures() ? props.money(figures()?.netMinor ?? 0) : "…"}</strong>
                </p>
                <button
                  type="button"
                  class="btn btn-secondary btn-small"
                  onClick={() => {
                    props.setRows((r) => r.filter((_, j) => j !== i));
                    props.changed();
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
        <button type="button" class="btn btn-secondary" onClick={() => props.setRows((r) => [...r, blankRow()])}>
          {t("quotes.builder.addLine")}
        </button>
        <Show when={(props.items() ?? []).length > 0}>
          <label class="sr-only" for="quote-add-item">
            {t("quotes.builder.addItem")}
          </label>
          <select
            id="quote-add-item"
            onChange={(e) => {
              const item = props.items()?.find((it) => it.id === e.currentTarget.value);
              e.currentTarget.value = "";
              if (!item) return;
              props.setRows((r) => [
                ...r,
                {
                  inventoryItemId: item.id,
                  description: item.name,
                  quantity: "1",
                  unitPrice:
                    item.currency === props.currency
                      ? minorText(item.unitPriceMinor, fractionDigits(item.currency))
                      : "",
                  discountPercent: "0",
                  taxPercent: "7.5",
                },
              ]);
              props.changed();
            }}
          >
            <option value="">{t("quotes.builder.addItem")}</option>
            <For each={props.items()}>
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
  );
}

/** The server's exact totals: gross and discounts when there are any, subtotal, tax, total and deposit. */
export function TotalsPanel(props: { quote: Quote }) {
  const money = (minor: number) => formatMoney(minor, props.quote.currency);
  return (
    <Panel id="quote-totals" title={t("quotes.builder.totals")}>
      <dl class="quote-totals">
        <Show when={props.quote.discountMinor > 0}>
          <dt>{t("quotes.builder.gross")}</dt>
          <dd>{money(props.quote.grossMinor)}</dd>
          <dt>{t("quotes.builder.discounts")}</dt>
          <dd>−{money(props.quote.discountMinor)}</dd>
        </Show>
        <dt>{t("quotes.builder.subtotal")}</dt>
        <dd>{money(props.quote.netMinor)}</dd>
        <dt>{t("quotes.builder.taxTotal")}</dt>
        <dd>{money(props.quote.taxMinor)}</dd>
        <dt class="quote-total">{t("quotes.builder.total")}</dt>
        <dd class="quote-total" data-testid="quote-total">
          {money(props.quote.totalMinor)}
        </dd>
        <Show when={props.quote.depositMinor > 0}>
          <dt>{t("quotes.builder.depositDue")}</dt>
          <dd>{money(props.quote.depositMinor)}</dd>
        </Show>
      </dl>
      <p class="muted small">{t("quotes.builder.rounding")}</p>
    </Panel>
  );
}
