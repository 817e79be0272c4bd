import type { z } from "zod";
import * as Auth from "../auth";
import * as Notification from "../notification";
import type { EventDefinition } from "../platform/outbox";
import * as Sla from "../sla/events";
import { Events as Ticket } from "../ticket/events";

interface SubscriberDef<S extends z.ZodType> {
  name: string;
  event: EventDefinition<string, S>;
  handle(eventId: string, payload: z.output<S>): Promise<void>;
}

function on<S extends z.ZodType>(def: SubscriberDef<S>): SubscriberDef<z.ZodType> {
  return def as unknown as SubscriberDef<z.ZodType>;
}

/** Every event subscriber. The `events` Lambda and the local bus both dispatch through this list. */
export const subscribers = [
  on({
    name: "auth.recovery-mail",
    event: Auth.Events.RecoveryRequested,
    handle: (_eventId, payload) => Auth.Recovery.fulfilRequest(payload.requestId),
  }),
  on({
    name: "notification.ticket-assigned",
    event: Ticket.Assigned,
    handle: (eventId, payload) => Notification.onAssigned(eventId, payload),
  }),
  on({
    name: "notification.ticket-commented",
    event: Ticket.Commented,
    handle: (eventId, payload) => Notification.onCommented(eventId, payload),
  }),
  on({
    name: "notification.ticket-resolved",
    event: Ticket.StatusChanged,
    handle: (eventId, payload) => Notification.onStatusChanged(eventId, payload),
  }),
  on({
    name: "notification.ticket-confirmation",
    event: Ticket.ConfirmationDecided,
    handle: (eventId, payload) => Notification.onConfirmationDecided(eventId, payload),
  }),
  on({
    name: "notification.sla-warning",
    event: Sla.Events.Warning,
    handle: (eventId, payload) => Notification.onSlaAlert(eventId, "sla_warning", payload),
  }),
  on({
    name: "notification.sla-breach",
    event: Sla.Events.Breached,
    handle: (eventId, payload) => Notification.onSlaAlert(eventId, "sla_breach", payload),
  }),
];
