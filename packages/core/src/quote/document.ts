import { amountString, formatMoney, percentString, quantityString } from "../platform/money";
import type { PdfWriter } from "../platform/pdf";
import type { Info } from "./shared";

/**
 * The one rendering of a quote's figures, shared by the PDF and the HTML preview so both show the same
 * strings: money with currency codes (the PDF's standard fonts have no ₦), quantities and percentages
 * exact from their integers.
 */

export const SELLER = "DotMac";

const money = (minor: number, currency: string) => formatMoney(minor, currency, "en", "code");
const day = (iso: string) => iso.slice(0, 10);

export interface QuoteDocument {
  title: string;
  heading: string;
  fields: [string, string][];
  columns: { header: string; width: number; align?: "left" | "right" }[];
  rows: string[][];
  totals: string[][];
  notes: string | null;
  terms: string;
}

export function documentOf(q: Info): QuoteDocument {
  const c = q.currency;
  const fields: [string, string][] = [
    ["Quote", q.number],
    ["For", q.personName],
    ["Date", day(q.sentAt ?? q.createdAt)],
    ["Valid until", day(q.expiresAt)],
    ["Currency", c],
  ];
  if (q.depositBp > 0)
    fields.push(["Deposit on acceptance", `${percentString(q.depositBp)} % (${money(q.depositMinor, c)})`]);
  const totals: string[][] = [
    ["Subtotal", "", "", "", "", money(q.netMinor, c)],
    ["Tax", "", "", "", "", money(q.taxMinor, c)],
    ["Total", "", "", "", "", money(q.totalMinor, c)],
  ];
  if (q.discountMinor > 0) totals.unshift(["Discounts", "", "", "", "", `-${money(q.discountMinor, c)}`]);
  return {
    title: `${SELLER} quote ${q.number}`,
    heading: q.title,
    fields,
    columns: [
      { header: "Description", width: 5 },
      { header: "Qty", width: 1.1, align: "right" },
      { header: "Unit price", width: 2.2, align: "right" },
      { header: "Discount", width: 1.3, align: "right" },
      { header: "Tax", width: 1, align: "right" },
      { header: "Amount", width: 2.4, align: "right" },
    ],
    rows: q.lines.map((l) => [
      l.description,
      quantityString(l.quantity),
      money(l.unitPriceMinor, c),
      l.discountBp ? `${percentString(l.discountBp)} %` : "",
      `${percentString(l.taxRateBp)} %`,
      money(l.netMinor, c),
    ]),
    totals,
    notes: q.notes,
    terms: `Prices in ${c}, each line rounded to the ${amountString(1, c)} half away from zero; totals are the sums of the lines. Terms version ${q.termsVersion}.`,
  };
}

/** Draws the quote into a PDF flow (platform/pdf). */
export function drawQuote(doc: QuoteDocument, w: PdfWriter): void {
  w.paragraph(SELLER, { bold: true, size: 12, muted: true });
  w.heading(doc.heading);
  w.fields(doc.fields);
  w.table(doc.columns, doc.rows, doc.totals);
  if (doc.notes) {
    w.heading("Notes", 2);
    w.paragraph(doc.notes);
  }
  w.paragraph(doc.terms, { size: 8, muted: true });
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string,
  );

/**
 * The same document as a standalone HTML page: every value escaped, no script, no external resource
 * (served with the API's CSP; the portal shows it in a sandboxed frame).
 */
export function quoteHtml(doc: QuoteDocument): string {
  const cell = (value: string, i: number) =>
    `<td${doc.columns[i]?.align === "right" ? ' class="r"' : ""}>${escapeHtml(value)}</td>`;
  const head = doc.columns
    .map((c) => `<th${c.align === "right" ? ' class="r"' : ""}>${escapeHtml(c.header)}</th>`)
    .join("");
  const body = doc.rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`).join("");
  const foot = doc.totals
    .map(
      (r) =>
        `<tr><th colspan="${doc.columns.length - 1}" class="r">${escapeHtml(r[0] ?? "")}</th><td class="r">${escapeHtml(r.at(-1) ?? "")}</td></tr>`,
    )
    .join("");
  const fields = doc.fields.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(doc.title)}</title><style>
body{font:14px/1.45 system-ui,sans-serif;color:#141414;margin:1.5rem;max-width:52rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem}.seller{color:#555;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}dt{color:#555;font-weight:600}dd{margin:0}
.wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;min-width:34rem}th,td{padding:.4rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
thead th{background:#eef0f3}.r{text-align:right}tfoot th,tfoot td{font-weight:700;border-bottom:0}.terms{color:#555;font-size:.8rem}
</style></head><body><div class="seller">${escapeHtml(SELLER)}</div><h1>${escapeHtml(doc.heading)}</h1><dl>${fields}</dl>
<div class="wrap"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody><tfoot>${foot}</tfoot></table></div>
${doc.notes ? `<h2>Notes</h2><p>${escapeHtml(doc.notes).replace(/\n/g, "<br>")}</p>` : ""}<p class="terms">${escapeHtml(doc.terms)}</p></body></html>`;
}
