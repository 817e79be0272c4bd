/** The commission domain's enumerated values, apart from its tables (pages and events name them cheaply). */

/** v1's commission statuses: accrued `pending`, staff `approved` or `void`, `paid` by a payout. */
export const commissionStatuses = ["pending", "approved", "paid", "void"] as const;
export type CommissionStatus = (typeof commissionStatuses)[number];

/** v1's payout statuses: a `draft` groups approved commissions until it is `paid` or `void`. */
export const payoutStatuses = ["draft", "paid", "void"] as const;
export type PayoutStatus = (typeof payoutStatuses)[number];

export const payoutMethods = ["bank_transfer", "mobile_money", "cash", "cheque", "other"] as const;
export type PayoutMethod = (typeof payoutMethods)[number];

/** The rate when a reseller has none of its own and no default was set: 5 %, in basis points. */
export const FALLBACK_RATE_BP = 500;

/** Why a commission was reversed: its order was cancelled, or refunded. */
export const reversalReasons = ["cancelled", "refunded"] as const;
export type ReversalReason = (typeof reversalReasons)[number];

/** A claw-back waits `pending` for the reseller's next payout, is `applied` when that payout is paid. */
export const adjustmentStatuses = ["pending", "applied"] as const;
export type AdjustmentStatus = (typeof adjustmentStatuses)[number];
