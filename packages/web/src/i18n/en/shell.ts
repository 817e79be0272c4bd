import { auth } from "./auth";
import { common } from "./common";
import { nav } from "./nav";
import { widgets } from "./widgets";

/**
 * The words the entry carries for every page: the frame, the kit, sign-in and the shell's widgets.
 * Every other area of the dictionary is its own chunk, fetched with the page that uses it.
 */
export const shell = { ...common, auth, nav, widgets };
