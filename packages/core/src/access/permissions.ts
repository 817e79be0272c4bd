/**
 * v1's permission keys (v1-domain-inventory §1.3), including the keys v1 used in code without seeding
 * them. The legacy billing/catalog keys of the removed billing domain are left out. A verb names the
 * key it needs with `requirePermission`; a role or a direct grant holds keys from this list only.
 */
export const permissions = [
  "audit:read",
  "auth:manage",
  "system:read",
  "system:write",
  "system:settings:read",
  "system:settings:write",
  "system:monitoring:read",
  "system:automation:read",
  "system:automation:write",
  "rbac:roles:read",
  "rbac:roles:write",
  "rbac:roles:delete",
  "rbac:permissions:read",
  "rbac:assign",
  "customer:read",
  "customer:create",
  "customer:update",
  "customer:delete",
  "customer:write",
  "customer:impersonate",
  "subscribers:subscriber:read",
  "subscribers:subscriber:write",
  "subscribers:subscriber:delete",
  "network:device:read",
  "network:device:write",
  "network:ont:read",
  "network:ont:write",
  "network:ip:read",
  "network:ip:write",
  "network:fiber:read",
  "network:fiber:write",
  "network:radius:read",
  "network:radius:write",
  "operations:work_order:read",
  "operations:work_order:create",
  "operations:work_order:update",
  "operations:work_order:delete",
  "operations:work_order:dispatch",
  "operations:service_order:read",
  "operations:service_order:write",
  /** The sales orders accepted quotes become (v1 had only the delete key). */
  "operations:sales_order:read",
  "operations:sales_order:write",
  "operations:sales_order:delete",
  "operations:material_request:read",
  "operations:material_request:write",
  /** Approve or reject technicians' material requests (managers, storekeepers). */
  "operations:material_request:approve",
  "operations:expense_request:read",
  "operations:expense_request:write",
  "operations:expense_request:approve",
  "operations:technician:read",
  "operations:technician:write",
  "operations:reseller:read",
  "operations:reseller:write",
  "support:ticket:read",
  "support:ticket:create",
  "support:ticket:update",
  "support:ticket:delete",
  "support:ticket:assign",
  /** Assign an unassigned ticket to oneself (support:ticket:assign also grants it). */
  "support:ticket:take",
  "crm:contact:read",
  "crm:contact:write",
  "crm:contact:delete",
  "crm:conversation:read",
  "crm:conversation:write",
  "crm:inbox:read",
  "crm:inbox:write",
  "crm:inbox:admin",
  "crm:inbox:settings:read",
  "crm:inbox:settings:write",
  "crm:inbox:manager_dashboard:read",
  "crm:campaign:read",
  "crm:campaign:write",
  "crm:campaign:admin",
  "crm:lead:read",
  "crm:lead:write",
  "crm:lead:delete",
  /** Pipelines and their stages (a sales manager's setting; leads move with crm:lead:write). */
  "crm:pipeline:write",
  /** Quotes: drafting, sending, recording a customer's answer. */
  "crm:quote:read",
  "crm:quote:write",
  "crm:macro:read",
  "crm:macro:write",
  "crm:location:read",
  "project:read",
  "project:create",
  "project:update",
  "project:delete",
  "project:task:read",
  "project:task:write",
  "vendor:read",
  "vendor:write",
  "vendor:project:read",
  "vendor:project:write",
  "vendor:quote:approve",
  "vendors:quotes:read",
  "vendors:quotes:update",
  "inventory:read",
  "inventory:write",
  "gis:map:view",
  "gis:map:edit",
  "gis:map:configure",
  "gis:coverage:read",
  "gis:coverage:write",
  "gis:fiber:view",
  "gis:fiber:edit",
  "gis:serviceability:check",
  "gis:export",
  "reports:operations:read",
  "reports:subscribers:read",
  "reports:network:read",
  "field:job:read",
  "field:job:transition",
  "field:note:create",
  "field:worklog:write",
  "field:attachment:create",
  "field:attachment:read",
  "field:material:confirm",
  "field:schedule:read",
  "field:device:register",
] as const;
export type Permission = (typeof permissions)[number];

const known = new Set<string>(permissions);
export const isPermission = (key: string): key is Permission => known.has(key);

const writes = new Set(["create", "update", "delete", "write"]);

/**
 * The keys that grant `key` under v1's hierarchy rule: the key itself; `x:y:read` is also granted by
 * `x:read`; `x:y:create|update|delete|write` by `x:write`, and `x:y:create|update|delete` by `x:y:write`;
 * `x:create|update|delete` by `x:write`; `x:y:take` by `x:y:assign`.
 */
export function grantingKeys(key: string): string[] {
  const parts = key.split(":");
  const action = parts.at(-1) ?? "";
  const [area] = parts;
  const keys = [key];
  if (parts.length === 3) {
    if (action === "read") keys.push(`${area}:read`);
    if (writes.has(action)) keys.push(`${area}:write`);
    if (writes.has(action) && action !== "write") keys.push(`${area}:${parts[1]}:write`);
    if (action === "take") keys.push(`${area}:${parts[1]}:assign`);
  } else if (parts.length === 2 && writes.has(action) && action !== "write") {
    keys.push(`${area}:write`);
  }
  return keys;
}

/** Whether holding `held` grants `key` (the hierarchy rule; no admin bypass here). */
export function satisfies(held: Iterable<string>, key: string): boolean {
  const set = held instanceof Set ? (held as Set<string>) : new Set(held);
  return grantingKeys(key).some((k) => set.has(k));
}

/** A built-in role: its permissions live in code (so a deploy updates them); admins may only toggle MFA. */
export interface BuiltinRole {
  name: string;
  description: string;
  /** The portal whose accounts may hold it. */
  portal: "staff" | "customer" | "reseller" | "vendor";
  permissions: readonly Permission[];
}

const fieldSet = permissions.filter((p) => p.startsWith("field:"));

/** What a support agent does: customers, tickets (taking, not assigning), the inbox, campaigns, macros. */
const supportSet: readonly Permission[] = [
  "customer:read",
  "customer:create",
  "customer:update",
  "crm:contact:read",
  "crm:contact:write",
  "subscribers:subscriber:read",
  "support:ticket:read",
  "support:ticket:create",
  "support:ticket:update",
  "support:ticket:take",
  "crm:conversation:read",
  "crm:conversation:write",
  "crm:inbox:read",
  "crm:inbox:write",
  "crm:campaign:read",
  "crm:campaign:write",
  "crm:macro:read",
  "crm:macro:write",
  "reports:subscribers:read",
];

/** What a salesperson does: leads and the board, contacts, quotes and orders; reads customers and projects. */
const salesSet: readonly Permission[] = [
  "crm:lead:read",
  "crm:lead:write",
  "crm:contact:read",
  "crm:contact:write",
  "crm:conversation:read",
  "crm:inbox:read",
  "customer:read",
  "customer:create",
  "subscribers:subscriber:read",
  "project:read",
  "crm:quote:read",
  "crm:quote:write",
  "operations:sales_order:read",
  "operations:sales_order:write",
];

/** v1's seeded roles, plus the dispatcher and agent roles the field-service and inbox domains need. */
export const builtinRoles: readonly BuiltinRole[] = [
  { name: "admin", description: "Everything, including users, roles and settings", portal: "staff", permissions: [] },
  {
    name: "auditor",
    description: "Reads the audit log, customers and reports; changes nothing",
    portal: "staff",
    permissions: [
      "audit:read",
      "system:monitoring:read",
      "customer:read",
      "crm:contact:read",
      "subscribers:subscriber:read",
      "support:ticket:read",
      "reports:operations:read",
      "reports:subscribers:read",
      "reports:network:read",
      "rbac:roles:read",
      "rbac:permissions:read",
    ],
  },
  {
    name: "operator",
    description: "Network and provisioning, work orders, reseller commissions",
    portal: "staff",
    permissions: [
      "network:device:read",
      "network:device:write",
      "network:ont:read",
      "network:ont:write",
      "network:ip:read",
      "network:ip:write",
      "network:fiber:read",
      "network:fiber:write",
      "network:radius:read",
      "network:radius:write",
      "operations:work_order:read",
      "operations:work_order:update",
      "operations:reseller:read",
      "operations:reseller:write",
      "subscribers:subscriber:read",
      "customer:read",
      "system:monitoring:read",
    ],
  },
  {
    name: "support",
    description: "Customers, tickets, conversations, campaigns and macros",
    portal: "staff",
    permissions: supportSet,
  },
  {
    name: "support_lead",
    description:
      "Leads a support team: what support does, plus every conversation, assigning, inbox settings and the inbox report",
    portal: "staff",
    permissions: [
      ...supportSet,
      "support:ticket:assign",
      "crm:inbox:admin",
      "crm:inbox:settings:read",
      "crm:inbox:settings:write",
      "crm:inbox:manager_dashboard:read",
    ],
  },
  {
    name: "dispatcher",
    description: "Schedules and dispatches work orders to technicians",
    portal: "staff",
    permissions: [
      "operations:work_order:read",
      "operations:work_order:create",
      "operations:work_order:update",
      "operations:work_order:dispatch",
      "operations:technician:read",
      "operations:technician:write",
      "support:ticket:read",
      "customer:read",
      "subscribers:subscriber:read",
      "inventory:read",
      "operations:material_request:read",
      "operations:material_request:approve",
      "operations:expense_request:read",
      "operations:expense_request:write",
      "operations:expense_request:approve",
    ],
  },
  {
    name: "field_technician",
    description: "The technician app: jobs, notes, work logs, materials, requests for stock, own expense claims",
    portal: "staff",
    permissions: [
      ...fieldSet,
      "operations:material_request:read",
      "operations:material_request:write",
      "operations:expense_request:read",
      "operations:expense_request:write",
    ],
  },
  {
    name: "storekeeper",
    description: "Keeps the stock: items, locations, counts, transfers, jobs' materials; approves and issues requests",
    portal: "staff",
    permissions: [
      "inventory:read",
      "inventory:write",
      "operations:material_request:read",
      "operations:material_request:write",
      "operations:material_request:approve",
      "operations:work_order:read",
      "operations:technician:read",
    ],
  },
  {
    name: "project_manager",
    description: "Runs projects: templates, plans and Gantt, tasks and assignees, work orders for the field, costs",
    portal: "staff",
    permissions: [
      "project:read",
      "project:create",
      "project:update",
      "project:task:read",
      "project:task:write",
      "operations:work_order:read",
      "operations:work_order:create",
      "operations:technician:read",
      "operations:expense_request:read",
      "support:ticket:read",
      "customer:read",
      "subscribers:subscriber:read",
      "inventory:read",
    ],
  },
  {
    name: "sales",
    description: "Sells: leads and the pipeline board, contacts, quotes; reads customers, subscribers and projects",
    portal: "staff",
    permissions: salesSet,
  },
  {
    name: "sales_manager",
    description: "Runs the sales team: what sales does, plus pipelines and their stages",
    portal: "staff",
    permissions: [...salesSet, "crm:pipeline:write"],
  },
  {
    name: "reseller_admin",
    description: "Reseller portal: manages its organisation and creates child organisations",
    portal: "reseller",
    permissions: [],
  },
  {
    name: "reseller_member",
    description: "Reseller portal: reads its organisations",
    portal: "reseller",
    permissions: [],
  },
];

export const builtinRole = (name: string) => builtinRoles.find((r) => r.name === name);
