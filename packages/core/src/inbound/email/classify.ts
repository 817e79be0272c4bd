import type { ParsedEmail } from "./mime";

export const emailClasses = ["human", "auto_reply", "bounce", "list", "read_receipt"] as const;
export type EmailClass = (typeof emailClasses)[number];

export interface Classification {
  class: EmailClass;
  /** The header (and value) that decided, for the thread's "why" and for support. */
  reason: string;
}

/** What a delivery status notification says about our message (RFC 3464). */
export interface DeliveryReport {
  /** Message-ID (no brackets) of the message the report is about, when the report quotes it. */
  originalMessageId: string | null;
  action: string | null;
  /** Enhanced status code, e.g. 5.1.1. */
  status: string | null;
  recipient: string | null;
  diagnostic: string | null;
}

/** What a read receipt says (RFC 8098). */
export interface DispositionReport {
  originalMessageId: string | null;
  disposition: string | null;
}

const header = (email: Pick<ParsedEmail, "headers">, name: string) => email.headers[name]?.trim();

/** Header fields of a message/delivery-status or disposition part: "Name: value" lines, folded lines joined. */
export function reportFields(text: string): Record<string, string>[] {
  const groups: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    if (line.trim() === "") {
      if (Object.keys(current).length) groups.push(current);
      current = {};
      last = undefined;
      continue;
    }
    if (/^[ \t]/.test(line) && last) {
      current[last] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon < 1) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    current[last] = line.slice(colon + 1).trim();
  }
  if (Object.keys(current).length) groups.push(current);
  return groups;
}

/** The Message-ID of a quoted original (message/rfc822 or text/rfc822-headers part). */
function quotedMessageId(email: Pick<ParsedEmail, "attachments">): string | null {
  for (const part of email.attachments) {
    if (!/^(message\/(rfc822|global)|text\/rfc822-headers|message\/global-headers)$/.test(part.contentType)) continue;
    const head = part.content.toString("utf8").split(/\r?\n\r?\n/)[0] ?? "";
    const match = /^message-id:\s*<?([^<>\s]+)>?/im.exec(head.replace(/\r?\n[ \t]+/g, " "));
    if (match?.[1]) return match[1];
  }
  return null;
}

const typeParam = (value: string | undefined) => (value ?? "").split(";")[0]?.trim().toLowerCase();
const valueAfterType = (value: string | undefined) => {
  if (!value) return null;
  const semi = value.indexOf(";");
  return (semi >= 0 ? value.slice(semi + 1) : value).trim() || null;
};
const stripId = (value: string | undefined) => (value ? value.trim().replace(/^<|>$/g, "") : null);

/** The DSN's first per-recipient group, with the original's Message-ID from the quoted part. */
export function deliveryReport(email: Pick<ParsedEmail, "attachments" | "headers" | "inReplyTo">): DeliveryReport {
  const part = email.attachments.find((a) => /^message\/(global-)?delivery-status$/.test(a.contentType));
  const groups = part ? reportFields(part.content.toString("utf8")) : [];
  const recipient = groups.find((g) => g["final-recipient"] || g.action) ?? {};
  return {
    originalMessageId: quotedMessageId(email) ?? email.inReplyTo ?? null,
    action: recipient.action?.toLowerCase() ?? null,
    status: recipient.status ?? null,
    recipient: valueAfterType(recipient["final-recipient"] ?? recipient["original-recipient"]),
    diagnostic: valueAfterType(recipient["diagnostic-code"]),
  };
}

export function dispositionReport(email: Pick<ParsedEmail, "attachments" | "inReplyTo">): DispositionReport {
  const part = email.attachments.find((a) => /^message\/(global-)?disposition-notification$/.test(a.contentType));
  const fields = part ? (reportFields(part.content.toString("utf8"))[0] ?? {}) : {};
  return {
    originalMessageId:
      stripId(fields["original-message-id"]) ?? email.inReplyTo ?? quotedMessageId(email as ParsedEmail),
    disposition: fields.disposition ?? null,
  };
}

const AUTO_RESPONSE_SUPPRESS = /\b(all|oof|autoreply|dr|ndr|rn|nrn)\b/i;
const VACATION_MAILERS = /vacation|autorespond|auto-?reply|out of office/i;
const BOUNCE_SENDER = /^(mailer-daemon|postmaster)@/i;

/**
 * human | auto_reply | bounce | list | read_receipt, from the headers automatic mail is required or
 * known to carry (RFC 3834, 3464, 8098, 2369/2919 and the Exchange/X-Autoreply family). Subject words
 * ("Out of office") are never enough alone. Only `human` mail may ever be answered automatically.
 */
export function classify(email: Pick<ParsedEmail, "headers" | "contentType" | "from" | "attachments">): Classification {
  const reportType = email.contentType.params["report-type"]?.toLowerCase();
  if (email.contentType.value === "multipart/report" && reportType === "delivery-status")
    return { class: "bounce", reason: "Content-Type: multipart/report; report-type=delivery-status" };
  if (email.contentType.value === "multipart/report" && reportType === "disposition-notification")
    return { class: "read_receipt", reason: "Content-Type: multipart/report; report-type=disposition-notification" };
  if (email.attachments.some((a) => /^message\/(global-)?delivery-status$/.test(a.contentType)))
    return { class: "bounce", reason: "message/delivery-status part" };
  const failed = header(email, "x-failed-recipients");
  if (failed) return { class: "bounce", reason: `X-Failed-Recipients: ${failed}` };

  const autoSubmitted = header(email, "auto-submitted");
  if (autoSubmitted && typeParam(autoSubmitted) !== "no")
    return { class: "auto_reply", reason: `Auto-Submitted: ${autoSubmitted}` };
  for (const name of ["x-autoreply", "x-autorespond", "x-autoresponder", "x-autogenerated"]) {
    const value = header(email, name);
    if (value !== undefined && !/^(no|false|0)$/i.test(value))
      return { class: "auto_reply", reason: `${name}: ${value}` };
  }
  const suppress = header(email, "x-auto-response-suppress");
  if (suppress && AUTO_RESPONSE_SUPPRESS.test(suppress))
    return { class: "auto_reply", reason: `X-Auto-Response-Suppress: ${suppress}` };

  const precedence = (header(email, "precedence") ?? header(email, "x-precedence"))?.toLowerCase();
  if (precedence === "auto_reply") return { class: "auto_reply", reason: "Precedence: auto_reply" };
  for (const name of ["list-id", "list-unsubscribe", "list-post"]) {
    const value = header(email, name);
    if (value) return { class: "list", reason: `${name}: ${value}` };
  }
  if (precedence === "bulk" || precedence === "junk" || precedence === "list")
    return { class: "list", reason: `Precedence: ${precedence}` };

  const mailer = header(email, "x-mailer");
  if (mailer && VACATION_MAILERS.test(mailer)) return { class: "auto_reply", reason: `X-Mailer: ${mailer}` };
  const returnPath = header(email, "return-path");
  if (returnPath !== undefined && /^<?\s*>?$/.test(returnPath))
    return { class: "auto_reply", reason: "Return-Path: <> (null sender)" };
  if (email.from && BOUNCE_SENDER.test(email.from.address))
    return { class: "bounce", reason: `From: ${email.from.address}` };
  return { class: "human", reason: "no automatic-mail header" };
}
