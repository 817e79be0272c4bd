import { Duration } from "aws-cdk-lib";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  HttpMethods,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { LambdaDestination } from "aws-cdk-lib/aws-s3-notifications";
import type { Stack } from "sst/constructs";
import { lambda } from "./functions";
import type { Secrets } from "./secrets";

/** Key prefixes, as core writes them: uploads by the portal, rejects, and large webhook bodies. */
export const prefixes = { uploads: "uploads/", quarantine: "quarantine/", inbound: "inbound/" } as const;

/**
 * The bucket's name, fixed from the stack's name and account rather than generated: the portal's CSP
 * at CloudFront names the bucket, and the bucket's CORS rule names the distribution, so neither may
 * wait for the other's resource to exist.
 */
export function attachmentsBucketName(stack: Stack): string {
  return `${stack.stackName.toLowerCase().replace(/[^a-z0-9-]/g, "-")}-attachments-${stack.account}`;
}

/** The bucket's regional virtual-hosted domain, which presigned POSTs and GETs address. */
export function attachmentsDomain(stack: Stack): string {
  return `${attachmentsBucketName(stack)}.s3.${stack.region}.${stack.urlSuffix}`;
}

/**
 * The private attachments bucket. Rejects and spilled webhook bodies expire after 30 days, longer
 * than the 14 days a message can wait on the inbound DLQ, so a replay still finds its body.
 */
export function attachmentsBucket(stack: Stack) {
  return new Bucket(stack, "Attachments", {
    bucketName: attachmentsBucketName(stack),
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    lifecycleRules: [
      { id: "abort-incomplete-multipart", abortIncompleteMultipartUploadAfter: Duration.days(1) },
      { id: "expire-quarantine", prefix: prefixes.quarantine, expiration: Duration.days(30) },
      { id: "expire-inbound", prefix: prefixes.inbound, expiration: Duration.days(30) },
    ],
  });
}

/** The browser POSTs uploads straight to S3 (presigned POST), from the portal's origin only. */
export function allowUploadsFrom(bucket: Bucket, origin: string) {
  bucket.addCorsRule({
    allowedMethods: [HttpMethods.POST],
    allowedOrigins: [origin],
    allowedHeaders: ["*"],
    maxAge: 3600,
  });
}

/** ObjectCreated under uploads/ → magic-byte check; rejects move to quarantine/. */
export function uploadScanner(stack: Stack, deps: { bucket: Bucket; secrets: Secrets }) {
  const { bucket, secrets } = deps;
  const fn = lambda(stack, "ScanFunction", "scan", {
    description: "Magic-byte check of new uploads",
    timeout: 60,
  });
  secrets.databaseUrl.grantRead(fn);
  bucket.grantRead(fn, `${prefixes.uploads}*`);
  bucket.grantDelete(fn, `${prefixes.uploads}*`);
  bucket.grantPut(fn, `${prefixes.quarantine}*`);
  bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix: prefixes.uploads });
  return fn;
}
