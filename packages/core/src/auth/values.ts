/**
 * The auth domain's enumerated values, apart from its tables: the request chain checks a credential of a
 * portal without loading the table definitions (and drizzle's column builders) onto the api's cold path.
 */

/** The portals a person can sign in to; each has its own cookie and token audience. */
export const portals = ["staff", "customer", "reseller", "vendor"] as const;
export type Portal = (typeof portals)[number];
