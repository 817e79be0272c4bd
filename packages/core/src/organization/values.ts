/**
 * The organization domain's enumerated values, apart from its tables: an event's payload schema names them
 * without loading the table definitions (which pull drizzle's column builders onto a consumer's cold path).
 */

export const accountTypes = ["customer", "reseller", "vendor", "partner"] as const;

export const organizationStatuses = ["active", "inactive", "suspended", "archived"] as const;
