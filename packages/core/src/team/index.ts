/** The teams tickets are routed to: a managed list (settings) that ticket forms and filters pick from. */
export { assertLive, create, Info, list, remove, update } from "./verbs";
