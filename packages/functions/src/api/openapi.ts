import { AppError } from "@dotmac/core/platform/errors";
import { validationError } from "@dotmac/core/platform/fn";
import { z } from "@hono/zod-openapi";

/** Route validation failures become the same validation error core throws (→ 400 problem+json). */
export const openapiHook = (result: { success: boolean; error?: unknown }) => {
  if (!result.success) {
    if (result.error instanceof z.ZodError) throw validationError(result.error, "Request is invalid");
    throw new AppError("validation", "Request is invalid");
  }
};

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: "Problem", content: { "application/problem+json": { schema: ProblemSchema } } },
    ]),
  );
