import type { Dictionary, Locale } from ".";
import type { shell } from "./en/shell";

/** An area of the dictionary fetched with the pages that use it (not carried by the entry). */
export type Area = Exclude<keyof Dictionary, keyof typeof shell>;
type Loaders = { [A in Area]: () => Promise<Dictionary[A]> };

/**
 * Every area in every language, one chunk each. A new area is added here twice (the compiler
 * refuses a language that misses one) and named by the pages that use it (main.tsx, `page()`).
 */
export const areaLoaders: Record<Locale, Loaders> = {
  en: {
    account: () => import("./en/account").then((m) => m.account),
    admin: () => import("./en/admin").then((m) => m.admin),
    audit: () => import("./en/audit").then((m) => m.audit),
    crm: () => import("./en/crm").then((m) => m.crm),
    csat: () => import("./en/csat").then((m) => m.csat),
    customer: () => import("./en/customer").then((m) => m.customer),
    dashboard: () => import("./en/dashboard").then((m) => m.dashboard),
    expenses: () => import("./en/expenses").then((m) => m.expenses),
    inbox: () => import("./en/inbox").then((m) => m.inbox),
    inboxMacros: () => import("./en/inbox-macros").then((m) => m.inboxMacros),
    inboxChannels: () => import("./en/inbox-channels").then((m) => m.inboxChannels),
    inboxReports: () => import("./en/inbox-reports").then((m) => m.inboxReports),
    inventory: () => import("./en/inventory").then((m) => m.inventory),
    mail: () => import("./en/mail").then((m) => m.mail),
    notifications: () => import("./en/notifications").then((m) => m.notifications),
    portal: () => import("./en/portal").then((m) => m.portal),
    sla: () => import("./en/sla").then((m) => m.sla),
    slaClock: () => import("./en/sla-clock").then((m) => m.slaClock),
    status: () => import("./en/status").then((m) => m.status),
    teams: () => import("./en/teams").then((m) => m.teams),
    tech: () => import("./en/tech").then((m) => m.tech),
    ticket: () => import("./en/ticket").then((m) => m.ticket),
    ticketCreate: () => import("./en/ticket-create").then((m) => m.ticketCreate),
    ticketSettings: () => import("./en/ticket-settings").then((m) => m.ticketSettings),
    tickets: () => import("./en/tickets").then((m) => m.tickets),
    workOrders: () => import("./en/work-orders").then((m) => m.workOrders),
    visit: () => import("./en/visit").then((m) => m.visit),
    board: () => import("./en/board").then((m) => m.board),
    technicians: () => import("./en/technicians").then((m) => m.technicians),
  },
  fr: {
    account: () => import("./fr/account").then((m) => m.account),
    admin: () => import("./fr/admin").then((m) => m.admin),
    audit: () => import("./fr/audit").then((m) => m.audit),
    crm: () => import("./fr/crm").then((m) => m.crm),
    csat: () => import("./fr/csat").then((m) => m.csat),
    customer: () => import("./fr/customer").then((m) => m.customer),
    dashboard: () => import("./fr/dashboard").then((m) => m.dashboard),
    expenses: () => import("./fr/expenses").then((m) => m.expenses),
    inbox: () => import("./fr/inbox").then((m) => m.inbox),
    inboxMacros: () => import("./fr/inbox-macros").then((m) => m.inboxMacros),
    inboxChannels: () => import("./fr/inbox-channels").then((m) => m.inboxChannels),
    inboxReports: () => import("./fr/inbox-reports").then((m) => m.inboxReports),
    inventory: () => import("./fr/inventory").then((m) => m.inventory),
    mail: () => import("./fr/mail").then((m) => m.mail),
    notifications: () => import("./fr/notifications").then((m) => m.notifications),
    portal: () => import("./fr/portal").then((m) => m.portal),
    sla: () => import("./fr/sla").then((m) => m.sla),
    slaClock: () => import("./fr/sla-clock").then((m) => m.slaClock),
    status: () => import("./fr/status").then((m) => m.status),
    teams: () => import("./fr/teams").then((m) => m.teams),
    tech: () => import("./fr/tech").then((m) => m.tech),
    ticket: () => import("./fr/ticket").then((m) => m.ticket),
    ticketCreate: () => import("./fr/ticket-create").then((m) => m.ticketCreate),
    ticketSettings: () => import("./fr/ticket-settings").then((m) => m.ticketSettings),
    tickets: () => import("./fr/tickets").then((m) => m.tickets),
    workOrders: () => import("./fr/work-orders").then((m) => m.workOrders),
    visit: () => import("./fr/visit").then((m) => m.visit),
    board: () => import("./fr/board").then((m) => m.board),
    technicians: () => import("./fr/technicians").then((m) => m.technicians),
  },
};
