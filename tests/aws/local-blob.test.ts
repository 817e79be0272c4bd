import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  LOCAL_DOWNLOAD_PATH,
  LOCAL_UPLOAD_PATH,
  type LocalBlobStore,
  localBlobStore,
} from "@dotmac/core/platform/blob/local";
import { assertSafeKey, contentDisposition } from "@dotmac/core/platform/blob/port";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The one-machine stand-in for S3: no emulator, just a folder and HMAC-signed URLs.
const PUBLIC_URL = "http://localhost:3000";
const SECRET = "local-signing-secret-for-tests";

let dir: string;
let blobs: LocalBlobStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dotmac-local-blob-"));
  blobs = localBlobStore({ root: join(dir, "blobs"), publicUrl: PUBLIC_URL, secret: SECRET });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const KEY = "attachments/2026/01/0190f5a2-7000-8000-a000-000000000001";

const downloadQuery = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe("local upload slots", () => {
  it("a slot posts to the local runtime and its signed fields verify back to the same policy", async () => {
    const slot = await blobs.createUpload({ key: KEY, contentType: "image/png", maxBytes: 1024 });

    expect(slot.url).toBe(`${PUBLIC_URL}${LOCAL_UPLOAD_PATH}`);
    expect(slot.fields).toMatchObject({ key: KEY, "Content-Type": "image/png", "x-max-bytes": "1024" });
    expect(blobs.verifyUpload(slot.fields)).toEqual({
      key: KEY,
      contentType: "image/png",
      maxBytes: 1024,
      expires: Number(slot.fields["x-expires"]),
    });
    expect(Date.parse(slot.expiresAt)).toBe(Number(slot.fields["x-expires"]) * 1000);
  });

  it.each([
    ["raises the size limit", { "x-max-bytes": "1073741824" }],
    ["changes the content type", { "Content-Type": "text/html" }],
    ["retargets the key", { key: "attachments/2026/01/someone-elses-file" }],
    ["extends the expiry", { "x-expires": "4102444800" }],
    ["drops the signature", { "x-signature": undefined }],
    ["forges the signature", { "x-signature": "AAAA" }],
  ])("a form that %s is refused", async (_, change) => {
    const slot = await blobs.createUpload({ key: KEY, contentType: "image/png", maxBytes: 1024 });

    expect(blobs.verifyUpload({ ...slot.fields, ...change })).toBe("signature does not match the policy");
  });

  it("a slot signed with another secret is refused", async () => {
    const other = localBlobStore({ root: join(dir, "other"), publicUrl: PUBLIC_URL, secret: "someone-else" });
    const slot = await other.createUpload({ key: KEY, contentType: "image/png", maxBytes: 1024 });

    expect(blobs.verifyUpload(slot.fields)).toBe("signature does not match the policy");
  });

  it("a slot used after it expires is refused, and one used just in time is not", async () => {
    const slot = await blobs.createUpload({ key: KEY, contentType: "image/png", maxBytes: 1024, expiresInSeconds: 60 });
    const expiresAt = Number(slot.fields["x-expires"]) * 1000;

    expect(blobs.verifyUpload(slot.fields, expiresAt)).toMatchObject({ key: KEY });
    expect(blobs.verifyUpload(slot.fields, expiresAt + 1)).toBe("upload URL has expired");
  });
});

describe("local download links", () => {
  it("a link verifies to an attachment grant with the stored name and type", async () => {
    const url = await blobs.downloadUrl(KEY, { filename: "subscribers.csv", contentType: "text/csv", inline: false });

    expect(url.startsWith(`${PUBLIC_URL}${LOCAL_DOWNLOAD_PATH}?`)).toBe(true);
    expect(blobs.verifyDownload(downloadQuery(url))).toMatchObject({
      key: KEY,
      filename: "subscribers.csv",
      contentType: "text/csv",
      disposition: contentDisposition("subscribers.csv", false),
    });
  });

  it("an inline link says inline", async () => {
    const url = await blobs.downloadUrl(KEY, { filename: "photo.png", contentType: "image/png", inline: true });

    expect(blobs.verifyDownload(downloadQuery(url))).toMatchObject({ disposition: expect.stringMatching(/^inline; /) });
  });

  it.each([
    ["switches an attachment to inline", { disposition: contentDisposition("subscribers.csv", true) }],
    ["serves it as HTML", { type: "text/html" }],
    ["points it at another key", { key: "attachments/2026/01/someone-elses-file" }],
    ["extends the expiry", { expires: "4102444800" }],
    ["drops the signature", { signature: undefined }],
  ])("a link that %s is refused", async (_, change) => {
    const url = await blobs.downloadUrl(KEY, { filename: "subscribers.csv", contentType: "text/csv", inline: false });

    expect(blobs.verifyDownload({ ...downloadQuery(url), ...change })).toBe("signature does not match");
  });

  it("a link used after it expires is refused", async () => {
    const url = await blobs.downloadUrl(KEY, {
      filename: "a.txt",
      contentType: "text/plain",
      inline: false,
      expiresInSeconds: 60,
    });
    const query = downloadQuery(url);
    const expiresAt = Number(query.expires) * 1000;

    expect(blobs.verifyDownload(query, expiresAt)).toMatchObject({ key: KEY });
    expect(blobs.verifyDownload(query, expiresAt + 1)).toBe("download URL has expired");
  });
});

describe("local files", () => {
  it("put, head, readHead, get and delete round-trip through the folder", async () => {
    const key = "attachments/2026/01/roundtrip";
    const body = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x25]);

    await blobs.put(key, body, "application/pdf");

    expect(await blobs.head(key)).toEqual({ size: 10 });
    expect(Buffer.from(await blobs.readHead(key, 5)).toString("latin1")).toBe("%PDF-");
    expect(await blobs.readHead(key, 4100)).toEqual(body);
    expect(await blobs.get(key)).toEqual(body);

    await blobs.delete(key);

    expect(await blobs.head(key)).toBeUndefined();
    await expect(blobs.delete(key)).resolves.toBeUndefined();
    await expect(blobs.get(key)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("a file that never arrived has no head", async () => {
    expect(await blobs.head("attachments/never-uploaded")).toBeUndefined();
  });
});

describe("path traversal", () => {
  const unsafe = [
    "../outside",
    "attachments/../../outside",
    "/etc/passwd",
    "./attachments",
    "a/./b",
    "a//b",
    "a/",
    "a\\..\\b",
    "%2e%2e/outside",
    "a\0b",
    "",
    `a${"b".repeat(512)}`,
  ];

  it.each(unsafe)("%j is refused by every operation and nothing is written outside the store", async (key) => {
    const refused = /Unsafe blob key/;

    await expect(blobs.createUpload({ key, contentType: "image/png", maxBytes: 10 })).rejects.toThrow(refused);
    await expect(blobs.downloadUrl(key, { filename: "x", contentType: "text/plain", inline: false })).rejects.toThrow(
      refused,
    );
    await expect(blobs.put(key, "pwned", "text/plain")).rejects.toThrow(refused);
    await expect(blobs.get(key)).rejects.toThrow(refused);
    await expect(blobs.head(key)).rejects.toThrow(refused);
    await expect(blobs.readHead(key, 8)).rejects.toThrow(refused);
    await expect(blobs.delete(key)).rejects.toThrow(refused);
    expect((await readdir(dir)).filter((name) => name !== "blobs")).toEqual([]);
  });

  it("server-generated keys pass", () => {
    expect(assertSafeKey(KEY)).toBe(KEY);
    expect(assertSafeKey("inbound/whatsapp/0190f5a2.json")).toBe("inbound/whatsapp/0190f5a2.json");
  });
});

describe("Content-Disposition", () => {
  it("quotes, backslashes and non-ASCII become _ in the fallback; filename* keeps the exact name", () => {
    expect(contentDisposition('a "b" \\c\\ café.pdf', false)).toBe(
      `attachment; filename="a _b_ _c_ caf_.pdf"; filename*=UTF-8''a%20%22b%22%20%5Cc%5C%20caf%C3%A9.pdf`,
    );
  });

  it("a CR/LF in a filename cannot inject a header", () => {
    const header = contentDisposition("x.txt\r\nSet-Cookie: session=stolen", true);

    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(
      `inline; filename="x.txt__Set-Cookie: session=stolen"; filename*=UTF-8''x.txt%0D%0ASet-Cookie%3A%20session%3Dstolen`,
    );
  });
});
