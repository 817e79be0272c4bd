import { audit } from "./audit";
import { common } from "./common";
import { customer } from "./customer";
import { nav } from "./nav";
import { sla } from "./sla";
import { ticket } from "./ticket";
import { tickets } from "./tickets";

/** The English dictionary: the shape every other language fills. */
export const en = { ...common, audit, customer, nav, sla, ticket, tickets };
