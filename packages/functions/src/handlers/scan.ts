import * as Upload from "@dotmac/core/upload";
import type { S3Event } from "aws-lambda";

/** S3 ObjectCreated → magic-byte check of each new object (keys arrive URL-encoded). */
export const handler = async (event: S3Event) => {
  const results = [];
  for (const r of event.Records) {
    results.push(await Upload.scan(decodeURIComponent(r.s3.object.key.replace(/\+/g, " "))));
  }
  return results;
};
