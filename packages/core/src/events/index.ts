import * as z from "zod/mini";

export { dispatch } from "./dispatch";
export { subscribers } from "./subscribers";

/** The outbox envelope as it arrives from EventBridge. */
export const Envelope = z.object({
  id: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  occurredAt: z.string(),
  payload: z.unknown(),
});
