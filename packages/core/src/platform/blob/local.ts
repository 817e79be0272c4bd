import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdir, open, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { assertSafeKey, type BlobStore, contentDisposition } from "./port";

export interface LocalBlobOptions {
  root: string;
  /** Origin the browser reaches the local runtime on, e.g. http://localhost:3000. */
  publicUrl: string;
  secret: string;
}

export const LOCAL_UPLOAD_PATH = "/_blob/upload";
export const LOCAL_DOWNLOAD_PATH = "/_blob/download";

export interface UploadPolicy {
  key: string;
  contentType: string;
  maxBytes: number;
  expires: number;
}

export interface DownloadGrant {
  key: string;
  filename: string;
  contentType: string;
  disposition: string;
  expires: number;
}

/** A folder plus HMAC-signed, expiring upload and download URLs served by the local runtime. */
export function localBlobStore(options: LocalBlobOptions) {
  const root = resolve(options.root);
  const sign = (parts: (string | number)[]) =>
    createHmac("sha256", options.secret).update(parts.join("\n")).digest("base64url");
  const matches = (expected: string, given: string | undefined) => {
    const a = Buffer.from(expected);
    const b = Buffer.from(given ?? "");
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const pathOf = (key: string) => {
    const full = resolve(root, assertSafeKey(key));
    if (!full.startsWith(root + sep)) throw new Error(`Blob key escapes the store: ${key}`);
    return full;
  };
  const uploadParts = (p: UploadPolicy) => ["upload", p.key, p.contentType, p.maxBytes, p.expires];
  const downloadParts = (g: DownloadGrant) => ["download", g.key, g.filename, g.contentType, g.disposition, g.expires];

  const store = {
    name: "local" as const,
    root,
    async createUpload({ key, contentType, maxBytes, expiresInSeconds = 300 }) {
      const expires = Math.floor(Date.now() / 1000) + expiresInSeconds;
      const policy = { key: assertSafeKey(key), contentType, maxBytes, expires };
      return {
        url: `${options.publicUrl}${LOCAL_UPLOAD_PATH}`,
        fields: {
          key,
          "Content-Type": contentType,
          "x-max-bytes": String(maxBytes),
          "x-expires": String(expires),
          "x-signature": sign(uploadParts(policy)),
        },
        expiresAt: new Date(expires * 1000).toISOString(),
      };
    },
    async downloadUrl(key, { filename, contentType, inline, expiresInSeconds = 60 }) {
      const grant: DownloadGrant = {
        key: assertSafeKey(key),
        filename,
        contentType,
        disposition: contentDisposition(filename, inline),
        expires: Math.floor(Date.now() / 1000) + expiresInSeconds,
      };
      const q = new URLSearchParams({
        key,
        filename,
        type: contentType,
        disposition: grant.disposition,
        expires: String(grant.expires),
        signature: sign(downloadParts(grant)),
      });
      return `${options.publicUrl}${LOCAL_DOWNLOAD_PATH}?${q}`;
    },
    async readHead(key, bytes) {
      const handle = await open(pathOf(key), "r");
      try {
        const buffer = Buffer.alloc(bytes);
        const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
        return new Uint8Array(buffer.subarray(0, bytesRead));
      } finally {
        await handle.close();
      }
    },
    async head(key) {
      try {
        const s = await stat(pathOf(key));
        return { size: s.size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async put(key, body, _contentType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
    },
    async get(key) {
      return new Uint8Array(await readFile(pathOf(key)));
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    /** Checks an upload form's policy fields; returns the policy or a reason to refuse. */
    verifyUpload(fields: Record<string, string | undefined>, now = Date.now()): UploadPolicy | string {
      const policy: UploadPolicy = {
        key: fields.key ?? "",
        contentType: fields["Content-Type"] ?? "",
        maxBytes: Number(fields["x-max-bytes"]),
        expires: Number(fields["x-expires"]),
      };
      if (!matches(sign(uploadParts(policy)), fields["x-signature"])) return "signature does not match the policy";
      if (!Number.isFinite(policy.expires) || policy.expires * 1000 < now) return "upload URL has expired";
      return policy;
    },
    verifyDownload(query: Record<string, string | undefined>, now = Date.now()): DownloadGrant | string {
      const grant: DownloadGrant = {
        key: query.key ?? "",
        filename: query.filename ?? "",
        contentType: query.type ?? "",
        disposition: query.disposition ?? "",
        expires: Number(query.expires),
      };
      if (!matches(sign(downloadParts(grant)), query.signature)) return "signature does not match";
      if (!Number.isFinite(grant.expires) || grant.expires * 1000 < now) return "download URL has expired";
      return grant;
    },
  } satisfies BlobStore & Record<string, unknown>;
  return store;
}

export type LocalBlobStore = ReturnType<typeof localBlobStore>;
