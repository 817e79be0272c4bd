import type { $ZodType, output } from "zod/v4/core";
import { Events as AuthEvents } from "../auth/events";
import { Events as Inbox } from "../inbox/events";
import type { EventDefinition } from "../platform/outbox";
import * as Sla from "../sla/events";
import { Events as Ticket } from "../ticket/events";

// Handlers load their domain on first use, and only the event definitions (names and payload
// schemas) are imported here: an event pays for the domain that handles it, not for every domain
// with a subscriber, so the `events` function's cold start does not grow with each one added.
const auth = () => import("../auth");
const notification = () => import("../notification");
const inboxMedia = () => import("../inbox/media");

interface SubscriberDef<S extends $ZodType> {
  name: string;
  event: EventDefinition<string, S>;
  handle(eventId: string, payload: output<S>): Promise<void>;
}

function on<S extends $ZodType>(def: SubscriberDef<S>): SubscriberDef<$ZodType> {
  return def as unknown as SubscriberDef<$ZodType>;
}

/** Every event subscriber. The `events` Lambda and the local bus both dispatch through this list. */
export const subscribers = [
  on({
    name: "inbox.fetch-media",
    event: Inbox.MessageReceived,
    handle: async (_eventId, payload) => {
      if (payload.pendingMedia > 0) await (await inboxMedia()).fetchPending(payload.messageId);
    },
  }),
  on({
    name: "auth.recovery-mail",
    event: AuthEvents.RecoveryRequested,
    handle: async (_eventId, payload) => (await auth()).Recovery.fulfilRequest(payload.requestId),
  }),
  on({
    name: "notification.ticket-assigned",
    event: Ticket.Assigned,
    handle: async (eventId, payload) => (await notification()).onAssigned(eventId, payload),
  }),
  on({
    name: "notification.ticket-commented",
    event: Ticket.Commented,
    handle: async (eventId, payload) => (await notification()).onCommented(eventId, payload),
  }),
  on({
    name: "notification.inbox-mentioned",
    event: Inbox.NoteAdded,
    handle: async (eventId, payload) => (await notification()).onInboxNote(eventId, payload),
  }),
  on({
    name: "notification.ticket-resolved",
    event: Ticket.StatusChanged,
    handle: async (eventId, payload) => (await notification()).onStatusChanged(eventId, payload),
  }),
  on({
    name: "notification.ticket-confirmation",
    event: Ticket.ConfirmationDecided,
    handle: async (eventId, payload) => (await notification()).onConfirmationDecided(eventId, payload),
  }),
  on({
    name: "notification.sla-warning",
    event: Sla.Events.Warning,
    handle: async (eventId, payload) => (await notification()).onSlaAlert(eventId, "sla_warning", payload),
  }),
  on({
    name: "notification.sla-breach",
    event: Sla.Events.Breached,
    handle: async (eventId, payload) => (await notification()).onSlaAlert(eventId, "sla_breach", payload),
  }),
];
