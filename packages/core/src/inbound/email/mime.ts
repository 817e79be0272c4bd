import type { AddressObject, HeaderValue, ParsedMail } from "mailparser";
import { AppError } from "../../platform/errors";

/** Raw messages above this are refused before parsing: mailparser holds every attachment in memory. */
export const MAX_RAW_BYTES = 30 * 1024 * 1024;

export interface Address {
  address: string;
  name: string;
}

export interface EmailAttachment {
  filename: string | null;
  contentType: string;
  /** Content-ID without brackets, for `cid:` references in the HTML. */
  cid: string | null;
  /** Shown inside the HTML (multipart/related) rather than listed as a file. */
  inline: boolean;
  content: Buffer;
}

/** The fields of one email the channel reads, normalised: ids without brackets, addresses lowercased. */
export interface ParsedEmail {
  messageId: string | null;
  inReplyTo: string | null;
  /** Oldest first, as in the header. */
  references: string[];
  from: Address | null;
  to: Address[];
  cc: Address[];
  /** Delivered-To / X-Original-To: where the message was addressed when the envelope is not known. */
  deliveredTo: string[];
  subject: string;
  date: Date | null;
  text: string;
  html: string | null;
  /** Lowercase header name → first value as text (structured values flattened). */
  headers: Record<string, string>;
  contentType: { value: string; params: Record<string, string> };
  attachments: EmailAttachment[];
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, "").trim();

/** Every `<id>` in a header value (References may be folded, comma separated or odd). */
export function messageIds(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(" ") : value;
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] as string);
  if (bracketed.length) return bracketed;
  return text
    .split(/[\s,]+/)
    .map(bare)
    .filter(Boolean);
}

function addresses(value: AddressObject | AddressObject[] | undefined): Address[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: Address[] = [];
  const visit = (entries: AddressObject["value"]) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address) out.push({ address: entry.address.trim().toLowerCase(), name: entry.name?.trim() ?? "" });
    }
  };
  for (const item of list) visit(item.value);
  return out;
}

/**
 * The parts of a top-level multipart/report (RFC 6522) as they are: mailparser folds a
 * message/delivery-status part into the text body, and the report's fields are what a bounce means.
 */
function reportParts(raw: Buffer, boundary: string | undefined): EmailAttachment[] {
  if (!boundary) return [];
  const text = raw.toString("latin1");
  const parts = text.split(`--${boundary}`).slice(1);
  const out: EmailAttachment[] = [];
  for (const part of parts) {
    if (part.startsWith("--")) break;
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const head = part.slice(0, split.index).replace(/\r?\n[ \t]+/g, " ");
    const type = /^content-type:\s*([^;\s]+)/im.exec(head)?.[1]?.toLowerCase();
    if (!type || !/^(message|text)\/(global-)?(delivery-status|disposition-notification|rfc822-headers)$/.test(type))
      continue;
    let body = Buffer.from(part.slice(split.index + split[0].length), "latin1");
    if (/^content-transfer-encoding:\s*base64/im.test(head)) body = Buffer.from(body.toString("latin1"), "base64");
    out.push({ filename: null, contentType: type, cid: null, inline: false, content: body });
  }
  return out;
}

function contentTypeOf(value: HeaderValue | undefined): ParsedEmail["contentType"] {
  if (value && typeof value === "object" && "value" in value && typeof value.value === "string") {
    const params = "params" in value && value.params ? (value.params as Record<string, string>) : {};
    return {
      value: value.value.toLowerCase(),
      params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toLowerCase(), String(v)])),
    };
  }
  return { value: typeof value === "string" ? value.toLowerCase() : "text/plain", params: {} };
}

/**
 * Parses raw MIME with mailparser (loaded on first use: only the inbound consumer pays for it). Refuses
 * a message over `maxBytes` before reading it; charsets, quoted-printable and base64 are decoded by
 * mailparser; `cid:` links are kept as they are (the sanitiser rewrites them to our attachment URLs).
 */
export async function parseEmail(raw: Uint8Array, maxBytes = MAX_RAW_BYTES): Promise<ParsedEmail> {
  if (raw.byteLength > maxBytes) {
    throw new AppError("payload_too_large", `Email is ${raw.byteLength} bytes, more than the ${maxBytes} accepted`);
  }
  const { simpleParser } = await import("mailparser");
  const mail: ParsedMail = await simpleParser(Buffer.from(raw), {
    keepCidLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  // Raw, unfolded header values: mailparser merges List-* into one structured `list` entry.
  const headers: Record<string, string> = {};
  for (const { key, line } of mail.headerLines) {
    headers[key.toLowerCase()] ??= line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
  }
  const contentType = contentTypeOf(mail.headers.get("content-type"));
  const buffer = Buffer.from(raw);
  const reports = contentType.value === "multipart/report" ? reportParts(buffer, contentType.params.boundary) : [];
  const delivered = ["delivered-to", "x-original-to"].flatMap((name) =>
    mail.headerLines
      .filter((l) => l.key === name)
      .map((l) =>
        l.line
          .slice(l.line.indexOf(":") + 1)
          .trim()
          .replace(/^<|>$/g, "")
          .toLowerCase(),
      ),
  );
  const references = messageIds(mail.references);
  return {
    messageId: mail.messageId ? bare(mail.messageId) : null,
    inReplyTo: messageIds(mail.inReplyTo)[0] ?? null,
    references,
    from: addresses(mail.from)[0] ?? null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    deliveredTo: delivered,
    subject: (mail.subject ?? "").trim(),
    date: mail.date ?? null,
    text: mail.text ?? "",
    html: typeof mail.html === "string" && mail.html.trim() ? mail.html : null,
    headers,
    contentType,
    attachments: [
      ...reports,
      ...mail.attachments
        .filter((a) => !reports.some((r) => r.contentType === a.contentType.toLowerCase()))
        .map((a) => ({
          filename: a.filename ?? null,
          contentType: (a.contentType ?? "application/octet-stream").toLowerCase(),
          cid: a.cid ? bare(a.cid) : null,
          inline: Boolean(a.related) || a.contentDisposition === "inline",
          content: a.content,
        })),
    ],
  };
}
