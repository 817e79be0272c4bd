import type { Hono } from "hono";
import type { AppEnv } from "./base";

/** A route group's module: one Hono app holding its routes at their full paths. */
export interface RouteGroupModule {
  // biome-ignore lint/suspicious/noExplicitAny: any schema; the group's own module keeps its precise type.
  routes: Hono<AppEnv, any, any>;
}

/**
 * Which module serves which `/api` path prefix. The `api` Lambda imports a group on the first request
 * under one of its prefixes (longest prefix wins), so a cold start parses the request path's code only,
 * however many domains the API has. A new domain is a new line here and a module in groups/; the
 * eager app (app.ts) mounts the same modules in the same order. tests/infra/route-groups.test.ts
 * proves each group's routes sit under its prefixes and that no group statically imports another
 * group or an AWS SDK client.
 */
export const routeGroups = {
  shell: {
    prefixes: ["/api/health", "/api/docs", "/api/openapi.json"],
    load: (): Promise<RouteGroupModule> => import("./groups/shell"),
  },
  auth: {
    prefixes: ["/api/v1/auth", "/api/v1/customer/auth", "/api/v1/reseller/auth", "/api/v1/vendor/auth"],
    load: (): Promise<RouteGroupModule> => import("./groups/auth"),
  },
  customer: {
    prefixes: ["/api/v1/customer"],
    load: (): Promise<RouteGroupModule> => import("./groups/customer"),
  },
  customerSales: {
    prefixes: ["/api/v1/customer/quotes", "/api/v1/customer/sales-orders", "/api/v1/customer/projects"],
    load: (): Promise<RouteGroupModule> => import("./groups/customer-sales"),
  },
  reseller: {
    prefixes: ["/api/v1/reseller"],
    load: (): Promise<RouteGroupModule> => import("./groups/reseller"),
  },
  vendor: {
    prefixes: ["/api/v1/vendor"],
    load: (): Promise<RouteGroupModule> => import("./groups/vendor"),
  },
  access: {
    prefixes: ["/api/v1/roles", "/api/v1/users", "/api/v1/api-keys", "/api/v1/audit"],
    load: (): Promise<RouteGroupModule> => import("./groups/access"),
  },
  system: {
    prefixes: ["/api/v1/system", "/api/v1/dev/mailbox"],
    load: (): Promise<RouteGroupModule> => import("./groups/system"),
  },
  parties: {
    prefixes: ["/api/v1/people", "/api/v1/organizations", "/api/v1/subscribers", "/api/v1/directory"],
    load: (): Promise<RouteGroupModule> => import("./groups/parties"),
  },
  search: {
    prefixes: ["/api/v1/search"],
    load: (): Promise<RouteGroupModule> => import("./groups/search"),
  },
  tickets: {
    prefixes: ["/api/v1/tickets", "/api/v1/saved-filters"],
    load: (): Promise<RouteGroupModule> => import("./groups/tickets"),
  },
  notifications: {
    prefixes: ["/api/v1/notifications"],
    load: (): Promise<RouteGroupModule> => import("./groups/notifications"),
  },
  inbox: {
    prefixes: ["/api/v1/inbox"],
    load: (): Promise<RouteGroupModule> => import("./groups/inbox"),
  },
  live: {
    prefixes: ["/api/v1/live"],
    load: (): Promise<RouteGroupModule> => import("./groups/live"),
  },
  widget: {
    prefixes: ["/api/v1/widget"],
    load: (): Promise<RouteGroupModule> => import("./groups/widget"),
  },
  field: {
    prefixes: ["/api/v1/field"],
    load: (): Promise<RouteGroupModule> => import("./groups/field"),
  },
  supportSettings: {
    prefixes: ["/api/v1/support", "/api/v1/teams", "/api/v1/sla"],
    load: (): Promise<RouteGroupModule> => import("./groups/support-settings"),
  },
  inventory: {
    prefixes: ["/api/v1/inventory", "/api/v1/material-requests"],
    load: (): Promise<RouteGroupModule> => import("./groups/inventory"),
  },
  workOrders: {
    prefixes: ["/api/v1/work-orders"],
    load: (): Promise<RouteGroupModule> => import("./groups/work-orders"),
  },
  timecost: {
    prefixes: ["/api/v1/timecost", "/api/v1/expense-requests"],
    load: (): Promise<RouteGroupModule> => import("./groups/timecost"),
  },
  dispatch: {
    prefixes: ["/api/v1/dispatch"],
    load: (): Promise<RouteGroupModule> => import("./groups/dispatch"),
  },
  board: {
    prefixes: ["/api/v1/track", "/api/v1/track-links", "/api/v1/dispatch-board"],
    load: (): Promise<RouteGroupModule> => import("./groups/board"),
  },
  sales: {
    prefixes: ["/api/v1/pipelines", "/api/v1/leads", "/api/v1/sales-reports"],
    load: (): Promise<RouteGroupModule> => import("./groups/sales"),
  },
  commissions: {
    prefixes: ["/api/v1/reseller-commissions", "/api/v1/reseller-payouts"],
    load: (): Promise<RouteGroupModule> => import("./groups/commissions"),
  },
  contacts: {
    prefixes: ["/api/v1/contacts"],
    load: (): Promise<RouteGroupModule> => import("./groups/contacts"),
  },
  campaigns: {
    prefixes: ["/api/v1/campaigns", "/api/v1/segments"],
    load: (): Promise<RouteGroupModule> => import("./groups/campaigns"),
  },
  surveys: {
    prefixes: ["/api/v1/surveys"],
    load: (): Promise<RouteGroupModule> => import("./groups/surveys"),
  },
  campaignPublic: {
    prefixes: ["/api/v1/t", "/api/v1/public-surveys"],
    load: (): Promise<RouteGroupModule> => import("./groups/campaign-public"),
  },
  contracts: {
    prefixes: [
      "/api/v1/installation-projects",
      "/api/v1/vendor-quotes",
      "/api/v1/as-builts",
      "/api/v1/vendor-invoices",
    ],
    load: (): Promise<RouteGroupModule> => import("./groups/contracts"),
  },
  quotes: {
    prefixes: ["/api/v1/quotes", "/api/v1/sales-orders", "/api/v1/quote-links"],
    load: (): Promise<RouteGroupModule> => import("./groups/quotes"),
  },
  projects: {
    prefixes: [
      "/api/v1/projects",
      "/api/v1/project-tasks",
      "/api/v1/project-templates",
      "/api/v1/project-sla-policies",
    ],
    load: (): Promise<RouteGroupModule> => import("./groups/projects"),
  },
} as const;

export type RouteGroupName = keyof typeof routeGroups;

const byPrefix = (Object.entries(routeGroups) as [RouteGroupName, (typeof routeGroups)[RouteGroupName]][])
  .flatMap(([name, group]) => group.prefixes.map((prefix) => ({ prefix, name })))
  .sort((a, b) => b.prefix.length - a.prefix.length);

/** The group whose prefix (a whole path segment or more) is the longest one `path` starts with. */
export function groupOf(path: string): RouteGroupName | undefined {
  return byPrefix.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`))?.name;
}
