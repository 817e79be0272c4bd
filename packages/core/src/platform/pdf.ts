/**
 * A small document builder for the PDFs the product renders (quotes, as-built reports): headings,
 * paragraphs, label/value blocks, tables that break across pages, images (a PNG signature) and a page
 * footer. It draws with jsPDF (maintained, pure JavaScript, the 14 standard fonts built in, so nothing
 * is read from disk), which is loaded by `import()` inside `renderPdf`: no request pays for it until a
 * PDF is rendered.
 *
 * The standard fonts encode Windows-1252 only, so every string is folded to it first (ọ → o, narrow
 * no-break spaces → spaces, ₦ → "NGN" is the caller's job: format money with currency codes).
 */
import type { jsPDF as JsPdf } from "jspdf";

export interface PdfMeta {
  title: string;
  author?: string;
  subject?: string;
  /** Fixed creation date (and file id): the same document renders to the same bytes. */
  createdAt: Date;
  /** Footer text on every page, beside "page n of m". */
  footer?: string;
}

export interface PdfColumn {
  header: string;
  /** Share of the content width; the shares are normalised. */
  width: number;
  align?: "left" | "right";
}

export interface PdfWriter {
  heading(text: string, level?: 1 | 2): void;
  paragraph(text: string, options?: { bold?: boolean; size?: number; muted?: boolean }): void;
  /** Label/value pairs in two columns. */
  fields(rows: ReadonlyArray<readonly [string, string]>): void;
  /** A table; `totals` rows are drawn bold under a rule. Rows break across pages with the header repeated. */
  table(
    columns: readonly PdfColumn[],
    rows: readonly (readonly string[])[],
    totals?: readonly (readonly string[])[],
  ): void;
  /** A PNG (signature) at most `widthMm` wide, keeping its aspect ratio. */
  image(png: Uint8Array, widthMm: number, heightMm: number): void;
  space(mm: number): void;
}

const MARGIN = 18;
const PAGE_WIDTH = 210;
const PAGE_HEIGHT = 297;
const CONTENT = PAGE_WIDTH - 2 * MARGIN;
const BOTTOM = PAGE_HEIGHT - MARGIN - 6;
const LINE = 0.42; // mm per point of font size, with leading

const CP1252_EXTRAS = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Folds text to what the standard PDF fonts can draw: Latin-1 plus Windows-1252's extras. */
export function toWinAnsi(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\n" || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.has(ch)) {
      out += ch;
    } else if (/\s/u.test(ch)) {
      out += " ";
    } else if (/^\p{M}$/u.test(ch)) {
      // A mark NFC could not compose onto its letter (Yoruba ọ̀): the letter alone reads right.
    } else {
      const base = ch.normalize("NFD").replace(/\p{M}/gu, "");
      out += base && base !== ch && [...base].every((c) => (c.codePointAt(0) ?? 0) <= 0xff) ? base : "?";
    }
  }
  return out;
}

class Writer implements PdfWriter {
  y = MARGIN;
  constructor(private readonly doc: JsPdf) {}

  private ensure(height: number): boolean {
    if (this.y + height <= BOTTOM) return false;
    this.doc.addPage();
    this.y = MARGIN;
    return true;
  }

  private lines(text: string, width: number): string[] {
    return this.doc.splitTextToSize(toWinAnsi(text), width) as string[];
  }

  heading(text: string, level: 1 | 2 = 1): void {
    const size = level === 1 ? 18 : 13;
    this.doc.setFont("helvetica", "bold").setFontSize(size).setTextColor(20, 20, 20);
    const lines = this.lines(text, CONTENT);
    this.ensure(lines.length * size * LINE + 2);
    this.y += size * LINE * 0.8;
    this.doc.text(lines, MARGIN, this.y);
    this.y += lines.length * size * LINE + 1;
  }

  paragraph(text: string, options: { bold?: boolean; size?: number; muted?: boolean } = {}): void {
    const size = options.size ?? 10;
    this.doc.setFont("helvetica", options.bold ? "bold" : "normal").setFontSize(size);
    if (options.muted) this.doc.setTextColor(90, 90, 90);
    else this.doc.setTextColor(20, 20, 20);
    for (const line of this.lines(text, CONTENT)) {
      this.ensure(size * LINE);
      this.y += size * LINE;
      this.doc.text(line, MARGIN, this.y);
    }
    this.y += 2;
  }

  fields(rows: ReadonlyArray<readonly [string, string]>): void {
    const labelWidth = CONTENT * 0.3;
    for (const [label, value] of rows) {
      const valueLines = this.lines(value, CONTENT - labelWidth);
      this.ensure(valueLines.length * 10 * LINE);
      this.y += 10 * LINE;
      this.doc.setFont("helvetica", "bold").setFontSize(9).setTextColor(90, 90, 90);
      this.doc.text(toWinAnsi(label), MARGIN, this.y);
      this.doc.setFont("helvetica", "normal").setFontSize(10).setTextColor(20, 20, 20);
      this.doc.text(valueLines, MARGIN + labelWidth, this.y);
      this.y += (valueLines.length - 1) * 10 * LINE;
    }
    this.y += 3;
  }

  table(
    columns: readonly PdfColumn[],
    rows: readonly (readonly string[])[],
    totals: readonly (readonly string[])[] = [],
  ): void {
    const share = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / share) * CONTENT);
    const size = 9;
    const pad = 1.5;
    const drawRow = (cells: readonly string[], bold: boolean) => {
      this.doc
        .setFont("helvetica", bold ? "bold" : "normal")
        .setFontSize(size)
        .setTextColor(20, 20, 20);
      const wrapped = columns.map((_, i) => this.lines(cells[i] ?? "", (widths[i] ?? 0) - 2 * pad));
      const height = Math.max(1, ...wrapped.map((w) => w.length)) * size * LINE + 2 * pad;
      return { wrapped, height };
    };
    const paint = (wrapped: string[][], height: number) => {
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        const w = widths[i] ?? 0;
        const right = columns[i]?.align === "right";
        this.doc.text(lines, right ? x + w - pad : x + pad, this.y + pad + size * LINE * 0.8, {
          align: right ? "right" : "left",
        });
        x += w;
      });
      this.y += height;
    };
    const header = () => {
      const { wrapped, height } = drawRow(
        columns.map((c) => c.header),
        true,
      );
      this.doc.setFillColor(238, 240, 243).rect(MARGIN, this.y, CONTENT, height, "F");
      this.doc.setFont("helvetica", "bold");
      paint(wrapped, height);
    };
    this.ensure(20);
    header();
    for (const cells of rows) {
      const { wrapped, height } = drawRow(cells, false);
      if (this.ensure(height)) header();
      this.doc.setFont("helvetica", "normal");
      paint(wrapped, height);
      this.doc.setDrawColor(220, 222, 226).line(MARGIN, this.y, MARGIN + CONTENT, this.y);
    }
    if (totals.length > 0) {
      this.doc.setDrawColor(60, 60, 60).line(MARGIN, this.y, MARGIN + CONTENT, this.y);
      for (const cells of totals) {
        const { wrapped, height } = drawRow(cells, true);
        this.ensure(height);
        this.doc.setFont("helvetica", "bold");
        paint(wrapped, height);
      }
    }
    this.y += 4;
  }

  image(png: Uint8Array, widthMm: number, heightMm: number): void {
    this.ensure(heightMm + 2);
    this.doc.addImage(png, "PNG", MARGIN, this.y, widthMm, heightMm);
    this.y += heightMm + 2;
  }

  space(mm: number): void {
    this.y += mm;
    this.ensure(0);
  }
}

/** Renders a document: `draw` writes into an A4 page flow; the bytes are a complete PDF. */
export async function renderPdf(meta: PdfMeta, draw: (writer: PdfWriter) => void): Promise<Uint8Array> {
  const { jsPDF } = await import("jspdf");
  const doc = new jsPDF({ unit: "mm", format: "a4", compress: true, putOnlyUsedFonts: true });
  doc.setCreationDate(meta.createdAt);
  doc.setFileId(
    Array.from(new TextEncoder().encode(`${meta.title}|${meta.createdAt.toISOString()}`.padEnd(16, "-")).slice(0, 16))
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("")
      .toUpperCase(),
  );
  doc.setDocumentProperties({
    title: toWinAnsi(meta.title),
    author: toWinAnsi(meta.author ?? ""),
    subject: toWinAnsi(meta.subject ?? ""),
    creator: "DotMac CRM",
  });
  draw(new Writer(doc));
  const pages = doc.getNumberOfPages();
  for (let page = 1; page <= pages; page++) {
    doc.setPage(page);
    doc.setFont("helvetica", "normal").setFontSize(8).setTextColor(110, 110, 110);
    if (meta.footer) doc.text(toWinAnsi(meta.footer), MARGIN, PAGE_HEIGHT - MARGIN / 2);
    doc.text(`${page} / ${pages}`, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN / 2, { align: "right" });
  }
  return new Uint8Array(doc.output("arraybuffer"));
}
