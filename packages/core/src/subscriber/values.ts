/**
 * The subscriber domain's enumerated values, apart from its tables: an event's payload schema names them
 * without loading the table definitions (which pull drizzle's column builders onto a consumer's cold path).
 */

export const subscriberStatuses = ["active", "suspended", "terminated", "pending"] as const;
