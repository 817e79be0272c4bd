import { LOCAL_DOWNLOAD_PATH, LOCAL_UPLOAD_PATH, type LocalBlobStore } from "@dotmac/core/platform/blob/local";
import * as Upload from "@dotmac/core/upload";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../api/base";
import { problem } from "../api/problem";

/**
 * The local stand-in for S3's presigned POST and GET: every request must carry a valid, unexpired
 * HMAC over its policy. After an upload lands, the same scan the `scan` Lambda runs is called.
 */
export function blobRoutes(store: LocalBlobStore, maxBytes: number) {
  const app = new Hono<AppEnv>();
  app.post(
    LOCAL_UPLOAD_PATH,
    bodyLimit({
      maxSize: maxBytes + 64 * 1024,
      onError: (c) => problem(c, "payload_too_large", "Upload is too large"),
    }),
    async (c) => {
      // Like S3, the policy and its signature are form fields, so the body is parsed first; a body that is
      // not a well-formed multipart form is the caller's error (400/415), never a 500.
      if (!/^multipart\/form-data;\s*boundary=/i.test(c.req.header("content-type") ?? "")) {
        return problem(
          c,
          "unsupported_media_type",
          "Send the upload as multipart/form-data: the slot's fields, then `file`",
        );
      }
      const form = await c.req.parseBody().catch(() => undefined);
      if (!form)
        return problem(c, "validation", "The multipart body is malformed: send the slot's fields, then `file`");
      const fields = Object.fromEntries(
        Object.entries(form).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
      ) as Record<string, string>;
      const policy = store.verifyUpload(fields);
      if (typeof policy === "string") return problem(c, "forbidden", `Upload refused: ${policy}`);
      const file = form.file;
      if (!(file instanceof File)) return problem(c, "validation", "Form field `file` must be the uploaded file, last");
      if (file.size > policy.maxBytes || file.size === 0) {
        return problem(c, "payload_too_large", `File must be between 1 and ${policy.maxBytes} bytes`);
      }
      await store.put(policy.key, new Uint8Array(await file.arrayBuffer()), policy.contentType);
      const scan = await Upload.scan(policy.key);
      return c.json({ key: policy.key, ...scan }, 201);
    },
  );
  app.get(LOCAL_DOWNLOAD_PATH, async (c) => {
    const grant = store.verifyDownload(c.req.query());
    if (typeof grant === "string") return problem(c, "forbidden", `Download refused: ${grant}`);
    const body = await store.get(grant.key);
    return c.body(body, 200, {
      "content-type": grant.contentType,
      "content-disposition": grant.disposition,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });
  });
  return app;
}
