/**
 * Reseller commissions and payouts. A reseller-sourced sales order accrues one commission when it is
 * paid (`accrue`, from the `sales_order.paid` event); staff approve or void it; a payout groups one
 * reseller's approved commissions and is marked paid or void. Staff verbs need operations:reseller:*;
 * the reseller portal's scoped verbs are `Commission.Reseller`. A cancelled or refunded order's commission
 * is reversed once (`reverse`): voided if unpaid, else clawed back from the next payout.
 */
export { accrue } from "./accrue";
export { approve, fromID, list, markVoid, summary } from "./decide";
export { Events } from "./events";
export * as Payout from "./payout";
export * as Reseller from "./portal";
export { RateInfo, rates, Settings, setRate, settings, updateSettings } from "./rates";
export {
  AdjustmentFilters,
  AdjustmentInfo,
  AdjustmentPage,
  adjustments,
  reverse,
  reverseCommission,
} from "./reverse";
export { CommissionInfo, CommissionPage, ListFilters, PayoutInfo, PayoutPage, Summary } from "./shared";
export { adjustmentStatuses, commissionStatuses, payoutMethods, payoutStatuses, reversalReasons } from "./values";
