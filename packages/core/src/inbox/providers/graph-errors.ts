import { SendError } from "./port";

/** The body Meta's Graph API answers on an error (research §1.8). */
export interface GraphErrorBody {
  error?: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    error_data?: { messaging_product?: string; details?: string } | string;
    fbtrace_id?: string;
  };
}

const RATE_LIMITED = new Set([130429, 131056, 4, 613, 80007, 32, 17]);
const TRANSIENT = new Set([131000, 1, 2, 131052, 131053, 133004]);
/** Seconds Meta's limits typically need: the pair limit is ~1 message per 6 s; app/WABA limits are minutes. */
const DELAY: Record<number, number> = { 131056: 6, 4: 60, 80007: 60, 613: 60, 32: 60, 17: 60, 130429: 5 };

function details(body: GraphErrorBody): string | undefined {
  const data = body.error?.error_data;
  return typeof data === "string" ? data : data?.details;
}

/**
 * One Graph API error answer, classified once for WhatsApp, Messenger and Instagram (Meta: build logic
 * on `code` and `error_data.details`, never on titles). Rate limits and server trouble are retried,
 * with the provider's Retry-After as a floor; the window errors (131047, Messenger/Instagram code 10
 * "outside of allowed window") fail the message and close the conversation's window; anything else
 * (invalid recipient, template errors, invalid parameter, bad token) fails with the code to show.
 */
export function classifyGraphError(
  status: number,
  body: GraphErrorBody | null,
  retryAfterHeader?: string | null,
): SendError {
  const code = body?.error?.code;
  const message = body?.error?.message ?? `Graph API answered HTTP ${status}`;
  const detail = details(body ?? {});
  const text = detail ? `${message}: ${detail}` : message;
  const retryAfter = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
  if (code === 131047) return new SendError("fail", "template_required", text, undefined, true);
  if (code === 10 && /outside of allowed window|outside the allowed window/i.test(message)) {
    return new SendError("fail", "window_closed", text, undefined, true);
  }
  if (code === 10 && body?.error?.error_subcode === 2018278) {
    return new SendError("fail", "window_closed", text, undefined, true);
  }
  if (code !== undefined && RATE_LIMITED.has(code)) {
    return new SendError("retry", "rate_limited", text, retryAfter ?? DELAY[code]);
  }
  if (status === 429) return new SendError("retry", "rate_limited", text, retryAfter);
  if ((code !== undefined && TRANSIENT.has(code)) || status >= 500) {
    return new SendError("retry", code !== undefined ? String(code) : `http_${status}`, text, retryAfter);
  }
  if (code === 190 || status === 401) return new SendError("fail", "token_invalid", text);
  return new SendError("fail", code !== undefined ? String(code) : `http_${status}`, text);
}
