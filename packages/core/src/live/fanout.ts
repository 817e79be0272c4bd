import type { output } from "zod/v4/core";
import type { Events } from "../inbox/events";
import { useTransaction } from "../platform/db";
import { conversationTopic, type LiveEvent } from "./protocol";
import { type Delivery, deliver } from "./recipients";

type Payload<K extends keyof typeof Events> = output<(typeof Events)[K]["schema"]>;

/**
 * Fan-out of inbox events to live connections: the conversation's own topic gets the event, the
 * `inbox` topic an `inbox_updated` hint; every recipient is re-checked against the access rule as
 * themselves (an event subscriber runs as the system, which sees everything).
 */
function fan(conversationId: string, specific: LiveEvent, reason: string, version?: number): Promise<Delivery> {
  const topic = conversationTopic(conversationId);
  const inbox: LiveEvent = {
    event: "inbox_updated",
    topic: "inbox",
    data: { conversationId, reason, ...(version === undefined ? {} : { version }) },
  };
  return useTransaction((tx) =>
    deliver(
      tx,
      new Map([
        [topic, specific],
        ["inbox", inbox],
      ]),
      { conversationId },
    ),
  );
}

export function onConversationCreated(p: Payload<"ConversationCreated">) {
  const topic = conversationTopic(p.conversationId);
  return fan(
    p.conversationId,
    { event: "conversation_updated", topic, data: { conversationId: p.conversationId, changes: ["created"] } },
    "conversation_created",
  );
}

export function onConversationUpdated(p: Payload<"ConversationUpdated">) {
  const topic = conversationTopic(p.conversationId);
  return fan(
    p.conversationId,
    {
      event: "conversation_updated",
      topic,
      data: { conversationId: p.conversationId, version: p.version, changes: p.changes, status: p.status },
    },
    "conversation_updated",
    p.version,
  );
}

function messageNew(conversationId: string, messageId: string, kind: "inbound" | "outbound" | "note") {
  const topic = conversationTopic(conversationId);
  return fan(conversationId, { event: "message_new", topic, data: { conversationId, messageId, kind } }, "message_new");
}

export const onMessageReceived = (p: Payload<"MessageReceived">) =>
  messageNew(p.conversationId, p.messageId, "inbound");
export const onMessageQueued = (p: Payload<"MessageQueued">) => messageNew(p.conversationId, p.messageId, "outbound");
export const onNoteAdded = (p: Payload<"NoteAdded">) => messageNew(p.conversationId, p.messageId, "note");

export function onMessageStatusChanged(p: Payload<"MessageStatusChanged">) {
  const topic = conversationTopic(p.conversationId);
  return fan(
    p.conversationId,
    {
      event: "message_status",
      topic,
      data: { conversationId: p.conversationId, messageId: p.messageId, status: p.status },
    },
    "message_status",
  );
}

/**
 * Work-order and dispatch changes to the open dispatch boards: a `dispatch_updated` hint on the
 * `dispatch` topic (ids only; the board refetches through the API), heard only by staff who may dispatch.
 */
export function onWorkOrderChanged(workOrderId: string, reason: string): Promise<Delivery> {
  const frame: LiveEvent = { event: "dispatch_updated", topic: "dispatch", data: { workOrderId, reason } };
  return useTransaction((tx) => deliver(tx, new Map([["dispatch", frame]])));
}
