import * as z from "zod";
import { AppError } from "./errors";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const list = z
  .string()
  .transform((v) => v.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().min(1)));

/**
 * Every environment variable the product reads, with its default. Parsed once; a bad or missing
 * variable fails with a message naming it. Secrets may also come from AWS Secrets Manager through
 * the `*_SECRET_ARN` variables (see secrets.ts).
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    PUBLIC_URL: z.url().optional(),
    DATA_DIR: z.string().default(".data"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),

    DATABASE_DRIVER: z.enum(["pglite", "pg", "neon"]).optional(),
    DATABASE_URL: z.string().optional(),
    DATABASE_URL_SECRET_ARN: z.string().optional(),
    /** Local/test only: route the Neon driver's WebSocket through a bridge, e.g. "127.0.0.1:5488/?address={host}:{port}". */
    NEON_WS_PROXY: z.string().optional(),
    NEON_SECURE_WEBSOCKET: bool.default(true),

    BLOB_DRIVER: z.enum(["local", "s3"]).default("local"),
    BLOB_BUCKET: z.string().optional(),
    S3_ENDPOINT: z.url().optional(),
    /**
     * On AWS, the distribution's URL: presigned downloads are served through its `/uploads/*`
     * behaviour, which adds nosniff and a default Content-Disposition. Unset: straight from S3.
     */
    BLOB_DOWNLOAD_URL: z.url().optional(),
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(25 * 1024 * 1024),

    QUEUE_DRIVER: z.enum(["table", "sqs"]).default("table"),
    INBOUND_QUEUE_URL: z.string().optional(),
    INBOUND_DLQ_URL: z.string().optional(),
    SQS_ENDPOINT: z.url().optional(),
    QUEUE_VISIBILITY_SECONDS: z.coerce.number().int().positive().default(30),
    QUEUE_MAX_RECEIVES: z.coerce.number().int().positive().default(5),

    EVENT_BUS_DRIVER: z.enum(["local", "eventbridge"]).default("local"),
    EVENT_BUS_NAME: z.string().optional(),
    EVENTBRIDGE_ENDPOINT: z.url().optional(),

    AWS_REGION: z.string().default("us-east-1"),

    /** "local" writes each message as a JSON file under DATA_DIR/mail; "ses" sends through Amazon SES. */
    MAIL_DRIVER: z.enum(["local", "ses"]).default("local"),
    MAIL_FROM: z.string().min(3).default("DotMac CRM <no-reply@localhost>"),

    /** Whitespace/comma separated `whsec_…` secrets; more than one while rotating. */
    BILLING_WEBHOOK_SECRETS: list.optional(),
    BILLING_WEBHOOK_SECRETS_SECRET_ARN: z.string().optional(),
    WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().positive().default(300),
    WEBHOOK_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    /** Bodies larger than this go to blob storage and the queue message carries a pointer. */
    QUEUE_INLINE_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(200 * 1024),
    /**
     * Webhook requests per client IP, checked before the body is read or its signature computed: a
     * token bucket of BURST requests refilled at PER_SECOND, in each instance's memory.
     */
    WEBHOOK_RATE_LIMIT_BURST: z.coerce.number().int().positive().default(100),
    WEBHOOK_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(20),

    /** scrypt cost as log2(N): OWASP's 17 (128 MiB) at least, except in the test suites, which lower it. */
    PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(17),

    /** Signs sessions and local blob URLs. Generated into DATA_DIR when unset locally. */
    SESSION_SECRET: z.string().min(32).optional(),
    SESSION_SECRET_SECRET_ARN: z.string().optional(),
    /**
     * The value our CloudFront distribution puts in `x-dotmac-origin-verify` on requests to the API:
     * only a request carrying it has its client IP taken from `CloudFront-Viewer-Address`.
     */
    ORIGIN_VERIFY_SECRET: z.string().min(32).optional(),
    ORIGIN_VERIFY_SECRET_SECRET_ARN: z.string().optional(),

    /**
     * The `retention.prune` job: expired sessions, tokens and rate-limit rows and delivered outbox and
     * inbound rows older than this many days go, BATCH rows per statement, for at most BUDGET seconds a run.
     */
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(1_000),
    RETENTION_BUDGET_SECONDS: z.coerce.number().int().min(1).max(840).default(60),

    /** Sliding-window rate limits: requests per window, per signed-in user or per client IP. */
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
    RATE_LIMIT_USER: z.coerce.number().int().positive().default(300),
    RATE_LIMIT_IP: z.coerce.number().int().positive().default(120),
    /** Credential checks (every portal's sign-in, second factor, link and reset routes) per window per client IP. */
    RATE_LIMIT_LOGIN_IP: z.coerce.number().int().positive().default(10),
    /**
     * Failed sign-ins per login window from one source (a trusted device, or one IP for other clients);
     * also second-factor and password-change attempts per user per window.
     */
    RATE_LIMIT_LOGIN_EMAIL: z.coerce.number().int().positive().default(5),
    /** Failed sign-ins per login window from every client without a trusted device, together. */
    RATE_LIMIT_LOGIN_ACCOUNT: z.coerce.number().int().positive().default(20),
    RATE_LIMIT_LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
    /** Password-reset and sign-in-link requests per recovery window, per client IP and per email address. */
    RATE_LIMIT_RECOVERY_IP: z.coerce.number().int().positive().default(10),
    RATE_LIMIT_RECOVERY_EMAIL: z.coerce.number().int().positive().default(3),
    RATE_LIMIT_RECOVERY_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  })
  .superRefine((c, ctx) => {
    const need = (when: boolean, key: string, why: string) => {
      if (when) ctx.addIssue({ code: "custom", path: [key], message: `is required ${why}` });
    };
    const driver = c.DATABASE_DRIVER ?? (c.DATABASE_URL ? "pg" : "pglite");
    need(
      driver !== "pglite" && !c.DATABASE_URL && !c.DATABASE_URL_SECRET_ARN,
      "DATABASE_URL",
      `when DATABASE_DRIVER=${driver}`,
    );
    need(c.BLOB_DRIVER === "s3" && !c.BLOB_BUCKET, "BLOB_BUCKET", "when BLOB_DRIVER=s3");
    if (c.NODE_ENV !== "test" && c.PASSWORD_SCRYPT_LOG_N < 17) {
      ctx.addIssue({ code: "custom", path: ["PASSWORD_SCRYPT_LOG_N"], message: "must be at least 17 outside tests" });
    }
    need(c.QUEUE_DRIVER === "sqs" && !c.INBOUND_QUEUE_URL, "INBOUND_QUEUE_URL", "when QUEUE_DRIVER=sqs");
    need(
      c.EVENT_BUS_DRIVER === "eventbridge" && !c.EVENT_BUS_NAME,
      "EVENT_BUS_NAME",
      "when EVENT_BUS_DRIVER=eventbridge",
    );
  })
  .transform((c) => ({
    ...c,
    DATABASE_DRIVER: c.DATABASE_DRIVER ?? (c.DATABASE_URL ? ("pg" as const) : ("pglite" as const)),
  }));

export type Config = z.output<typeof configSchema>;

/** Parses an environment; throws one error that names every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
  throw new AppError("validation", `Invalid configuration:\n${lines.join("\n")}`);
}

let current: Config | undefined;

export function useConfig(): Config {
  current ??= parseConfig(process.env);
  return current;
}

/** For the local runtime: change already parsed values, keeping whatever set the rest. */
export function patchConfig(patch: Partial<Config>): Config {
  current = { ...useConfig(), ...patch };
  return current;
}

/** For the local runtime and tests: replace the parsed configuration. */
export function setConfig(env: Record<string, string | undefined>): Config {
  current = parseConfig(env);
  return current;
}
