import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { assertSafeKey, type BlobStore, contentDisposition } from "./port";

export interface S3Options {
  bucket: string;
  region: string;
  endpoint?: string | undefined;
  forcePathStyle?: boolean;
  /**
   * Serve downloads through this origin (our CloudFront distribution, whose `/uploads/*` behaviour
   * forwards the signed query to the bucket and adds nosniff). Virtual-hosted URLs only: the path is
   * then exactly the object key, which CloudFront passes on unchanged.
   */
  downloadBase?: string | undefined;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** A presigned S3 URL moved onto `origin`, path and signed query unchanged. */
export function throughOrigin(signed: string, origin: string): string {
  const url = new URL(signed);
  return `${origin.replace(/\/+$/, "")}${url.pathname}${url.search}`;
}

export function s3BlobStore(options: S3Options): BlobStore {
  const pathStyle = options.forcePathStyle ?? Boolean(options.endpoint);
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: pathStyle,
    credentials: options.credentials,
  });
  const Bucket = options.bucket;
  return {
    name: "s3",
    async createUpload({ key, contentType, maxBytes, expiresInSeconds = 300 }) {
      assertSafeKey(key);
      // The presigners are loaded by the API's upload and download routes only; the scan, the consumer
      // and the webhook read and write objects without them.
      const { createPresignedPost } = await import("@aws-sdk/s3-presigned-post");
      const { url, fields } = await createPresignedPost(client, {
        Bucket,
        Key: key,
        Conditions: [
          ["content-length-range", 1, maxBytes],
          ["eq", "$Content-Type", contentType],
        ],
        Fields: { "Content-Type": contentType },
        Expires: expiresInSeconds,
      });
      return { url, fields, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString() };
    },
    async downloadUrl(key, { filename, contentType, inline, expiresInSeconds = 60 }) {
      assertSafeKey(key);
      const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
      const signed = await getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket,
          Key: key,
          ResponseContentDisposition: contentDisposition(filename, inline),
          ResponseContentType: contentType,
        }),
        { expiresIn: expiresInSeconds },
      );
      return options.downloadBase && !pathStyle ? throughOrigin(signed, options.downloadBase) : signed;
    },
    async readHead(key, bytes) {
      const out = await client.send(
        new GetObjectCommand({ Bucket, Key: assertSafeKey(key), Range: `bytes=0-${bytes - 1}` }),
      );
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    },
    async head(key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: assertSafeKey(key) }));
        return { size: Number(out.ContentLength ?? 0), contentType: out.ContentType };
      } catch (error) {
        if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
        throw error;
      }
    },
    async put(key, body, contentType) {
      await client.send(
        new PutObjectCommand({ Bucket, Key: assertSafeKey(key), Body: body, ContentType: contentType }),
      );
    },
    async get(key) {
      const out = await client.send(new GetObjectCommand({ Bucket, Key: assertSafeKey(key) }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: assertSafeKey(key) }));
    },
  };
}
