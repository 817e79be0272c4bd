import { signedNonce } from "./signed-nonce";

const csrf = signedNonce("csrf.v1");

/**
 * A signed double-submit token for `subject` (the session's user id): `nonce.mac`. The portal reads it
 * from a non-HttpOnly cookie and echoes it in `x-csrf-token`; a token minted for another user, or
 * forged without the key, does not verify.
 */
export const issue = (subject: string): Promise<string> => csrf.issue(subject);

export async function verify(token: unknown, subject: string): Promise<boolean> {
  return (await csrf.verify(token, subject)) !== undefined;
}
