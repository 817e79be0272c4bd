import type { Dictionary } from "..";
import { audit } from "./audit";
import { common } from "./common";
import { nav } from "./nav";
import { tickets } from "./tickets";

export const fr: Dictionary = { ...common, audit, nav, tickets };
