import { useConfig } from "../../platform/config";
import { errorMessage, isAppError } from "../../platform/errors";
import { resolveSecret } from "../../platform/secrets";
import { classifyGraphError, type GraphErrorBody } from "./graph-errors";
import { type OutboundMessage, SendError } from "./port";

const TIMEOUT_MS = 15_000;

/** The channel's Graph token, from its secret (never stored in the database). A missing one fails the send. */
export async function graphToken(channel: OutboundMessage["channel"]): Promise<string> {
  if (!channel.accessTokenSecret) {
    throw new SendError(
      "fail",
      "token_missing",
      "This channel has no access token configured; reconnect it in the inbox settings",
    );
  }
  try {
    return await resolveSecret(channel.accessTokenSecret);
  } catch (error) {
    if (isAppError(error)) throw new SendError("fail", "token_missing", error.message);
    throw error;
  }
}

export function graphUrl(path: string, query?: Record<string, string>): string {
  const config = useConfig();
  const url = new URL(
    `${config.GRAPH_BASE_URL.replace(/\/+$/, "")}/${config.GRAPH_API_VERSION}/${path.replace(/^\/+/, "")}`,
  );
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * One Graph API call: JSON in, JSON out, errors classified (research §1.8). A network failure or a
 * timeout is a retry; a non-JSON answer is classified on its status alone.
 */
export async function graphFetch<T>(method: "GET" | "POST", url: string, token: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new SendError("retry", "network", `Graph API unreachable: ${errorMessage(error)}`);
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) throw classifyGraphError(res.status, parsed as GraphErrorBody | null, res.headers.get("retry-after"));
  if (parsed === null || typeof parsed !== "object") {
    throw new SendError("retry", "bad_response", `Graph API answered HTTP ${res.status} without JSON`);
  }
  return parsed as T;
}
