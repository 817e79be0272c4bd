import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";

/** Dispatch domain events: the board's live updates and the technician's notifications hang off these. */
export const Events = {
  /** A job was booked, moved or taken off the schedule (`technicianUserId` null). */
  AppointmentSet: defineEvent(
    "dispatch.appointment_set",
    z.object({
      workOrderId: z.uuid(),
      technicianUserId: z.nullable(z.uuid()),
      previousTechnicianUserId: z.nullable(z.uuid()),
      start: z.nullable(z.string()),
      end: z.nullable(z.string()),
    }),
  ),
  /** A technician's position arrived (the newest of a batch), for the board's map. */
  PositionReported: defineEvent(
    "dispatch.position_reported",
    z.object({ userId: z.uuid(), latitude: z.number(), longitude: z.number(), recordedAt: z.string() }),
  ),
};
