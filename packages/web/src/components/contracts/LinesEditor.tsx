import { For, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { t } from "../../i18n";
import { exponentOf, parseScaled, scaledText } from "./money";

/** One line as typed: text everywhere, so nothing is rounded before the server prices it exactly. */
export interface LineDraft {
  description: string;
  cableType: string;
  fibreCount: string;
  spliceCount: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  taxRate: string;
}

export interface LineOut {
  description: string;
  quantity: string;
  unit: string;
  unitPriceMinor: number;
  taxRateBp: number;
  cableType?: string;
  fibreCount?: number;
  spliceCount?: number;
}

export const emptyLine = (): LineDraft => ({
  description: "",
  cableType: "",
  fibreCount: "",
  spliceCount: "",
  quantity: "1",
  unit: "m",
  unitPrice: "",
  taxRate: "7.5",
});

/** A saved line back into the editor. */
export function draftOf(
  l: {
    description: string;
    quantity: string;
    unit: string;
    unitPriceMinor: number;
    taxRateBp: number;
    cableType?: string | null;
    fibreCount?: number | null;
    spliceCount?: number | null;
  },
  currency: string,
): LineDraft {
  return {
    description: l.description,
    cableType: l.cableType ?? "",
    fibreCount: l.fibreCount === null || l.fibreCount === undefined ? "" : String(l.fibreCount),
    spliceCount: l.spliceCount === null || l.spliceCount === undefined ? "" : String(l.spliceCount),
    quantity: l.quantity,
    unit: l.unit,
    unitPrice: scaledText(l.unitPriceMinor, exponentOf(currency)),
    taxRate: scaledText(l.taxRateBp, 2).replace(/\.?0+$/, ""),
  };
}

/** The lines as the API takes them, or the first problem as a message naming the line. */
export function linesOut(rows: LineDraft[], currency: string, cable: boolean): LineOut[] | string {
  const out: LineOut[] = [];
  for (const [i, r] of rows.entries()) {
    const n = String(i + 1);
    const price = parseScaled(r.unitPrice, exponentOf(currency));
    const tax = parseScaled(r.taxRate || "0", 2);
    if (!r.description.trim()) return t("contracts.lines.needDescription", { n });
    if (price === undefined) return t("contracts.lines.badPrice", { n });
    if (tax === undefined || tax > 10_000) return t("contracts.lines.badTax", { n });
    const line: LineOut = {
      description: r.description.trim(),
      quantity: r.quantity.trim(),
      unit: r.unit.trim() || "unit",
      unitPriceMinor: price,
      taxRateBp: tax,
    };
    if (cable) {
      if (r.cableType.trim()) line.cableType = r.cableType.trim();
      if (r.fibreCount.trim()) line.fibreCount = Number(r.fibreCount);
      if (r.spliceCount.trim()) line.spliceCount = Number(r.spliceCount);
    }
    out.push(line);
  }
  return out;
}

/** Line items: a card per line (it stacks at 375 px), with cable fields for quotes. */
export function LinesEditor(props: {
  id: string;
  rows: LineDraft[];
  setRows: (rows: LineDraft[]) => void;
  currency: string;
  cable: boolean;
}) {
  const [store, setStore] = createStore({ rows: props.rows });
  const sync = () => props.setRows(store.rows.map((r) => ({ ...r })));
  const set = (i: number, key: keyof LineDraft, value: string) => {
    setStore("rows", i, key, value);
    sync();
  };
  const field = (i: () => number, key: keyof LineDraft, label: string, extra: Record<string, string> = {}) => (
    <div class={`field vp-line-${key}`}>
      <label for={`${props.id}-${i()}-${key}`}>{label}</label>
      <input
        id={`${props.id}-${i()}-${key}`}
        value={store.rows[i()]?.[key] ?? ""}
        onInput={(e) => set(i(), key, e.currentTarget.value)}
        {...extra}
      />
    </div>
  );
  return (
    <fieldset class="vp-lines">
      <legend>{t("contracts.lines.title")}</legend>
      <For each={store.rows}>
        {(_, i) => (
          <fieldset class="vp-line">
            <legend class="sr-only">{t("contracts.lines.line", { n: String(i() + 1) })}</legend>
            {field(i, "description", t("contracts.lines.description"), { required: "", maxlength: "500" })}
            <Show when={props.cable}>
              {field(i, "cableType", t("contracts.lines.cableType"), { maxlength: "100" })}
              {field(i, "fibreCount", t("contracts.lines.fibres"), { inputmode: "numeric" })}
              {field(i, "spliceCount", t("contracts.lines.splices"), { inputmode: "numeric" })}
            </Show>
            {field(i, "quantity", t("contracts.lines.quantity"), { inputmode: "decimal", required: "" })}
            {field(i, "unit", t("contracts.lines.unit"), { maxlength: "20" })}
            {field(i, "unitPrice", t("contracts.lines.unitPrice", { currency: props.currency }), {
              inputmode: "decimal",
              required: "",
            })}
            {field(i, "taxRate", t("contracts.lines.taxRate"), { inputmode: "decimal" })}
            <button
              type="button"
              class="btn btn-secondary btn-small vp-line-remove"
              disabled={store.rows.length === 1}
              onClick={() => {
                setStore(
                  "rows",
                  produce((rows) => rows.splice(i(), 1)),
                );
                sync();
              }}
            >
              {t("contracts.lines.remove", { n: String(i() + 1) })}
            </button>
          </fieldset>
        )}
      </For>
      <button
        type="button"
        class="btn btn-secondary"
        onClick={() => {
          setStore("rows", (rows) => [...rows, emptyLine()]);
          sync();
        }}
      >
        {t("contracts.lines.add")}
      </button>
    </fieldset>
  );
}
