import { toStorable } from "./storable";

/** The closed set of failure kinds core can report; transport maps each to one HTTP status. */
export const errorCodes = [
  "validation",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "precondition_failed",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "unavailable",
  "internal",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * Why a change was refused, for a client to put in its own words (the message is English): a stable key
 * such as `transition_not_allowed` and its values (`from`, `to`). Only refusals a client lists to a
 * person (bulk changes) carry one; the code still decides the HTTP status.
 */
export interface ErrorReason {
  key: string;
  params?: Record<string, string>;
}

/** The one error type core throws. `message` is written for the caller: it says what to fix. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** For `rate_limited`: when the caller may try again (transport sends it as `Retry-After`). */
  readonly retryAfterSeconds: number | undefined;
  readonly reason: ErrorReason | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details: ErrorDetail[] = [],
    options?: { cause?: unknown; retryAfterSeconds?: number; reason?: ErrorReason },
  ) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.reason = options?.reason;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** The longest failure reason stored or logged; each cause gets at most `PART_MAX` of it. */
export const REASON_MAX = 4000;
const PART_MAX = 1000;

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && code ? `${error.message} [${code}]` : error.message;
  }
  try {
    return String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}

/**
 * The message of anything thrown, as bounded, storable text (no NUL, no lone surrogate): it is logged
 * and stored as a failure reason, and a driver's message may quote the very input that failed. Other
 * errors carry their causes (a query wrapper's driver error, its SQLSTATE); an AppError's message is
 * already written for its reader.
 */
export function errorMessage(error: unknown): string {
  const parts = [toStorable(describeError(error), PART_MAX)];
  let cause = error instanceof Error && !isAppError(error) ? error.cause : undefined;
  for (let depth = 0; cause !== undefined && cause !== null && depth < 3; depth++) {
    parts.push(toStorable(describeError(cause), PART_MAX));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return toStorable(parts.join(" ← caused by: "), REASON_MAX);
}

// Network failures of a socket that may well connect next time (node and undici codes).
const transientNetworkCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
// SQLSTATE: connection exception, insufficient resources, operator intervention, system error;
// serialization failure, deadlock, lock not available.
const transientSqlStateClasses = new Set(["08", "53", "57", "58"]);
const transientSqlStates = new Set(["40001", "40P01", "55P03"]);
// AWS SDK v3 error names for throttling and service-side trouble.
const transientAwsNames = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "ProvisionedThroughputExceededException",
  "SlowDown",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalError",
  "InternalFailure",
  "InternalServerError",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
]);
// pg and the Neon Pool report a lost or unobtainable connection with these messages and no code.
const lostConnection =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * Whether a failure may go away by itself, so retrying the same input can succeed: an explicit
 * allowlist (network errors, the SQLSTATEs above, AppError `unavailable`/`rate_limited`, AWS
 * throttling and 5xx). Anything else (validation, conflict, a data exception, a TypeError) cannot.
 */
export function isTransient(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== "object" || error === null) return false;
  if (isAppError(error)) return error.code === "unavailable" || error.code === "rate_limited";
  const e = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === "string") {
    if (transientNetworkCodes.has(e.code) || transientSqlStates.has(e.code)) return true;
    if (/^[0-9][0-9A-Z]{4}$/.test(e.code) && transientSqlStateClasses.has(e.code.slice(0, 2))) return true;
  }
  if (typeof e.name === "string" && transientAwsNames.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (e.$retryable || (typeof status === "number" && (status >= 500 || status === 429))) return true;
  if (typeof e.message === "string" && lostConnection.test(e.message)) return true;
  // A wrapped driver error (drizzle's query error), or every address of a refused connect (AggregateError).
  const nested = [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return nested.some((inner) => isTransient(inner, depth + 1));
}
