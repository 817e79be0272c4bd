import { join } from "node:path";
import { useConfig } from "../config";
import { publicUrl } from "../public-url";
import { localSigningSecret } from "../secrets";
import { type LocalBlobStore, localBlobStore } from "./local";
import type { BlobStore } from "./port";
import type { S3Options } from "./s3";

export { type BlobStore, contentDisposition, type UploadSlot } from "./port";

let store: BlobStore | undefined;

/** The configured blob store, chosen by BLOB_DRIVER. */
export function useBlobStore(): BlobStore {
  if (store) return store;
  const config = useConfig();
  store =
    config.BLOB_DRIVER === "s3"
      ? lazyS3({
          bucket: config.BLOB_BUCKET ?? "",
          region: config.AWS_REGION,
          endpoint: config.S3_ENDPOINT,
          downloadBase: config.BLOB_DOWNLOAD_URL,
        })
      : localBlobStore({
          root: join(config.DATA_DIR, "blobs"),
          publicUrl: publicUrl(),
          secret: localSigningSecret(),
        });
  return store;
}

export function useLocalBlobStore(): LocalBlobStore | undefined {
  const s = useBlobStore();
  return s.name === "local" ? (s as LocalBlobStore) : undefined;
}

export function setBlobStore(next: BlobStore | undefined): void {
  store = next;
}

/**
 * The S3 adapter, loaded on first use (as the SQS and EventBridge adapters are): a request that never
 * touches a file keeps the S3 client and its presigners off the function's cold-start path.
 */
function lazyS3(options: S3Options): BlobStore {
  let real: Promise<BlobStore> | undefined;
  const s3 = () => {
    real ??= import("./s3").then((m) => m.s3BlobStore(options));
    return real;
  };
  return {
    name: "s3",
    createUpload: async (input) => (await s3()).createUpload(input),
    downloadUrl: async (key, options) => (await s3()).downloadUrl(key, options),
    readHead: async (key, bytes) => (await s3()).readHead(key, bytes),
    head: async (key) => (await s3()).head(key),
    put: async (key, body, contentType) => (await s3()).put(key, body, contentType),
    get: async (key) => (await s3()).get(key),
    delete: async (key) => (await s3()).delete(key),
  };
}
