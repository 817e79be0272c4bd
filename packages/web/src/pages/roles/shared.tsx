import { client } from "../../api";
import { t } from "../../i18n";

export const endpoint = client.api.v1.roles;

const areas = [
  "audit",
  "auth",
  "system",
  "rbac",
  "customer",
  "subscribers",
  "network",
  "operations",
  "support",
  "crm",
  "project",
  "vendor",
  "vendors",
  "inventory",
  "gis",
  "reports",
  "field",
] as const;
type Area = (typeof areas)[number];

/** What each area of keys covers, for the picker's headings; an area the portal does not know shows its key. */
export const areaLabel = (area: string): string =>
  (areas as readonly string[]).includes(area) ? t(`admin.areas.${area as Area}`) : area;
