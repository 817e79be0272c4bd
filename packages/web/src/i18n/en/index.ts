import { audit } from "./audit";
import { auth } from "./auth";
import { common } from "./common";
import { crm } from "./crm";
import { customer } from "./customer";
import { nav } from "./nav";
import { sla } from "./sla";
import { slaClock } from "./sla-clock";
import { status } from "./status";
import { ticket } from "./ticket";
import { tickets } from "./tickets";
import { widgets } from "./widgets";

/** The English dictionary: the shape every other language fills. */
export const en = { ...common, audit, auth, crm, customer, nav, sla, slaClock, status, ticket, tickets, widgets };
