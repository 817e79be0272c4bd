import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "fauxqs";
import S3rver from "s3rver";
import { vi } from "vitest";

export const REGION = "us-east-1";
/** The only key pair s3rver knows; any other access key id is refused. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface Emulator {
  endpoint: string;
  close(): Promise<void>;
}

/** s3rver on 127.0.0.1, an ephemeral port and a throwaway directory, with the given buckets. */
export async function startS3(buckets: string[]): Promise<Emulator> {
  const directory = await mkdtemp(join(tmpdir(), "dotmac-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** fauxqs SQS; `startFauxqs` binds 0.0.0.0, so build its app and listen on loopback ourselves. */
export async function startSqs(): Promise<Emulator> {
  const app = buildApp({ logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
    },
  };
}

/**
 * The SQS and EventBridge adapters take credentials from the default chain, as on Lambda.
 * Undo with `vi.unstubAllEnvs()`.
 */
export function stubAwsCredentials(): void {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDLOCALTEST");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local-test-secret");
  vi.stubEnv("AWS_SESSION_TOKEN", undefined);
  vi.stubEnv("AWS_PROFILE", undefined);
}
