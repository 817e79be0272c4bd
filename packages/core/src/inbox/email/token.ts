import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "../../platform/secrets";

/**
 * The reply token in our Reply-To (`support+c<token>@domain`): the conversation id in lowercase base32
 * (26 characters) and an 80-bit HMAC of it (16 characters), so a client that drops References still
 * threads, and nobody can aim mail at a conversation they were not written from. Lowercase only, because
 * some mail systems fold the local part's case.
 */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const PURPOSE = "inbox-reply-token";

function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return undefined;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(bytes);
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex");
const uuidOf = (bytes: Uint8Array) => {
  const hex = Buffer.from(bytes).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

async function mac(id: Uint8Array): Promise<string> {
  const digest = createHmac("sha256", await sessionSecret())
    .update(`${PURPOSE}.${Buffer.from(id).toString("hex")}`)
    .digest();
  return base32(digest.subarray(0, 10));
}

/** The token for a conversation (42 lowercase characters). */
export async function issue(conversationId: string): Promise<string> {
  const id = uuidBytes(conversationId);
  return `${base32(id)}${await mac(id)}`;
}

/** The conversation id a token was minted for, or undefined when it is not one of ours. */
export async function verify(token: string): Promise<string | undefined> {
  const text = token.toLowerCase();
  if (!/^[a-z2-7]{42}$/.test(text)) return undefined;
  const id = unbase32(text.slice(0, 26))?.subarray(0, 16);
  if (id?.length !== 16) return undefined;
  const expected = Buffer.from(await mac(id));
  const actual = Buffer.from(text.slice(26));
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? uuidOf(id) : undefined;
}

/** `support@x.test` + token → `support+c<token>@x.test` (the channel address with plus-addressing). */
export function replyAddress(channelAddress: string, token: string): string {
  const at = channelAddress.lastIndexOf("@");
  return `${channelAddress.slice(0, at)}+c${token}${channelAddress.slice(at)}`;
}

/** The token of a `local+c<token>@domain` address, if it has one; the base address either way. */
export function splitAddress(address: string): { base: string; token?: string } {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at < 1) return { base: lower };
  const local = lower.slice(0, at);
  const domain = lower.slice(at);
  const plus = local.indexOf("+");
  if (plus < 0) return { base: lower };
  const tag = local.slice(plus + 1);
  const base = `${local.slice(0, plus)}${domain}`;
  return tag.startsWith("c") ? { base, token: tag.slice(1) } : { base };
}
