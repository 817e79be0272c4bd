import { id } from "@dotmac/core/platform/input";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";

/** A JSON response of `schema`, for a route's `responses`. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** A required JSON request body of `schema`, for a route's `request.body`. */
export const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** The `{id}` path parameter of a resource: a UUID, refused with a 400 before any verb runs. */
export const IdParam = z.object({ id: id().openapi({ param: { name: "id", in: "path" } }) });

/**
 * A CSV download named `<name>-<date>.csv`. The stream's first page is awaited here, inside the
 * handler, so a failure before the first byte still reaches onError (problem+json, security headers).
 */
export async function csvDownload(c: Context, stream: Promise<ReadableStream<Uint8Array>>, name: string) {
  return c.body(await stream, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`,
    "cache-control": "no-store",
  });
}

/** A rendered PDF (a quote, a report) as a download: bytes made by core, never a file path. */
export function pdfDownload(c: Context, file: { filename: string; bytes: Uint8Array }) {
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
    "content-type": "application/pdf",
    "content-disposition": `attachment; filename="${file.filename.replace(/[^\w.-]/g, "_")}"`,
    "cache-control": "private, no-store",
  });
}
