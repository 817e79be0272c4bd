import * as z from "zod";

/** One clock as the SLA registry last stored it; the portal counts down to `deadline` itself. */
export const ClockSummary = z.object({
  state: z.enum(["running", "paused", "met", "breached"]),
  /** When the clock runs out if nothing changes; null while paused or stopped. */
  deadline: z.iso.datetime().nullable(),
  /** When the clock is (or was) "at risk": the policy's warning share of the target. */
  warningAt: z.iso.datetime().nullable(),
  breachedAt: z.iso.datetime().nullable(),
});
export type ClockSummary = z.infer<typeof ClockSummary>;

/** A ticket's two SLA clocks for lists and badges; null on a ticket when no policy applies. */
export const SlaSummary = z.object({
  firstResponse: ClockSummary,
  resolution: ClockSummary,
  /** How many times the ticket was reopened. */
  cycle: z.number().int(),
});
export type SlaSummary = z.infer<typeof SlaSummary>;
