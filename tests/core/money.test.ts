import {
  amountString,
  BASIS_POINTS,
  divRound,
  documentTotals,
  formatMoney,
  lineAmounts,
  MAX_MINOR,
  minorExponent,
  parseAmount,
  parsePercent,
  parseQuantity,
  percentOf,
  QUANTITY_SCALE,
  quantityString,
} from "@dotmac/core/platform/money";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const line = fc.record({
  quantity: fc.integer({ min: 1, max: 10_000_000 }),
  unitPriceMinor: fc.integer({ min: 0, max: 1_000_000_000 }),
  discountBp: fc.integer({ min: 0, max: BASIS_POINTS }),
  taxRateBp: fc.integer({ min: 0, max: BASIS_POINTS }),
});

/** The rounding rule stated by its definition: |exact − rounded| ≤ ½, and a tie goes away from zero. */
function isRoundingOf(rounded: bigint, numerator: bigint, denominator: bigint): boolean {
  const diff = rounded * denominator - numerator; // denominator × (rounded − exact)
  const twice = (diff < 0n ? -diff : diff) * 2n;
  if (twice < denominator) return true;
  if (twice > denominator) return false;
  return numerator >= 0n ? diff > 0n : diff < 0n;
}

describe("money: a quote's figures add up exactly", () => {
  it("rounds each line once from the exact product, half away from zero", () => {
    fc.assert(
      fc.property(line, (l) => {
        const a = lineAmounts(l);
        const q = BigInt(l.quantity);
        const p = BigInt(l.unitPriceMinor);
        const d = BigInt(l.discountBp);
        const bp = BigInt(BASIS_POINTS);
        const scale = BigInt(QUANTITY_SCALE);
        expect(isRoundingOf(BigInt(a.grossMinor), q * p, scale)).toBe(true);
        expect(isRoundingOf(BigInt(a.netMinor), q * p * (bp - d), scale * bp)).toBe(true);
        expect(isRoundingOf(BigInt(a.taxMinor), BigInt(a.netMinor) * BigInt(l.taxRateBp), bp)).toBe(true);
        expect(a.totalMinor).toBe(a.netMinor + a.taxMinor);
        expect(a.discountMinor).toBe(a.grossMinor - a.netMinor);
        expect(a.netMinor).toBeGreaterThanOrEqual(0);
        expect(a.netMinor).toBeLessThanOrEqual(a.grossMinor);
      }),
    );
  });

  it("makes every total the sum of the rounded lines, whatever their order", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 0, maxLength: 40 }), (lines) => {
        const amounts = lines.map(lineAmounts);
        const totals = documentTotals(amounts);
        const add = (k: keyof (typeof amounts)[number]) => amounts.reduce((s, a) => s + BigInt(a[k]), 0n);
        expect(BigInt(totals.netMinor)).toBe(add("netMinor"));
        expect(BigInt(totals.taxMinor)).toBe(add("taxMinor"));
        expect(BigInt(totals.totalMinor)).toBe(add("totalMinor"));
        expect(totals.totalMinor).toBe(totals.netMinor + totals.taxMinor);
        expect(documentTotals([...amounts].reverse())).toEqual(totals);
      }),
    );
  });

  it("has no float drift: ten lines of 0.10 are exactly 1.00, and 0.1 + 0.2 is 0.30", () => {
    const dime = lineAmounts({ quantity: 1000, unitPriceMinor: 10, discountBp: 0, taxRateBp: 0 });
    expect(documentTotals(Array(10).fill(dime)).totalMinor).toBe(100);
    expect(parseAmount("0.1", "USD") + parseAmount("0.2", "USD")).toBe(parseAmount("0.3", "USD"));
    // 3 × 33.333… with 7.5 % tax: each line rounds, the total is their sum (a float total would drift).
    const third = lineAmounts({ quantity: 333, unitPriceMinor: 10_000, discountBp: 0, taxRateBp: 750 });
    expect(third).toMatchObject({ netMinor: 3330, taxMinor: 250, totalMinor: 3580 });
    expect(documentTotals([third, third, third]).totalMinor).toBe(10_740);
  });

  it("rounds ties away from zero", () => {
    expect(divRound(5n, 10n)).toBe(1n);
    expect(divRound(-5n, 10n)).toBe(-1n);
    expect(divRound(15n, 10n)).toBe(2n);
    expect(divRound(25n, 10n)).toBe(3n);
    expect(divRound(4n, 10n)).toBe(0n);
    expect(percentOf(5, 1000)).toBe(1); // 10 % of 0.05 = 0.005 → 0.01
    expect(percentOf(-5, 1000)).toBe(-1);
  });

  it("round-trips amounts and quantities through their decimal strings", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }),
        fc.constantFrom("NGN", "USD", "JPY", "KWD"),
        (m, c) => {
          expect(parseAmount(amountString(m, c), c)).toBe(m);
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), (q) => {
        expect(parseQuantity(quantityString(q))).toBe(q);
      }),
    );
    expect(amountString(123456, "NGN")).toBe("1234.56");
    expect(amountString(500, "JPY")).toBe("500");
    expect(amountString(-5, "USD")).toBe("-0.05");
    expect(quantityString(1500)).toBe("1.5");
    expect(parsePercent("7.5")).toBe(750);
  });

  it("knows each currency's minor unit and formats with it", () => {
    expect(minorExponent("NGN")).toBe(2);
    expect(minorExponent("USD")).toBe(2);
    expect(minorExponent("JPY")).toBe(0);
    expect(minorExponent("KWD")).toBe(3);
    expect(formatMoney(123456, "USD", "en-US")).toBe("$1,234.56");
    expect(formatMoney(500, "JPY", "en-US")).toBe("¥500");
    // Past 2^53 / 100 a float would lose the last kobo; the string path keeps it.
    expect(formatMoney(900_719_925_474_099, "USD", "en-US")).toBe("$9,007,199,254,740.99");
  });

  it("refuses what it cannot hold exactly instead of rounding it", () => {
    expect(() => parseAmount("1.234", "NGN")).toThrow(/more than 2 decimal places/);
    expect(() => parseAmount("1.5", "JPY")).toThrow(/more than 0 decimal places/);
    expect(() => parseAmount("abc", "NGN")).toThrow(/not a number/);
    expect(() => parseQuantity("0")).toThrow(/above 0/);
    expect(() => parseQuantity("1.0001")).toThrow(/decimal places/);
    expect(() => minorExponent("naira")).toThrow(/three-letter/);
    expect(() => lineAmounts({ quantity: 1.5, unitPriceMinor: 1, discountBp: 0, taxRateBp: 0 })).toThrow(
      /whole number/,
    );
    expect(() => lineAmounts({ quantity: 1000, unitPriceMinor: 1, discountBp: 10_001, taxRateBp: 0 })).toThrow(
      /discount/,
    );
    expect(() =>
      lineAmounts({ quantity: 1_000_000_000_000, unitPriceMinor: MAX_MINOR, discountBp: 0, taxRateBp: 0 }),
    ).toThrow(/too large/);
    expect(() =>
      documentTotals(
        Array(3).fill(lineAmounts({ quantity: 1000, unitPriceMinor: MAX_MINOR / 2, discountBp: 0, taxRateBp: 0 })),
      ),
    ).toThrow(/too large/);
  });
});
