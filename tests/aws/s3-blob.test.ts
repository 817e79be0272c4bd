import { contentDisposition } from "@dotmac/core/platform/blob/port";
import { s3BlobStore } from "@dotmac/core/platform/blob/s3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Emulator, REGION, S3RVER_CREDENTIALS, startS3 } from "../support/aws/emulators";

const BUCKET = "dotmac-attachments";
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startS3([BUCKET]);
});

afterAll(async () => {
  await emulator?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

const store = (credentials = S3RVER_CREDENTIALS) =>
  s3BlobStore({ bucket: BUCKET, region: REGION, endpoint: emulator.endpoint, forcePathStyle: true, credentials });

let keyCount = 0;
const newKey = () => `attachments/2026/01/${++keyCount}-0190f5a2-7000-8000-a000-000000000001`;

const pngBytes = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_MAGIC);
  for (let i = PNG_MAGIC.length; i < size; i++) bytes[i] = i % 251;
  return bytes;
};

/** What the browser does with an upload slot: a multipart POST, policy fields first and the file last. */
async function browserUpload(slot: { url: string; fields: Record<string, string> }, file: Blob, filename: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(slot.fields)) form.append(name, value);
  form.append("file", file, filename);
  return fetch(slot.url, { method: "POST", body: form });
}

interface PostPolicy {
  expiration: string;
  conditions: unknown[];
}

const decodePolicy = (fields: Record<string, string>): PostPolicy =>
  JSON.parse(Buffer.from(fields.Policy ?? "", "base64").toString("utf8"));

describe("attachment upload through a presigned POST", () => {
  it("the browser's multipart POST stores the file under the server-chosen key with its declared type", async () => {
    const blobs = store();
    const key = newKey();
    const body = pngBytes(2048);

    const slot = await blobs.createUpload({ key, contentType: "image/png", maxBytes: 5 * 1024 * 1024 });
    const response = await browserUpload(slot, new Blob([body], { type: "image/png" }), "router-photo.png");

    expect(response.status).toBe(204);
    expect(slot.url).toBe(`${emulator.endpoint}/${BUCKET}`);
    expect(slot.fields).toMatchObject({ key, "Content-Type": "image/png" });
    expect(await blobs.head(key)).toEqual({ size: 2048, contentType: "image/png" });
    expect(await blobs.get(key)).toEqual(body);
  });

  it("the signed policy pins the bucket, the key, the size range and the content type", async () => {
    const before = Date.now();
    const key = newKey();

    const slot = await store().createUpload({ key, contentType: "application/pdf", maxBytes: 10_485_760 });

    const policy = decodePolicy(slot.fields);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { bucket: BUCKET },
        { key },
        ["content-length-range", 1, 10_485_760],
        ["eq", "$Content-Type", "application/pdf"],
      ]),
    );
    expect(slot.fields).toMatchObject({
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": expect.stringMatching(new RegExp(`^S3RVER/\\d{8}/${REGION}/s3/aws4_request$`)),
      "X-Amz-Signature": expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Default lifetime is 5 minutes; the policy and the slot we hand the client agree on it.
    const expiration = Date.parse(policy.expiration);
    expect(expiration).toBeGreaterThan(before);
    expect(expiration).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(Math.abs(Date.parse(slot.expiresAt) - expiration)).toBeLessThan(1_000);
  });

  it("a shorter slot lifetime is written into the policy", async () => {
    const before = Date.now();

    const slot = await store().createUpload({
      key: newKey(),
      contentType: "image/png",
      maxBytes: 1024,
      expiresInSeconds: 30,
    });

    expect(Date.parse(decodePolicy(slot.fields).expiration)).toBeLessThanOrEqual(before + 31_000);
  });

  it("the emulator does not enforce the policy, so the post-upload size check is what catches an oversize file", async () => {
    const blobs = store();
    const key = newKey();
    const slot = await blobs.createUpload({ key, contentType: "image/png", maxBytes: 1024 });

    await browserUpload(slot, new Blob([pngBytes(4096)], { type: "image/png" }), "too-big.png");

    // Real S3 answers 400 EntityTooLarge here; the scan step compares head().size to the slot as well.
    expect((await blobs.head(key))?.size).toBe(4096);
  });
});

describe("magic-byte check after upload", () => {
  it("readHead returns only the first bytes, through a ranged GET", async () => {
    const blobs = store();
    const key = newKey();
    await blobs.put(key, pngBytes(64 * 1024), "image/png");

    const head = await blobs.readHead(key, 16);

    expect(head).toHaveLength(16);
    expect([...head.subarray(0, 8)]).toEqual(PNG_MAGIC);
  });

  it("readHead of a file shorter than asked returns the whole file", async () => {
    const blobs = store();
    const key = newKey();
    await blobs.put(key, "%PDF-1.7", "application/pdf");

    const head = await blobs.readHead(key, 4100);

    expect(Buffer.from(head).toString("latin1")).toBe("%PDF-1.7");
  });

  it("a file that never arrived has no head, and reading it fails", async () => {
    const blobs = store();
    const key = newKey();

    expect(await blobs.head(key)).toBeUndefined();
    await expect(blobs.readHead(key, 16)).rejects.toMatchObject({ name: "NoSuchKey" });
    await expect(blobs.get(key)).rejects.toMatchObject({ name: "NoSuchKey" });
  });
});

describe("download through a presigned GET", () => {
  it("a non-renderable type downloads as an attachment with the original name and type", async () => {
    const blobs = store();
    const key = newKey();
    await blobs.put(key, "name,plan\nAda,fiber-1g\n", "text/csv");

    const url = await blobs.downloadUrl(key, { filename: "subscribers.csv", contentType: "text/csv", inline: false });
    const response = await fetch(url);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      "attachment; filename=\"subscribers.csv\"; filename*=UTF-8''subscribers.csv",
    );
    expect(response.headers.get("content-type")).toBe("text/csv");
    expect(await response.text()).toBe("name,plan\nAda,fiber-1g\n");
  });

  it("an image on the inline allowlist is served inline", async () => {
    const blobs = store();
    const key = newKey();
    await blobs.put(key, pngBytes(256), "image/png");

    const url = await blobs.downloadUrl(key, { filename: "speedtest.png", contentType: "image/png", inline: true });
    const response = await fetch(url);

    expect(response.headers.get("content-disposition")).toBe(contentDisposition("speedtest.png", true));
    expect(response.headers.get("content-disposition")).toMatch(/^inline; /);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pngBytes(256));
  });

  it("the stored type is overridden by the type the scan detected", async () => {
    const blobs = store();
    const key = newKey();
    // Declared as an image by the client; the scan found otherwise, so we serve a harmless type.
    await blobs.put(key, "<html><script>alert(1)</script></html>", "image/png");

    const url = await blobs.downloadUrl(key, {
      filename: "photo.png",
      contentType: "application/octet-stream",
      inline: false,
    });
    const response = await fetch(url);

    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; /);
  });

  it("a non-ASCII or quote-bearing filename keeps a safe ASCII fallback and the exact UTF-8 name", async () => {
    const blobs = store();
    const key = newKey();
    await blobs.put(key, "%PDF-1.7", "application/pdf");
    const filename = 'Faktura "März" №7.pdf';

    const url = await blobs.downloadUrl(key, { filename, contentType: "application/pdf", inline: false });
    const response = await fetch(url);

    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Faktura _M_rz_ _7.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
  });

  it("a link presigned an hour ago for 60 seconds has expired", async () => {
    const blobs = store();
    const key = newKey();
    await blobs.put(key, "secret", "text/plain");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 3_600_000 });
    const url = await blobs.downloadUrl(key, { filename: "a.txt", contentType: "text/plain", inline: false });
    vi.useRealTimers();

    const response = await fetch(url);

    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/<Code>AccessDenied<\/Code>.*Request has expired/s);
  });
});

describe("server-side put, get and delete", () => {
  it("a payload too large for a queue message is parked in the bucket and read back", async () => {
    const blobs = store();
    const key = `inbound/whatsapp/${newKey().split("/").at(-1)}.json`;
    const payload = JSON.stringify({ entry: Array.from({ length: 2000 }, (_, i) => ({ id: `wamid.${i}` })) });

    await blobs.put(key, payload, "application/json");

    expect(await blobs.head(key)).toEqual({ size: Buffer.byteLength(payload), contentType: "application/json" });
    expect(Buffer.from(await blobs.get(key)).toString("utf8")).toBe(payload);
  });

  it("a deleted file is gone, and deleting it again is not an error", async () => {
    const blobs = store();
    const key = newKey();
    await blobs.put(key, pngBytes(32), "image/png");

    await blobs.delete(key);

    expect(await blobs.head(key)).toBeUndefined();
    await expect(blobs.delete(key)).resolves.toBeUndefined();
  });

  it("credentials the bucket does not know are refused", async () => {
    const stranger = store({ accessKeyId: "AKIDUNKNOWN", secretAccessKey: "nope" });

    await expect(stranger.put(newKey(), "x", "text/plain")).rejects.toMatchObject({ name: "InvalidAccessKeyId" });
  });
});

describe("keys that are not ours", () => {
  const unsafe = ["../etc/passwd", "attachments/../../secrets", "/etc/passwd", "a//b", "a/./b", "a\\b", "%2e%2e/x", ""];

  it.each(unsafe)("%j is refused by every operation before anything is sent", async (key) => {
    const blobs = store({ accessKeyId: "AKIDUNKNOWN", secretAccessKey: "nope" });
    const refused = /Unsafe blob key/;

    await expect(blobs.createUpload({ key, contentType: "image/png", maxBytes: 10 })).rejects.toThrow(refused);
    await expect(blobs.downloadUrl(key, { filename: "x", contentType: "text/plain", inline: false })).rejects.toThrow(
      refused,
    );
    await expect(blobs.readHead(key, 8)).rejects.toThrow(refused);
    await expect(blobs.head(key)).rejects.toThrow(refused);
    await expect(blobs.put(key, "x", "text/plain")).rejects.toThrow(refused);
    await expect(blobs.get(key)).rejects.toThrow(refused);
    await expect(blobs.delete(key)).rejects.toThrow(refused);
  });
});
