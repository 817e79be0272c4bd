import { importPKCS8, SignJWT } from "jose";
import { errorMessage } from "../../platform/errors";
import type { PushMessage, PushResult, PushSender } from "./port";

/** The fields of a Google service-account key file that the OAuth exchange needs. */
export interface ServiceAccount {
  client_email: string;
  private_key: string;
  /** Where the signed assertion is exchanged for an access token (the key file names it). */
  token_uri: string;
}

export interface FcmOptions {
  projectId: string;
  /** https://fcm.googleapis.com on the internet; the local emulator in tests. */
  baseUrl: string;
  serviceAccount: ServiceAccount;
}

const SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
const TIMEOUT_MS = 10_000;

interface FcmErrorBody {
  error?: { status?: string; message?: string; details?: { "@type"?: string; errorCode?: string }[] };
}

/**
 * FCM HTTP v1: a service-account JWT (RS256) exchanged for an OAuth access token (cached until a minute
 * before it expires), then `POST {base}/v1/projects/{project}/messages:send`. `UNREGISTERED` (404) means
 * the token is dead; a 401 drops the cached access token and tries once more.
 */
export function fcmSender(options: FcmOptions): PushSender {
  let cached: { token: string; expiresAt: number } | undefined;
  const base = options.baseUrl.replace(/\/+$/, "");

  async function accessToken(): Promise<string> {
    if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
    const account = options.serviceAccount;
    const key = await importPKCS8(account.private_key, "RS256");
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setIssuer(account.client_email)
      .setSubject(account.client_email)
      .setAudience(account.token_uri)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key);
    const res = await fetch(account.token_uri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }).toString(),
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
    if (!res.ok || !body.access_token) throw new Error(`OAuth token exchange failed (${res.status})`);
    cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
    return cached.token;
  }

  async function post(token: string, message: PushMessage): Promise<Response> {
    return fetch(`${base}/v1/projects/${encodeURIComponent(options.projectId)}/messages:send`, {
      method: "POST",
      headers: { authorization: `Bearer ${await accessToken()}`, "content-type": "application/json" },
      body: JSON.stringify({
        message: {
          token,
          notification: { title: message.title, body: message.body },
          data: message.data,
          android: { priority: "high" },
        },
      }),
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  }

  return {
    name: "fcm",
    async send(token, message): Promise<PushResult> {
      try {
        let res = await post(token, message);
        if (res.status === 401) {
          cached = undefined;
          res = await post(token, message);
        }
        const body = (await res.json().catch(() => ({}))) as FcmErrorBody & { name?: string };
        if (res.ok) return { status: "sent", id: body.name ?? "" };
        const codes = (body.error?.details ?? []).map((d) => d.errorCode);
        if (codes.includes("UNREGISTERED")) return { status: "unregistered" };
        return {
          status: "failed",
          reason: `${res.status} ${body.error?.status ?? ""} ${body.error?.message ?? ""}`.trim(),
        };
      } catch (error) {
        return { status: "failed", reason: errorMessage(error) };
      }
    },
  };
}
