import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useConfig } from "./config";
import { AppError } from "./errors";

/**
 * Where secrets an admin enters (a channel's access token) are written: AWS Secrets Manager, or a
 * 0600 JSON file in DATA_DIR on one machine. Names are ours (`inbox/channel/<id>/access-token`);
 * the store prefixes them with SECRETS_PREFIX. Reading goes through `resolveSecret` (secrets.ts).
 */
export interface SecretStore {
  readonly name: "local" | "aws";
  put(name: string, value: string): Promise<void>;
  get(name: string): Promise<string | undefined>;
}

/** One JSON object `{ name: value }` in `file`, rewritten whole (atomically) on each put. */
export function localSecretStore(file: string): SecretStore {
  const read = (): Record<string, string> =>
    existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {};
  return {
    name: "local",
    async put(name, value) {
      const all = read();
      all[name] = value;
      mkdirSync(join(file, ".."), { recursive: true });
      const temp = `${file}.tmp`;
      writeFileSync(temp, JSON.stringify(all, null, 2), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, file);
    },
    async get(name) {
      return read()[name];
    },
  };
}

export interface AwsSecretOptions {
  prefix: string;
  region: string;
  endpoint?: string | undefined;
}

/**
 * Secrets Manager. Reads use the Parameters and Secrets extension on localhost (no SDK at cold start);
 * writes, rare (an admin connecting a channel), load the SDK client on first use.
 */
export function awsSecretStore(options: AwsSecretOptions): SecretStore {
  let client: Promise<(name: string, value: string) => Promise<void>> | undefined;
  const writer = () => {
    client ??= import("./secret-store-aws").then((m) => m.secretsManagerWriter(options));
    return client;
  };
  return {
    name: "aws",
    async put(name, value) {
      await (await writer())(options.prefix + name, value);
    },
    async get(name) {
      const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? "2773";
      const res = await fetch(
        `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(options.prefix + name)}`,
        { headers: { "X-Aws-Parameters-Secrets-Token": process.env.AWS_SESSION_TOKEN ?? "" }, redirect: "error" },
      ).catch(() => undefined);
      if (!res || res.status === 400 || res.status === 404) return undefined;
      if (!res.ok) throw new AppError("unavailable", `Secret ${name} could not be read (${res.status})`);
      return ((await res.json()) as { SecretString?: string }).SecretString;
    },
  };
}

let store: SecretStore | undefined;

/** The configured store, chosen by SECRETS_DRIVER. */
export function useSecretStore(): SecretStore {
  if (store) return store;
  const config = useConfig();
  // The local file follows DATA_DIR as the config changes (tests); the AWS store is made once.
  if (config.SECRETS_DRIVER !== "aws") return localSecretStore(join(config.DATA_DIR, "secrets.json"));
  store = awsSecretStore({
    prefix: config.SECRETS_PREFIX,
    region: config.AWS_REGION,
    endpoint: config.SECRETS_MANAGER_ENDPOINT,
  });
  return store;
}

export function setSecretStore(next: SecretStore | undefined): void {
  store = next;
}

/** The names under which a channel's secrets are kept: its provider token and its verify token's SHA-256. */
export function channelSecretNames(channelId: string) {
  return {
    accessToken: `inbox/channel/${channelId}/access-token`,
    verifyTokenHash: `inbox/channel/${channelId}/verify-token-sha256`,
  };
}
