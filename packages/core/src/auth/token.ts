import { createHash, randomBytes } from "node:crypto";

/** A bearer secret (refresh token, emailed link): 32 random bytes, 43 base64url characters. */
export const newToken = () => randomBytes(32).toString("base64url");

/** How a bearer secret is stored: SHA-256 (256 random bits need no slow hash), base64url. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");
