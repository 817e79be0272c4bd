import { parseConfig } from "@dotmac/core/platform/config";
import { describe, expect, it } from "vitest";

describe("configuration", () => {
  it("runs on the embedded defaults with no environment at all", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      DATABASE_DRIVER: "pglite",
      DATA_DIR: ".data",
      PORT: 3000,
      BLOB_DRIVER: "local",
      QUEUE_DRIVER: "table",
      EVENT_BUS_DRIVER: "local",
      WEBHOOK_TOLERANCE_SECONDS: 300,
    });
  });

  it("picks node-postgres when DATABASE_URL is set, and Neon only when asked", () => {
    expect(parseConfig({ DATABASE_URL: "postgres://x@h/db" }).DATABASE_DRIVER).toBe("pg");
    expect(parseConfig({ DATABASE_URL: "postgres://x@h/db", DATABASE_DRIVER: "neon" }).DATABASE_DRIVER).toBe("neon");
  });

  it("names every bad or missing variable in one error", () => {
    expect(() =>
      parseConfig({
        PORT: "eighty",
        DATABASE_DRIVER: "neon",
        BLOB_DRIVER: "s3",
        QUEUE_DRIVER: "sqs",
        LOG_LEVEL: "loud",
      }),
    ).toThrowError(/PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/);
    try {
      parseConfig({ DATABASE_DRIVER: "neon", BLOB_DRIVER: "s3", QUEUE_DRIVER: "sqs", EVENT_BUS_DRIVER: "eventbridge" });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ["DATABASE_URL", "BLOB_BUCKET", "INBOUND_QUEUE_URL", "EVENT_BUS_NAME"]) {
        expect(message).toContain(name);
      }
    }
  });

  it("hashes passwords with OWASP's scrypt cost; only the test suites may lower it", () => {
    expect(parseConfig({}).PASSWORD_SCRYPT_LOG_N).toBe(17);
    expect(parseConfig({ NODE_ENV: "test", PASSWORD_SCRYPT_LOG_N: "12" }).PASSWORD_SCRYPT_LOG_N).toBe(12);
    for (const NODE_ENV of ["production", "development"]) {
      expect(() => parseConfig({ NODE_ENV, PASSWORD_SCRYPT_LOG_N: "12" })).toThrow(
        /PASSWORD_SCRYPT_LOG_N: must be at least 17/,
      );
    }
  });

  it("reads rotating webhook secrets separated by spaces or commas", () => {
    expect(parseConfig({ BILLING_WEBHOOK_SECRETS: "whsec_a, whsec_b whsec_c" }).BILLING_WEBHOOK_SECRETS).toEqual([
      "whsec_a",
      "whsec_b",
      "whsec_c",
    ]);
  });
});
