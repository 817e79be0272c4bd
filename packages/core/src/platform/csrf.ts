import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "./secrets";

// Domain-separated from the session JWTs, which the same secret signs.
const mac = async (subject: string, nonce: string) =>
  createHmac("sha256", await sessionSecret())
    .update(`csrf.v1.${subject}.${nonce}`)
    .digest("base64url");

/**
 * A signed double-submit token for `subject` (the session's user id): `nonce.mac`. The portal reads it
 * from a non-HttpOnly cookie and echoes it in `x-csrf-token`; a token minted for another user, or
 * forged without the key, does not verify.
 */
export async function issue(subject: string): Promise<string> {
  const nonce = randomBytes(18).toString("base64url");
  return `${nonce}.${await mac(subject, nonce)}`;
}

export async function verify(token: unknown, subject: string): Promise<boolean> {
  if (typeof token !== "string" || token.length > 200) return false;
  const [nonce, signature, extra] = token.split(".");
  if (!nonce || !signature || extra !== undefined) return false;
  const expected = Buffer.from(await mac(subject, nonce));
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
