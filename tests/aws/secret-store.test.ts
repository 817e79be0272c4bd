import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { awsSecretStore, localSecretStore } from "@dotmac/core/platform/secret-store";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REGION, stubAwsCredentials } from "../support/aws/emulators";

describe("the local secret store", () => {
  it("keeps secrets in one 0600 file that survives a new store on the same path", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "secrets-")), "nested", "secrets.json");
    await localSecretStore(file).put("inbox/channel/a/access-token", "token-a");
    await localSecretStore(file).put("inbox/channel/b/access-token", "token-b");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await localSecretStore(file).get("inbox/channel/a/access-token")).toBe("token-a");
    expect(await localSecretStore(file).get("missing")).toBeUndefined();
    expect(JSON.parse(readFileSync(file, "utf8"))).toHaveProperty(["inbox/channel/b/access-token"], "token-b");
  });
});

/**
 * A stand-in for Secrets Manager (no emulator exists): answers the JSON 1.1 `secretsmanager.*` targets
 * the writer calls, and the Parameters and Secrets extension's GET the reader calls.
 */
describe("the Secrets Manager store", () => {
  const secrets = new Map<string, string>();
  const targets: string[] = [];
  let server: Server;
  let endpoint = "";

  beforeAll(async () => {
    stubAwsCredentials();
    server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => {
        raw += c;
      });
      req.on("end", () => {
        if (req.method === "GET" && req.url?.startsWith("/secretsmanager/get")) {
          const id = new URL(req.url, "http://x").searchParams.get("secretId") ?? "";
          const value = secrets.get(id);
          if (value === undefined) return void res.writeHead(400).end("ResourceNotFoundException");
          return void res.writeHead(200).end(JSON.stringify({ SecretString: value }));
        }
        const target = String(req.headers["x-amz-target"] ?? "");
        targets.push(target);
        const body = JSON.parse(raw || "{}") as { SecretId?: string; Name?: string; SecretString?: string };
        const reply = (status: number, json: unknown) =>
          res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(json));
        if (target === "secretsmanager.PutSecretValue") {
          if (!secrets.has(body.SecretId ?? "")) {
            return reply(400, { __type: "ResourceNotFoundException", message: "Secrets Manager can't find it" });
          }
          secrets.set(body.SecretId ?? "", body.SecretString ?? "");
          return reply(200, { ARN: `arn:${body.SecretId}`, Name: body.SecretId });
        }
        if (target === "secretsmanager.CreateSecret") {
          secrets.set(body.Name ?? "", body.SecretString ?? "");
          return reply(200, { ARN: `arn:${body.Name}`, Name: body.Name });
        }
        reply(400, { __type: "UnknownOperationException", message: target });
      });
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    const port = (server.address() as AddressInfo).port;
    endpoint = `http://127.0.0.1:${port}`;
    vi.stubEnv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", String(port));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise<void>((done) => server.close(() => done()));
  });

  it("creates a secret under the prefix, then puts new versions; reads go through the extension", async () => {
    const store = awsSecretStore({ prefix: "dotmac/test/", region: REGION, endpoint });
    expect(await store.get("inbox/channel/c/access-token")).toBeUndefined();
    await store.put("inbox/channel/c/access-token", "first");
    await store.put("inbox/channel/c/access-token", "second");
    expect(targets).toEqual([
      "secretsmanager.PutSecretValue",
      "secretsmanager.CreateSecret",
      "secretsmanager.PutSecretValue",
    ]);
    expect(secrets.get("dotmac/test/inbox/channel/c/access-token")).toBe("second");
    expect(await store.get("inbox/channel/c/access-token")).toBe("second");
  });
});
