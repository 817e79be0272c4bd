/** The quote and sales-order vocabularies (v1 §4), shared by the tables, the verbs and the portal's types. */

export const quoteStatuses = ["draft", "sent", "accepted", "rejected", "expired"] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

export const salesOrderStatuses = ["draft", "confirmed", "paid", "fulfilled", "cancelled"] as const;
export type SalesOrderStatus = (typeof salesOrderStatuses)[number];

export const paymentStatuses = ["pending", "partial", "paid", "waived"] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const paymentMethods = ["bank_transfer", "card", "cash", "cheque", "mobile_money", "other"] as const;

/** How the customer answered: in the customer portal (signed in) or through the emailed single-use link. */
export const decisionChannels = ["portal", "link"] as const;
export const signatureKinds = ["drawn", "typed"] as const;
