import { audit } from "./audit";
import { common } from "./common";
import { nav } from "./nav";
import { tickets } from "./tickets";

/** The English dictionary: the shape every other language fills. */
export const en = { ...common, audit, nav, tickets };
