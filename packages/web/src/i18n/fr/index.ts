import type { Dictionary } from "..";
import { audit } from "./audit";
import { auth } from "./auth";
import { common } from "./common";
import { customer } from "./customer";
import { nav } from "./nav";
import { sla } from "./sla";
import { slaClock } from "./sla-clock";
import { status } from "./status";
import { teams } from "./teams";
import { ticket } from "./ticket";
import { tickets } from "./tickets";
import { widgets } from "./widgets";

export const fr: Dictionary = {
  ...common,
  audit,
  auth,
  customer,
  nav,
  sla,
  slaClock,
  status,
  teams,
  ticket,
  tickets,
  widgets,
};
