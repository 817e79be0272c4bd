import { join } from "node:path";
import { setBlobStore } from "@dotmac/core/platform/blob";
import { type LocalBlobStore, localBlobStore } from "@dotmac/core/platform/blob/local";
import { withActor } from "@dotmac/core/platform/context";
import * as Upload from "@dotmac/core/upload";
import { blobRoutes } from "@dotmac/functions/local/blob-routes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase, type TestDatabase } from "../support/db";

const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
  0, 0,
]);

let t: TestDatabase;
let store: LocalBlobStore;
let app: ReturnType<typeof blobRoutes>;
beforeAll(async () => {
  t = await setupTestDatabase();
  store = localBlobStore({
    root: join(t.dataDir, "blobs"),
    publicUrl: "http://localhost:3999",
    secret: "s".repeat(32),
  });
  setBlobStore(store);
  app = blobRoutes(store, 1024 * 1024);
});
afterAll(() => t.close());

const slot = (filename: string, contentType: string, size: number) =>
  withActor({ type: "system", properties: { job: "test" } }, () => Upload.createSlot({ filename, contentType, size }));

/** Posts the form as a browser would for an S3 presigned POST: policy fields first, file last. */
function post(url: string, fields: Record<string, string>, file: Uint8Array, name = "file.png") {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([Buffer.from(file)]), name);
  return app.request(url, { method: "POST", body: form });
}

describe("local blob routes (the one-machine stand-in for S3 presigned POST and GET)", () => {
  it("an upload through a signed slot is stored, scanned from its bytes, and downloadable by a signed link", async () => {
    const s = await slot("router photo.png", "image/png", PNG.byteLength);
    const res = await post(s.url, s.fields, PNG);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: "accepted", detectedType: "image/png" });

    const link = await Upload.downloadUrl(s.id);
    const download = await app.request(link);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toMatch(/^inline; filename="router photo.png"/);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);
  });

  it("refuses a form whose policy fields were changed (another key, a bigger size, another type)", async () => {
    const s = await slot("a.png", "image/png", PNG.byteLength);
    for (const change of <Record<string, string>[]>[
      { key: "uploads/2026-11/someone-elses" },
      { "x-max-bytes": "999999999" },
      { "Content-Type": "text/html" },
      { "x-signature": "forged" },
    ]) {
      const res = await post(s.url, { ...s.fields, ...change }, PNG);
      expect(res.status, JSON.stringify(change)).toBe(403);
    }
  });

  it("refuses an expired slot and a file larger than the slot", async () => {
    const expired = await store.createUpload({
      key: "uploads/2026-11/expired",
      contentType: "image/png",
      maxBytes: 100,
      expiresInSeconds: -1,
    });
    expect((await post(expired.url, expired.fields, PNG)).status).toBe(403);
    const small = await slot("b.png", "image/png", 8);
    expect((await post(small.url, small.fields, PNG)).status).toBe(413);
  });

  it("HTML uploaded as a PNG is rejected by the scan and never downloadable", async () => {
    const html = new TextEncoder().encode("<html><script>alert(document.cookie)</script></html>");
    const s = await slot("c.png", "image/png", html.byteLength);
    const res = await post(s.url, s.fields, html);
    expect(await res.json()).toMatchObject({ status: "rejected" });
    await expect(Upload.downloadUrl(s.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("a download link that was tampered with or has expired is refused", async () => {
    const s = await slot("d.png", "image/png", PNG.byteLength);
    await post(s.url, s.fields, PNG);
    const link = new URL(await Upload.downloadUrl(s.id));
    link.searchParams.set("disposition", "inline; filename=evil.html");
    expect((await app.request(link.toString())).status).toBe(403);
    const old = await store.downloadUrl(s.fields.key as string, {
      filename: "d.png",
      contentType: "image/png",
      inline: false,
      expiresInSeconds: -1,
    });
    expect((await app.request(old)).status).toBe(403);
  });
});
