import { intlLocale } from "../../i18n";

/** How many minor units a currency's major unit has (NGN, USD: 2; JPY: 0), from the platform's data. */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in integer minor units as the reader's locale writes money (₦2,500.00). */
export function formatMoney(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  try {
    return new Intl.NumberFormat(intlLocale(), { style: "currency", currency }).format(minor / 10 ** digits);
  } catch {
    return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}

/**
 * "2500", "2500.5" or "2,500.50" in major units to integer minor units, by string arithmetic (no float
 * rounding); undefined when it is not such an amount or has more decimals than the currency.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const digits = fractionDigits(currency);
  const match = /^(\d{1,12})(?:[.,](\d+))?$/.exec(text.trim().replace(/[\s,](?=\d{3}(\D|$))/g, ""));
  if (!match) return undefined;
  const [, whole = "0", fraction = ""] = match;
  if (fraction.length > digits) return undefined;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return minor > 0 ? minor : undefined;
}
