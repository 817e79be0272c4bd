/**
 * Exact money arithmetic. Amounts are integer minor units of a currency (kobo, cents; yen have none),
 * quantities are integer thousandths (1.5 m of cable = 1500), rates (discount, tax, deposit) are
 * integer basis points (7.5 % = 750). Every product is computed in BigInt and rounded once, to the
 * minor unit, HALF AWAY FROM ZERO (0.5 → 1, −0.5 → −1), the rule invoices in NGN/USD/EUR are read by.
 *
 *   line gross    = round(quantity × unit price)
 *   line net      = round(quantity × unit price × (1 − discount))
 *   line discount = gross − net
 *   line tax      = round(net × tax rate)
 *   line total    = net + tax
 *   document totals = sums of the rounded lines (never a rounding of the sum), so every figure a
 *   customer can add up on the PDF adds up.
 *
 * Amounts crossing this module's edges are JavaScript numbers that must be safe integers; anything
 * larger than `MAX_MINOR` is refused as a validation error instead of silently losing precision.
 */
import { AppError } from "./errors";

/** Thousandths: the precision of a quantity. */
export const QUANTITY_SCALE = 1000;
/** Basis points in one whole (100 %). */
export const BASIS_POINTS = 10_000;
/** The largest amount (minor units) a document line or total may hold: 10¹⁵, a safe integer with room. */
export const MAX_MINOR = 1_000_000_000_000_000;
/** The largest quantity, in thousandths (one billion units). */
export const MAX_QUANTITY = 1_000_000_000_000;

export const ROUNDING = "half away from zero" as const;

/** ISO 4217 minor-unit exponents that are not 2. Every other three-letter code has 2. */
const EXPONENTS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

const CURRENCY = /^[A-Z]{3}$/;

/** The number of decimals of a currency's minor unit: NGN and USD 2, JPY and XOF 0, KWD 3. */
export function minorExponent(currency: string): number {
  if (!CURRENCY.test(currency)) throw new AppError("validation", `"${currency}" is not a three-letter currency code`);
  return EXPONENTS[currency] ?? 2;
}

/** Integer division rounding half away from zero. `d` must be positive. */
export function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

function toSafe(value: bigint, what: string): number {
  if (value > BigInt(MAX_MINOR) || value < -BigInt(MAX_MINOR)) {
    throw new AppError("validation", `${what} is too large: keep amounts under ${MAX_MINOR} minor units`);
  }
  return Number(value);
}

function checkInt(value: number, what: string, min: number, max: number): bigint {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new AppError("validation", `${what} must be a whole number between ${min} and ${max}`);
  }
  return BigInt(value);
}

export interface LineInput {
  /** Thousandths of a unit, > 0. */
  quantity: number;
  /** Minor units per whole unit, ≥ 0. */
  unitPriceMinor: number;
  /** Basis points, 0–10 000. */
  discountBp: number;
  /** Basis points, 0–10 000. */
  taxRateBp: number;
}

export interface LineAmounts {
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/** One line's figures, each rounded once from the exact product (see the module comment). */
export function lineAmounts(line: LineInput): LineAmounts {
  const qty = checkInt(line.quantity, "quantity (thousandths)", 1, MAX_QUANTITY);
  const price = checkInt(line.unitPriceMinor, "unit price", 0, MAX_MINOR);
  const discount = checkInt(line.discountBp, "discount (basis points)", 0, BASIS_POINTS);
  const tax = checkInt(line.taxRateBp, "tax rate (basis points)", 0, BASIS_POINTS);
  const scale = BigInt(QUANTITY_SCALE);
  const bp = BigInt(BASIS_POINTS);
  const gross = divRound(qty * price, scale);
  const net = divRound(qty * price * (bp - discount), scale * bp);
  const taxAmount = divRound(net * tax, bp);
  return {
    grossMinor: toSafe(gross, "line amount"),
    discountMinor: toSafe(gross - net, "line discount"),
    netMinor: toSafe(net, "line net"),
    taxMinor: toSafe(taxAmount, "line tax"),
    totalMinor: toSafe(net + taxAmount, "line total"),
  };
}

/** A document's totals: the sums of its rounded lines. */
export function documentTotals(lines: readonly LineAmounts[]): LineAmounts {
  let gross = 0n;
  let discount = 0n;
  let net = 0n;
  let taxAmount = 0n;
  for (const l of lines) {
    gross += BigInt(l.grossMinor);
    discount += BigInt(l.discountMinor);
    net += BigInt(l.netMinor);
    taxAmount += BigInt(l.taxMinor);
  }
  return {
    grossMinor: toSafe(gross, "document amount"),
    discountMinor: toSafe(discount, "document discount"),
    netMinor: toSafe(net, "document net"),
    taxMinor: toSafe(taxAmount, "document tax"),
    totalMinor: toSafe(net + taxAmount, "document total"),
  };
}

/** `bp` basis points of an amount, rounded half away from zero (a 30 % deposit of a total). */
export function percentOf(amountMinor: number, bp: number): number {
  const amount = checkInt(amountMinor, "amount", -MAX_MINOR, MAX_MINOR);
  const rate = checkInt(bp, "rate (basis points)", 0, BASIS_POINTS);
  return toSafe(divRound(amount * rate, BigInt(BASIS_POINTS)), "amount");
}

/** Adds amounts exactly (for balances: total − paid), refusing a result past the bounds. */
export function sum(...amountsMinor: number[]): number {
  let total = 0n;
  for (const a of amountsMinor) total += checkInt(a, "amount", -MAX_MINOR, MAX_MINOR);
  return toSafe(total, "amount");
}

function parseDecimal(text: string, decimals: number, what: string): bigint {
  const match = /^\s*(-?)(\d+)(?:[.,](\d+))?\s*$/.exec(text);
  if (!match) throw new AppError("validation", `${what} "${text}" is not a number like 12.5`);
  const [, sign, whole = "0", fraction = ""] = match;
  if (fraction.length > decimals) {
    throw new AppError("validation", `${what} "${text}" has more than ${decimals} decimal places`);
  }
  const value = BigInt(whole + fraction.padEnd(decimals, "0"));
  return sign === "-" ? -value : value;
}

function decimalString(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** "12.34" in NGN → 1234; more decimals than the currency has is refused, never rounded. */
export function parseAmount(text: string, currency: string): number {
  const minor = parseDecimal(text, minorExponent(currency), "Amount");
  return toSafe(minor, "amount");
}

/** 1234 NGN → "12.34"; 500 JPY → "500". Exact, no locale. */
export function amountString(amountMinor: number, currency: string): string {
  return decimalString(checkInt(amountMinor, "amount", -MAX_MINOR, MAX_MINOR), minorExponent(currency));
}

/** "1.5" → 1500 thousandths; a fourth decimal is refused. */
export function parseQuantity(text: string): number {
  const value = parseDecimal(text, 3, "Quantity");
  if (value <= 0n || value > BigInt(MAX_QUANTITY))
    throw new AppError("validation", `Quantity "${text}" must be above 0`);
  return Number(value);
}

/** 1500 → "1.5", 2000 → "2": trailing zeros dropped. */
export function quantityString(thousandths: number): string {
  return decimalString(BigInt(thousandths), 3).replace(/\.?0+$/, "");
}

/** 750 bp → "7.5" (percent, trailing zeros dropped). */
export function percentString(bp: number): string {
  return decimalString(BigInt(bp), 2).replace(/\.?0+$/, "");
}

/** "7.5" (percent) → 750 bp. */
export function parsePercent(text: string): number {
  const value = parseDecimal(text, 2, "Percentage");
  if (value < 0n || value > BigInt(BASIS_POINTS))
    throw new AppError("validation", `"${text}" must be between 0 and 100`);
  return Number(value);
}

/**
 * "₦12,345.60" for people ("NGN 12,345.60" with `display: "code"`, for fonts without ₦): the exact
 * decimal string goes to Intl, which formats strings without a trip through a float, with the
 * currency's own number of decimals.
 */
export function formatMoney(
  amountMinor: number,
  currency: string,
  locale = "en",
  display: "symbol" | "code" = "symbol",
): string {
  const exponent = minorExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    currencyDisplay: display,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl.NumberFormat accepts decimal strings (ES2023); the typings lag behind.
  return format.format(amountString(amountMinor, currency) as unknown as number);
}
