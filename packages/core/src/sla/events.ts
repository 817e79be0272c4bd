import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";
import { slaClocks } from "./values";

const Alert = z.object({
  ticketId: z.uuid(),
  clock: z.enum(slaClocks),
  cycle: z.int(),
  /** When the threshold was crossed, per the engine. */
  at: z.iso.datetime(),
  deadline: z.nullable(z.iso.datetime()),
});

/** Raised once per (ticket, clock, cycle) by the `sla.scan` job; notifications and the dashboard follow them. */
export const Events = {
  Warning: defineEvent("sla.warning", Alert),
  Breached: defineEvent("sla.breached", Alert),
};
