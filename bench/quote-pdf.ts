import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { renderPdf } from "@dotmac/core/platform/pdf";
import { type Info, renderQuotePdf } from "@dotmac/core/quote";
import { round } from "./util";

/**
 * A quote's PDF (platform/pdf over jsPDF: header, fields, a 12-line table, totals, notes, terms) against
 * a blank page from the same library in the same process, interleaved, median of each. The first render
 * (the `import()` of jsPDF) is reported apart: it is what the first quote PDF after a cold start pays.
 * Standalone: `tsx bench/quote-pdf.ts [--quick]`.
 */

export interface QuotePdfResult {
  runs: number;
  firstRenderMs: number;
  medianMs: { blank: number; quote: number };
  bytes: { blank: number; quote: number };
  ratio: number;
  target: { ratio: string; met: boolean };
}

const TARGET_RATIO = 8;

function sampleQuote(lines: number): Info {
  const now = new Date("2026-12-01T09:00:00Z").toISOString();
  const items = Array.from({ length: lines }, (_, i) => ({
    id: `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`,
    position: i + 1,
    inventoryItemId: null,
    description:
      i === 0 ? "Fibre installation (drop, ONT, labour)" : `Drop cable segment ${i} with splice and labelling`,
    quantity: 1000 + i * 500,
    unitPriceMinor: 3_333_33 + i * 1000,
    discountBp: i % 3 === 0 ? 1000 : 0,
    taxRateBp: 750,
    grossMinor: 0,
    discountMinor: 0,
    netMinor: 100_000 + i,
    taxMinor: 7_500,
    totalMinor: 107_500 + i,
  }));
  return {
    id: "00000000-0000-7000-8000-000000000001",
    number: "QUO-2026-000001",
    title: "Fibre to the home: 14 Bode Thomas Street",
    status: "sent",
    personId: "00000000-0000-7000-8000-000000000002",
    personName: "Kemi Adeyemi",
    personEmail: "kemi@example.com",
    leadId: null,
    leadNumber: null,
    resellerOrganizationId: null,
    projectType: "fiber_optics_installation",
    currency: "NGN",
    grossMinor: 1_290_000,
    discountMinor: 30_000,
    netMinor: 1_260_000,
    taxMinor: 94_500,
    totalMinor: 1_354_500,
    depositBp: 5000,
    depositMinor: 677_250,
    expiresAt: now,
    termsVersion: "standard-2026-01",
    notes: "Installation within 14 days of the deposit. Survey included.",
    ownerUserId: null,
    sentAt: now,
    decidedAt: null,
    createdAt: now,
    updatedAt: now,
    lines: items,
    decision: null,
    salesOrderId: null,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export async function runQuotePdf(options: { quick: boolean; log: (line: string) => void }): Promise<QuotePdfResult> {
  const quote = sampleQuote(12);
  const blank = () => renderPdf({ title: "blank", createdAt: new Date(0) }, () => undefined);
  const start = performance.now();
  await renderQuotePdf(quote);
  const firstRenderMs = performance.now() - start;
  const runs = options.quick ? 30 : 200;
  for (let i = 0; i < 10; i++) await Promise.all([blank(), renderQuotePdf(quote)]);
  const times = { blank: [] as number[], quote: [] as number[] };
  let bytes = { blank: 0, quote: 0 };
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const b = await blank();
    times.blank.push(performance.now() - t);
    t = performance.now();
    const q = await renderQuotePdf(quote);
    times.quote.push(performance.now() - t);
    bytes = { blank: b.length, quote: q.bytes.length };
  }
  const medianMs = { blank: round(median(times.blank), 3), quote: round(median(times.quote), 3) };
  const ratio = round(median(times.quote) / median(times.blank), 2);
  options.log(
    `    quote PDF ${medianMs.quote} ms vs blank ${medianMs.blank} ms: ${ratio}× (first render ${round(firstRenderMs, 1)} ms)`,
  );
  return {
    runs,
    firstRenderMs: round(firstRenderMs, 1),
    medianMs,
    bytes,
    ratio,
    target: { ratio: `≤ ${TARGET_RATIO}×`, met: ratio <= TARGET_RATIO },
  };
}

export function quotePdfRows(r: QuotePdfResult): [string, string, string, string, string, string][] {
  return [
    [
      `quote PDF render (12 lines, ${r.bytes.quote} B) vs blank PDF, same library (median of ${r.runs})`,
      `${r.medianMs.blank} ms`,
      `${r.medianMs.quote} ms`,
      `${r.ratio}×`,
      r.target.ratio,
      r.target.met ? "met" : "NOT MET",
    ],
    ["quote PDF first render (jsPDF import included)", "", `${r.firstRenderMs} ms`, "", "(info)", ""],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runQuotePdf({ quick: process.argv.includes("--quick"), log: console.log });
  console.log(JSON.stringify(result, null, 2));
}
