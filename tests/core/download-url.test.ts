import { s3BlobStore } from "@dotmac/core/platform/blob/s3";
import { describe, expect, it } from "vitest";

// On AWS downloads go through the distribution's /uploads/* behaviour (nosniff, default attachment):
// the presigned GET keeps its path (the object key) and signed query, on the portal's origin.
const options = {
  bucket: "crm-attachments-123456789012",
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
};
const grant = { filename: "report.pdf", contentType: "application/pdf", inline: false };

describe("S3 download URLs", () => {
  it("are moved onto the distribution when BLOB_DOWNLOAD_URL is set, signature and disposition intact", async () => {
    const direct = new URL(await s3BlobStore(options).downloadUrl("uploads/abc/report.pdf", grant));
    const via = new URL(
      await s3BlobStore({ ...options, downloadBase: "https://d111.cloudfront.net/" }).downloadUrl(
        "uploads/abc/report.pdf",
        grant,
      ),
    );
    expect(direct.host).toBe("crm-attachments-123456789012.s3.eu-west-1.amazonaws.com");
    expect(via.origin).toBe("https://d111.cloudfront.net");
    expect(via.pathname).toBe("/uploads/abc/report.pdf");
    expect(via.searchParams.get("response-content-disposition")).toContain("attachment");
    expect(via.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(via.searchParams.get("X-Amz-SignedHeaders")).toBe("host");
  });
});
