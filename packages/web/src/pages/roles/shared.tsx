import { client } from "../../api";

export const endpoint = client.api.v1.roles;

/** What each area of keys covers, for the picker's headings. */
export const areaLabel: Record<string, string> = {
  audit: "Audit log",
  auth: "Users and sign-in",
  system: "System",
  rbac: "Roles and permissions",
  customer: "Customers",
  subscribers: "Subscribers",
  network: "Network",
  operations: "Operations",
  support: "Support",
  crm: "CRM",
  project: "Projects",
  vendor: "Vendor",
  vendors: "Vendor quotes",
  inventory: "Inventory",
  gis: "Maps (GIS)",
  reports: "Reports",
  field: "Field service",
};
