import { join } from "node:path";
import { useConfig } from "../config";
import { publicUrl } from "../public-url";
import { localSigningSecret } from "../secrets";
import { type LocalBlobStore, localBlobStore } from "./local";
import type { BlobStore } from "./port";
import { s3BlobStore } from "./s3";

export { type BlobStore, contentDisposition, type UploadSlot } from "./port";

let store: BlobStore | undefined;

/** The configured blob store, chosen by BLOB_DRIVER. */
export function useBlobStore(): BlobStore {
  if (store) return store;
  const config = useConfig();
  store =
    config.BLOB_DRIVER === "s3"
      ? s3BlobStore({ bucket: config.BLOB_BUCKET ?? "", region: config.AWS_REGION, endpoint: config.S3_ENDPOINT })
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
