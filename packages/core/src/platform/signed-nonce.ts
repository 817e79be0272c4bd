import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "./secrets";

/**
 * Tokens of the form `nonce.mac`, where mac = HMAC(session secret, "<purpose>.<subject>.<nonce>"): a
 * token minted for another subject or purpose, or without the key, does not verify. The purpose keeps
 * each use (CSRF, trusted devices) apart from the others and from the session JWTs the secret signs.
 */
export function signedNonce(purpose: string) {
  const mac = async (subject: string, nonce: string) =>
    createHmac("sha256", await sessionSecret())
      .update(`${purpose}.${subject}.${nonce}`)
      .digest("base64url");
  return {
    async issue(subject: string): Promise<string> {
      const nonce = randomBytes(18).toString("base64url");
      return `${nonce}.${await mac(subject, nonce)}`;
    },
    /** The token's nonce when it was minted for `subject`, else undefined. */
    async verify(token: unknown, subject: string): Promise<string | undefined> {
      if (typeof token !== "string" || token.length > 200) return undefined;
      const [nonce, signature, extra] = token.split(".");
      if (!nonce || !signature || extra !== undefined) return undefined;
      const expected = Buffer.from(await mac(subject, nonce));
      const actual = Buffer.from(signature);
      return actual.length === expected.length && timingSafeEqual(actual, expected) ? nonce : undefined;
    },
  };
}
