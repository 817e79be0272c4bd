import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import { useConfig } from "../platform/config";

// OWASP's scrypt parameters: N=2^17, r=8, p=1 (128 MiB); config may raise N (tests lower it). Each
// hash stores its parameters, so they can grow without invalidating existing passwords.
const r = 8;
const p = 1;
const KEYLEN = 32;

function derive(password: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEYLEN, { N: n, r: rr, p: pp, maxmem: 256 * n * rr }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** A password someone chooses (sign-up, change, reset, invitation): 12 to 1024 characters. */
export const NewPassword = z.string().min(12, "must be at least 12 characters").max(1024);

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** useConfig().PASSWORD_SCRYPT_LOG_N;
  const key = await derive(password, salt, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !rr || !pp || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), Number(n), Number(rr), Number(pp));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password with the current parameters: checking a password against it costs
 * the same as against a real account's, so the time does not tell whether an email exists.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("base64"));
  return dummy;
}
