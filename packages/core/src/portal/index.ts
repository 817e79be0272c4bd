/**
 * The customer, reseller and vendor portals' verbs. Each starts from `requirePortal(...)` and scopes
 * every query in SQL to what the signed-in account may see; a record outside it is not_found. Their
 * tickets are the ticket domain's (`Ticket.Customer`, `Ticket.Reseller`).
 */
export * as Customer from "./customer";
export * as Reseller from "./reseller";
export * as Vendor from "./vendor";
