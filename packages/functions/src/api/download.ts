import type { Context } from "hono";

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
