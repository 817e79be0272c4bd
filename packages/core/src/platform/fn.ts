import type { z } from "zod";
import type { $ZodError } from "zod/v4/core";
import { AppError } from "./errors";
import { findUnstorable, toStorable, UNSTORABLE_MESSAGE } from "./storable";

/** Turns zod issues into the details of a validation error, so every 4xx says which field to fix. */
export function validationError(error: $ZodError, prefix = "Invalid input"): AppError {
  const details = error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
  const summary = details.map((d) => `${d.path}: ${d.message}`).join("; ");
  return new AppError("validation", `${prefix}: ${summary}`, details);
}

/** The validation error for a string no column can store, wherever it sits in the input. */
export function unstorableError(at: string): AppError {
  // The path holds the caller's keys, which may be the unstorable part themselves.
  const path = toStorable(at, 200);
  return new AppError("validation", `Invalid input: ${path}: ${UNSTORABLE_MESSAGE}`, [
    { path, message: UNSTORABLE_MESSAGE },
  ]);
}

/**
 * A public domain verb: parses its input with `schema` and carries it for transport to reuse. Any
 * string in the input that Postgres could not store (NUL, a lone surrogate) is refused first, whatever
 * the schema says, so no entry point (HTTP, queue, job, event) can carry one to SQL.
 */
export function fn<Schema extends z.ZodType, Result>(
  schema: Schema,
  impl: (input: z.output<Schema>) => Result,
): ((input: z.input<Schema>) => Result) & { schema: Schema } {
  const verb = (input: z.input<Schema>) => {
    const unstorable = findUnstorable(input);
    if (unstorable) throw unstorableError(unstorable);
    const parsed = schema.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error);
    return impl(parsed.data);
  };
  verb.schema = schema;
  return verb;
}
