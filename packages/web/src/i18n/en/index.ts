import { account } from "./account";
import { admin } from "./admin";
import { audit } from "./audit";
import { auth } from "./auth";
import { common } from "./common";
import { customer } from "./customer";
import { dashboard } from "./dashboard";
import { mail } from "./mail";
import { nav } from "./nav";
import { notifications } from "./notifications";
import { portal } from "./portal";
import { sla } from "./sla";
import { slaClock } from "./sla-clock";
import { status } from "./status";
import { ticket } from "./ticket";
import { ticketCreate } from "./ticket-create";
import { ticketSettings } from "./ticket-settings";
import { tickets } from "./tickets";
import { widgets } from "./widgets";

/** The English dictionary: the shape every other language fills. */
export const en = {
  ...common,
  account,
  admin,
  audit,
  auth,
  customer,
  dashboard,
  mail,
  nav,
  notifications,
  portal,
  sla,
  slaClock,
  status,
  ticket,
  ticketCreate,
  ticketSettings,
  tickets,
  widgets,
};
