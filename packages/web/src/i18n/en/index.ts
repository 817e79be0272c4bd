import { account } from "./account";
import { admin } from "./admin";
import { audit } from "./audit";
import { auth } from "./auth";
import { board } from "./board";
import { campaigns } from "./campaigns";
import { commissions } from "./commissions";
import { common } from "./common";
import { contracts } from "./contracts";
import { crm } from "./crm";
import { csat } from "./csat";
import { customer } from "./customer";
import { dashboard } from "./dashboard";
import { expenses } from "./expenses";
import { inbox } from "./inbox";
import { inboxChannels } from "./inbox-channels";
import { inboxMacros } from "./inbox-macros";
import { inboxReports } from "./inbox-reports";
import { inventory } from "./inventory";
import { mail } from "./mail";
import { nav } from "./nav";
import { notifications } from "./notifications";
import { portal } from "./portal";
import { projects } from "./projects";
import { quotes } from "./quotes";
import { sales } from "./sales";
import { sla } from "./sla";
import { slaClock } from "./sla-clock";
import { status } from "./status";
import { teams } from "./teams";
import { tech } from "./tech";
import { technicians } from "./technicians";
import { ticket } from "./ticket";
import { ticketCreate } from "./ticket-create";
import { ticketSettings } from "./ticket-settings";
import { tickets } from "./tickets";
import { visit } from "./visit";
import { widgets } from "./widgets";
import { workOrders } from "./work-orders";

/**
 * The whole English dictionary, for its type only (`Dictionary`, the keys `t()` accepts): the portal
 * never imports this value, it loads the shell words with the entry and each area with its pages.
 */
export const en = {
  ...common,
  account,
  admin,
  audit,
  auth,
  campaigns,
  commissions,
  contracts,
  crm,
  csat,
  customer,
  dashboard,
  expenses,
  inbox,
  inboxMacros,
  inboxChannels,
  inboxReports,
  inventory,
  mail,
  nav,
  notifications,
  portal,
  projects,
  quotes,
  sales,
  sla,
  slaClock,
  status,
  teams,
  tech,
  technicians,
  ticket,
  ticketCreate,
  ticketSettings,
  tickets,
  visit,
  board,
  widgets,
  workOrders,
};
