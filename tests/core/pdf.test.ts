import { renderPdf, toWinAnsi } from "@dotmac/core/platform/pdf";
import { describe, expect, it } from "vitest";

describe("pdf: documents render with the standard fonts", () => {
  it("folds names to what the fonts can draw instead of printing garbage", () => {
    expect(toWinAnsi("Adébáyọ̀ Ọlá")).toBe("Adébáyo Olá");
    expect(toWinAnsi("1\u202f234,56\u00a0€ — “ok”")).toBe("1 234,56\u00a0€ — “ok”");
    expect(toWinAnsi("₦ 中")).toBe("? ?");
  });

  it("renders the same document to the same bytes, page numbers included", async () => {
    const draw = (n: number) => async () =>
      renderPdf({ title: "Report", createdAt: new Date("2026-01-01T00:00:00Z"), footer: "DotMac" }, (w) => {
        w.heading("As-built report");
        w.table(
          [
            { header: "Item", width: 3 },
            { header: "Amount", width: 1, align: "right" },
          ],
          Array.from({ length: n }, (_, i) => [`Row ${i}`, String(i)]),
        );
      });
    const once = await draw(120)();
    expect(Buffer.from(once).subarray(0, 5).toString()).toBe("%PDF-");
    expect(Buffer.from(await draw(120)())).toEqual(Buffer.from(once));
    expect(Buffer.from(once).toString("latin1")).toMatch(/\/Count [2-9]/);
  });
});
