import type { shell as en } from "../en/shell";
import { auth } from "./auth";
import { common } from "./common";
import { nav } from "./nav";
import { widgets } from "./widgets";

export const shell: typeof en = { ...common, auth, nav, widgets };
