import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useConfig } from "./config";
import { AppError } from "./errors";
import { useSecretStore } from "./secret-store";

const cache = new Map<string, Promise<string>>();

/**
 * Reads a secret named `NAME` from the environment, or from AWS Secrets Manager when only
 * `NAME_SECRET_ARN` is set, through the Parameters and Secrets Lambda extension on localhost
 * (no SDK client at cold start). Cached for the life of the process.
 */
export function resolveSecret(name: string): Promise<string> {
  const direct = process.env[name];
  if (direct) return Promise.resolve(direct);
  const arn = process.env[`${name}_SECRET_ARN`];
  if (!arn) return fromStore(name);
  let pending = cache.get(arn);
  if (!pending) {
    pending = fetchFromExtension(arn);
    cache.set(arn, pending);
    pending.catch(() => cache.delete(arn));
  }
  return pending;
}

/** A secret the app wrote itself (a channel's token), from the configured secret store. */
async function fromStore(name: string): Promise<string> {
  const value = await useSecretStore().get(name);
  if (!value) throw new AppError("unavailable", `Secret ${name} is not configured (set ${name} or ${name}_SECRET_ARN)`);
  return value;
}

async function fetchFromExtension(arn: string): Promise<string> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? "2773";
  const res = await fetch(`http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(arn)}`, {
    headers: { "X-Aws-Parameters-Secrets-Token": process.env.AWS_SESSION_TOKEN ?? "" },
    redirect: "error",
  });
  if (!res.ok) throw new AppError("unavailable", `Secret ${arn} could not be read (${res.status})`);
  const body = (await res.json()) as { SecretString?: string };
  if (!body.SecretString) throw new AppError("unavailable", `Secret ${arn} has no string value`);
  return body.SecretString;
}

let localSecret: string | undefined;

/**
 * The key that signs sessions and local blob URLs on one machine: SESSION_SECRET when set, else a
 * random key generated once into DATA_DIR so sessions and links survive a restart.
 */
export function localSigningSecret(): string {
  const config = useConfig();
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  if (localSecret) return localSecret;
  const dir = config.DATA_DIR;
  const file = join(dir, "signing-secret");
  if (existsSync(file)) {
    localSecret = readFileSync(file, "utf8").trim();
  } else {
    mkdirSync(dir, { recursive: true });
    localSecret = randomBytes(32).toString("base64url");
    writeFileSync(file, localSecret, { mode: 0o600 });
  }
  return localSecret;
}

/** The session signing key: Secrets Manager on AWS, SESSION_SECRET or the generated local key otherwise. */
export async function sessionSecret(): Promise<string> {
  return useConfig().SESSION_SECRET_SECRET_ARN ? resolveSecret("SESSION_SECRET") : localSigningSecret();
}
