import { splitAddress } from "../../inbox/email/token";
import type { ParsedEmail } from "./mime";

/** "Why it landed here", stored on the message with the value that matched. */
export const threadMatches = ["in_reply_to", "references", "reply_token", "subject", "new"] as const;
export type ThreadMatch = (typeof threadMatches)[number];

/** A conversation updated within this long is one a same-subject mail from the same sender continues. */
export const SUBJECT_WINDOW_MS = 7 * 24 * 3600 * 1000;

// Reply/forward prefixes in the languages our customers' clients use, with counters (RE[2]:, Re^2:) and
// our own ticket tags; repeated runs ("Re: Fwd: RE:") are stripped together.
const PREFIX =
  /^\s*(?:(?:re|fwd?|fw|aw|wg|sv|vs|antw|r[ée]f|tr|rv|odp|res|enc)\s*(?:\[\d+\]|\^\d+|\(\d+\))?\s*[:：]|\[#?[a-z]{2,6}-\d{4}-\d{3,}\])\s*/i;

/** Subject compared for threading: prefixes and our ticket tags gone, whitespace collapsed, case folded. */
export function normaliseSubject(subject: string | null | undefined): string {
  let text = (subject ?? "").normalize("NFKC");
  for (let previous = ""; previous !== text; ) {
    previous = text;
    text = text.replace(PREFIX, "");
  }
  return text
    .replace(/\[#?[a-z]{2,6}-\d{4}-\d{3,}\]/gi, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLocaleLowerCase("en");
}

/**
 * Message-ids to look up, in the order they decide: In-Reply-To, then References from the newest
 * (last) to the oldest.
 */
export function threadIds(email: Pick<ParsedEmail, "inReplyTo" | "references">): { match: ThreadMatch; id: string }[] {
  const out: { match: ThreadMatch; id: string }[] = [];
  if (email.inReplyTo) out.push({ match: "in_reply_to", id: email.inReplyTo });
  for (const id of [...email.references].reverse()) {
    if (id !== email.inReplyTo) out.push({ match: "references", id });
  }
  return out;
}

/**
 * Reply tokens on addresses of `channelAddress`, envelope recipients first (they survive Bcc and
 * forwarding), then To, Cc, Delivered-To and X-Original-To.
 */
export function replyTokens(
  email: Pick<ParsedEmail, "to" | "cc" | "deliveredTo">,
  envelopeRecipients: string[],
  channelAddress: string,
): { token: string; address: string }[] {
  const base = channelAddress.toLowerCase();
  const candidates = [
    ...envelopeRecipients,
    ...email.to.map((a) => a.address),
    ...email.cc.map((a) => a.address),
    ...email.deliveredTo,
  ];
  const seen = new Set<string>();
  const out: { token: string; address: string }[] = [];
  for (const address of candidates) {
    const split = splitAddress(address);
    if (split.base !== base || !split.token || seen.has(split.token)) continue;
    seen.add(split.token);
    out.push({ token: split.token, address: address.toLowerCase() });
  }
  return out;
}

/** The channel addresses a message was sent to (plus-tags removed), envelope first. */
export function recipientBases(
  email: Pick<ParsedEmail, "to" | "cc" | "deliveredTo">,
  envelopeRecipients: string[],
): string[] {
  const all = [
    ...envelopeRecipients,
    ...email.deliveredTo,
    ...email.to.map((a) => a.address),
    ...email.cc.map((a) => a.address),
  ];
  return [...new Set(all.map((a) => splitAddress(a).base))];
}
