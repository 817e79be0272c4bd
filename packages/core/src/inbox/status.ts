import { AppError } from "../platform/errors";
import type { ConversationStatus } from "./inbox.sql";

/**
 * v1's conversation transitions (`status_flow.py`): `resolved` is terminal (the customer's next message
 * opens a new conversation), `resolved_to_ticket` can only be reopened.
 */
export const transitions: Record<ConversationStatus, readonly ConversationStatus[]> = {
  open: ["pending", "snoozed", "resolved_to_ticket", "resolved"],
  pending: ["open", "snoozed", "resolved_to_ticket", "resolved"],
  snoozed: ["open", "pending", "resolved_to_ticket", "resolved"],
  resolved_to_ticket: ["open"],
  resolved: [],
};

export function canMove(from: ConversationStatus, to: ConversationStatus): boolean {
  return from === to || transitions[from].includes(to);
}

/** Refuses a move the table does not allow, saying where the conversation can go instead. */
export function assertMove(from: ConversationStatus, to: ConversationStatus): void {
  if (canMove(from, to)) return;
  const allowed = transitions[from];
  throw new AppError(
    "conflict",
    allowed.length
      ? `A conversation cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.join(", ")}`
      : `A ${from} conversation is finished; the customer's next message opens a new one`,
    [],
    { reason: { key: "conversation_transition", params: { from, to } } },
  );
}
