import * as z from "zod";

export { dispatch } from "./dispatch";
export { subscribers } from "./subscribers";

/** The outbox envelope as it arrives from EventBridge. */
export const Envelope = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  occurredAt: z.string(),
  payload: z.unknown(),
});
