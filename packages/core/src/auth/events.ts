import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";

/** Auth domain events. They carry ids only: never an email address. */
export const Events = {
  /** A reset or sign-in link was asked for; the subscriber decides whether an account gets mail. */
  RecoveryRequested: defineEvent("auth.recovery.requested", z.object({ requestId: z.uuid() })),
};
