import { errorMessage } from "./errors";

/**
 * The one CSV encoder every export uses: RFC 4180 quoting, CRLF row ends, and spreadsheet-formula
 * neutralisation (OWASP "CSV injection"). Nothing else in the codebase writes CSV by hand.
 */

/** What a cell may hold. Objects (e.g. a changes map) are written as JSON text. */
export type CsvCell = string | number | bigint | boolean | Date | null | undefined | object;

/**
 * Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP's list
 * plus LF), and the same characters behind leading spaces, which some importers trim.
 */
const FORMULA_TRIGGER = /^(?:[=+\-@\t\r\n]| +[=+\-@])/;

/** Needs RFC 4180 quoting: a quote, a separator or a line break anywhere in the cell. */
const NEEDS_QUOTES = /[",\r\n]/;

/** Whether a text cell would be read as a formula (and so gets the `'` prefix). */
export function isFormulaLike(text: string): boolean {
  return FORMULA_TRIGGER.test(text);
}

function text(value: CsvCell): { text: string; literal: boolean } {
  if (value === null || value === undefined) return { text: "", literal: true };
  // A finite number is data, never a formula: -5 stays a negative number the spreadsheet can sum.
  if (typeof value === "number")
    return Number.isFinite(value) ? { text: String(value), literal: true } : { text: "", literal: true };
  if (typeof value === "bigint") return { text: value.toString(), literal: true };
  if (typeof value === "boolean") return { text: String(value), literal: true };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? "" : value.toISOString(), literal: true };
  if (typeof value === "string") return { text: value, literal: false };
  return { text: JSON.stringify(value) ?? "", literal: false };
}

/**
 * Encodes one cell. Text that a spreadsheet would evaluate is prefixed with a single quote, which
 * every major spreadsheet shows as text; numbers, dates and booleans are written as they are.
 */
export function csvCell(value: CsvCell): string {
  const cell = text(value);
  const safe = !cell.literal && isFormulaLike(cell.text) ? `'${cell.text}` : cell.text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Encodes one row, CRLF-terminated. */
export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * Streams a header and rows as UTF-8 CSV. Rows are pulled only as the reader asks, so a large export
 * keeps memory flat; cancelling the stream (client gone) stops the source.
 *
 * The first row is read before the stream is returned: a query that fails (bad filter, database
 * down) rejects this promise, so the request ends in the one problem+json handler with its headers
 * instead of a half-written download. A later failure can no longer change the status: the stream
 * errors with a generic message (the cause is logged, never sent) and the download ends incomplete.
 */
export async function csvStream(
  header: readonly string[],
  rows: AsyncIterable<readonly CsvCell[]>,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  let ahead: IteratorResult<readonly CsvCell[]> | undefined = await iterator.next();
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvRow(header)));
          return;
        }
        try {
          const next = ahead ?? (await iterator.next());
          ahead = undefined;
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(csvRow(next.value)));
        } catch (error) {
          console.error(
            JSON.stringify({ level: "error", msg: "CSV export failed mid-stream", error: errorMessage(error) }),
          );
          controller.error(new Error("The export stopped before the end; download it again"));
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 16 },
  );
}
