import { intlLocale } from "../../i18n";

/** ISO 4217 exponents that are not 2 (the server's platform/money has the full rule). */
const EXPONENTS: Record<string, number> = { JPY: 0, XOF: 0, XAF: 0, UGX: 0, RWF: 0, KWD: 3, BHD: 3, OMR: 3 };
export const exponentOf = (currency: string) => EXPONENTS[currency] ?? 2;

/**
 * Decimal text ("1500.5") → an integer of `decimals` places (150050 for 2), by string, never through a
 * float; undefined when it is not such a number.
 */
export function parseScaled(text: string, decimals: number): number | undefined {
  const m = /^\s*(\d{1,13})(?:[.,](\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  const fraction = m[2] ?? "";
  if (fraction.length > decimals) return undefined;
  const value = Number(`${m[1]}${fraction.padEnd(decimals, "0")}`);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** An integer of `decimals` places as exact decimal text (150050, 2 → "1500.50"). */
export function scaledText(value: number, decimals: number): string {
  const digits = Math.abs(value)
    .toString()
    .padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const sign = value < 0 ? "-" : "";
  return decimals ? `${sign}${whole}.${digits.slice(digits.length - decimals)}` : `${sign}${whole}`;
}

/** Minor units as money in the reader's language ("NGN 1,500.50"); the exact decimal goes to Intl as text. */
export function money(minor: number, currency: string): string {
  const e = exponentOf(currency);
  try {
    const format = new Intl.NumberFormat(intlLocale(), {
      style: "currency",
      currency,
      currencyDisplay: "code",
      minimumFractionDigits: e,
      maximumFractionDigits: e,
    });
    return format.format(scaledText(minor, e) as unknown as number);
  } catch {
    return `${scaledText(minor, e)} ${currency}`;
  }
}

/** Basis points as a percentage ("7.5 %"). */
export const percent = (bp: number) => `${scaledText(bp, 2).replace(/\.?0+$/, "")} %`;
