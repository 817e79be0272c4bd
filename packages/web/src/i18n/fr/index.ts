import type { Dictionary } from "..";
import { audit } from "./audit";
import { common } from "./common";
import { customer } from "./customer";
import { nav } from "./nav";
import { sla } from "./sla";
import { ticket } from "./ticket";
import { tickets } from "./tickets";

export const fr: Dictionary = { ...common, audit, customer, nav, sla, ticket, tickets };
