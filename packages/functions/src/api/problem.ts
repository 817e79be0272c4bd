import type { ErrorCode } from "@dotmac/core/platform/errors";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The one mapping from core's closed error codes to HTTP status. */
export const statusOf: Record<ErrorCode, ContentfulStatusCode> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const titles: Record<ErrorCode, string> = {
  validation: "Invalid request",
  unauthenticated: "Authentication required",
  forbidden: "Not allowed",
  not_found: "Not found",
  conflict: "Conflict",
  precondition_failed: "Precondition failed",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  rate_limited: "Too many requests",
  unavailable: "Service unavailable",
  internal: "Internal error",
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: { path: string; message: string }[];
}

/** An RFC 9457 problem+json response carrying the request id. */
export function problem(
  c: Context,
  code: ErrorCode,
  detail: string,
  errors?: { path: string; message: string }[],
): Response {
  const status = statusOf[code];
  const body: Problem = {
    type: `urn:dotmac:problem:${code}`,
    title: titles[code],
    status,
    detail,
    code,
    requestId: c.get("requestId") ?? "",
    ...(errors?.length ? { errors } : {}),
  };
  return c.body(JSON.stringify(body), status, { "content-type": "application/problem+json" });
}
