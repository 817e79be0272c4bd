import type { InboxChannelKind } from "../inbox.sql";

/** Messenger/Instagram: a human agent may answer with the `HUMAN_AGENT` tag up to 7 days after the customer. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600 * 1000;

export interface WindowState {
  kind: InboxChannelKind;
  /** End of the standard window (WhatsApp 24 h/72 h, Messenger/Instagram 24 h/7 d), from inbound messages. */
  windowExpiresAt: Date | null;
  /** The customer's last message: the Human Agent tag's 7 days count from it. */
  lastInboundAt: Date | null;
  /** The channel's settings say the page has Meta's Human Agent permission (`settings.humanAgentTag`). */
  humanAgentTag: boolean;
  template: boolean;
  now: Date;
}

/** How a message may go: free (inside the window or no window), tagged (Messenger/IG Human Agent), or not at all. */
export type WindowDecision =
  | { allowed: true; messagingType?: "RESPONSE" | "MESSAGE_TAG"; tag?: "HUMAN_AGENT" }
  | { allowed: false; reason: "template_required" | "window_closed" };

/**
 * The providers' customer-service windows (research §1.6, R4), decided once for the reply and again
 * for every send attempt: WhatsApp sends free text only while the window is open and approved
 * templates always; Messenger and Instagram answer inside 24 h, then up to 7 days only with the
 * `HUMAN_AGENT` tag when the page has that permission; email and the web widget have no window.
 */
export function decideWindow(s: WindowState): WindowDecision {
  const open = s.windowExpiresAt !== null && s.windowExpiresAt.getTime() > s.now.getTime();
  switch (s.kind) {
    case "whatsapp":
      if (s.template || open) return { allowed: true };
      return { allowed: false, reason: "template_required" };
    case "messenger":
    case "instagram": {
      if (open) return { allowed: true, messagingType: "RESPONSE" };
      const humanAgentOpen =
        s.humanAgentTag &&
        s.lastInboundAt !== null &&
        s.lastInboundAt.getTime() + HUMAN_AGENT_WINDOW_MS > s.now.getTime();
      if (humanAgentOpen) return { allowed: true, messagingType: "MESSAGE_TAG", tag: "HUMAN_AGENT" };
      return { allowed: false, reason: "window_closed" };
    }
    default:
      return { allowed: true };
  }
}

export function windowMessage(kind: InboxChannelKind, reason: "template_required" | "window_closed"): string {
  if (reason === "template_required") {
    return "WhatsApp's 24-hour window with this customer is closed: send an approved template (`template`) instead of free text";
  }
  return `The ${kind === "instagram" ? "Instagram" : "Messenger"} messaging window with this customer is closed (24 hours, or 7 days with the Human Agent tag); wait for the customer to write again`;
}
