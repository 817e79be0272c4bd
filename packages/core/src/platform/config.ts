import * as z from "zod/mini";
import { AppError } from "./errors";
import { DEFAULT_TILE_URL } from "./security-headers";

// zod's functional build (`zod/mini`): what every function parses on start tree-shakes to ~25 KB, where
// the chainable `z` of "zod" (which verbs and routes use) is ~200 KB; the same validator, and the same
// English messages (loaded here, as "zod" loads them, for when "zod" is not).
z.config(z.locales.en());

const bool = z.pipe(
  z.enum(["true", "false", "1", "0"]),
  z.transform((v) => v === "true" || v === "1"),
);
const list = z.pipe(
  z.pipe(
    z.string(),
    z.transform((v) => v.split(/[\s,]+/).filter(Boolean)),
  ),
  z.array(z.string().check(z.minLength(1))),
);

const settings = z.object({
  NODE_ENV: z._default(z.enum(["development", "test", "production"]), "development"),
  PORT: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65535)), 3000),
  HOST: z._default(z.string(), "127.0.0.1"),
  PUBLIC_URL: z.optional(z.url()),
  DATA_DIR: z._default(z.string(), ".data"),
  LOG_LEVEL: z._default(z.enum(["debug", "info", "warn", "error", "silent"]), "info"),

  DATABASE_DRIVER: z.optional(z.enum(["pglite", "pg", "neon"])),
  DATABASE_URL: z.optional(z.string()),
  DATABASE_URL_SECRET_ARN: z.optional(z.string()),
  /** Local/test only: route the Neon driver's WebSocket through a bridge, e.g. "127.0.0.1:5488/?address={host}:{port}". */
  NEON_WS_PROXY: z.optional(z.string()),
  NEON_SECURE_WEBSOCKET: z._default(bool, true),

  BLOB_DRIVER: z._default(z.enum(["local", "s3"]), "local"),
  BLOB_BUCKET: z.optional(z.string()),
  S3_ENDPOINT: z.optional(z.url()),
  /**
   * On AWS, the distribution's URL: presigned downloads are served through its `/uploads/*`
   * behaviour, which adds nosniff and a default Content-Disposition. Unset: straight from S3.
   */
  BLOB_DOWNLOAD_URL: z.optional(z.url()),
  UPLOAD_MAX_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 25 * 1024 * 1024),

  QUEUE_DRIVER: z._default(z.enum(["table", "sqs"]), "table"),
  INBOUND_QUEUE_URL: z.optional(z.string()),
  INBOUND_DLQ_URL: z.optional(z.string()),
  SQS_ENDPOINT: z.optional(z.url()),
  QUEUE_VISIBILITY_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive()), 30),
  QUEUE_MAX_RECEIVES: z._default(z.coerce.number().check(z.int(), z.positive()), 5),

  EVENT_BUS_DRIVER: z._default(z.enum(["local", "eventbridge"]), "local"),
  EVENT_BUS_NAME: z.optional(z.string()),
  EVENTBRIDGE_ENDPOINT: z.optional(z.url()),

  AWS_REGION: z._default(z.string(), "us-east-1"),

  /** Secrets admins enter (channel tokens): "local" keeps them in DATA_DIR/secrets.json (0600), "aws" in Secrets Manager. */
  SECRETS_DRIVER: z._default(z.enum(["local", "aws"]), "local"),
  /** Prefix of the Secrets Manager names the app writes, e.g. "dotmac/prod/". */
  SECRETS_PREFIX: z._default(z.string(), "dotmac/"),
  SECRETS_MANAGER_ENDPOINT: z.optional(z.url()),

  /** Live updates: "local" posts to the runtime's open sockets; "apigateway" through the WebSocket API's management endpoint. */
  LIVE_DRIVER: z._default(z.enum(["local", "apigateway"]), "local"),
  /** The WebSocket API stage's management endpoint, https://{api}.execute-api.{region}.amazonaws.com/{stage}. */
  LIVE_MANAGEMENT_URL: z.optional(z.url()),
  /** Where browsers open the socket (wss://…/live); unset: PUBLIC_URL's origin with ws(s):// and /live. */
  LIVE_URL: z.optional(z.url()),

  /** "local" writes each message as a JSON file under DATA_DIR/mail; "ses" sends through Amazon SES. */
  MAIL_DRIVER: z._default(z.enum(["local", "ses"]), "local"),
  MAIL_FROM: z._default(z.string().check(z.minLength(3)), "DotMac CRM <no-reply@localhost>"),
  /** The local runtime's SMTP listener for the inbox's email channels (127.0.0.1 only); 0 picks a free port. */
  MAIL_LISTEN_PORT: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65535)), 2525),

  /** Whitespace/comma separated `whsec_…` secrets; more than one while rotating. */
  BILLING_WEBHOOK_SECRETS: z.optional(list),
  BILLING_WEBHOOK_SECRETS_SECRET_ARN: z.optional(z.string()),
  /**
   * Meta webhooks (X-Hub-Signature-256), one Meta app for WhatsApp and one for Messenger and Instagram:
   * each app's App Secret(s) (several while rotating) and the verify token typed in its dashboard.
   */
  META_WHATSAPP_APP_SECRETS: z.optional(list),
  META_WHATSAPP_APP_SECRETS_SECRET_ARN: z.optional(z.string()),
  META_WHATSAPP_VERIFY_TOKEN: z.optional(list),
  META_WHATSAPP_VERIFY_TOKEN_SECRET_ARN: z.optional(z.string()),
  META_APP_SECRETS: z.optional(list),
  META_APP_SECRETS_SECRET_ARN: z.optional(z.string()),
  META_VERIFY_TOKEN: z.optional(list),
  META_VERIFY_TOKEN_SECRET_ARN: z.optional(z.string()),
  /** Meta sends up to ~3 MB per delivery; a 413 would be retried for days, so its routes take more. */
  META_WEBHOOK_MAX_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 4 * 1024 * 1024),
  /**
   * Hosts provider media may be fetched from (https only), besides GRAPH_BASE_URL's own host. A leading
   * dot matches any subdomain. The bearer token goes to the Graph host and these hosts only.
   */
  META_MEDIA_HOSTS: z._default(list, ["lookaside.fbsbx.com", "cdn.fbsbx.com", ".fbcdn.net", ".cdninstagram.com"]),
  /** Largest provider media file stored; bigger ones are marked rejected ("open it in the app"). */
  INBOX_MEDIA_MAX_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 25 * 1024 * 1024),
  WEBHOOK_TOLERANCE_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive()), 300),
  WEBHOOK_MAX_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 1024 * 1024),
  /** Bodies larger than this go to blob storage and the queue message carries a pointer. */
  QUEUE_INLINE_MAX_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 200 * 1024),
  /**
   * Webhook requests per client IP, checked before the body is read or its signature computed: a
   * token bucket of BURST requests refilled at PER_SECOND, in each instance's memory.
   */
  WEBHOOK_RATE_LIMIT_BURST: z._default(z.coerce.number().check(z.int(), z.positive()), 100),
  WEBHOOK_RATE_LIMIT_PER_SECOND: z._default(z.coerce.number().check(z.positive()), 20),

  /**
   * Travel between two jobs is estimated as the great-circle (haversine) distance × ROAD_FACTOR at
   * SPEED_KMH: the dispatch domain's conflicts, auto-assign ranking and the board's travel minutes.
   */
  DISPATCH_ROAD_FACTOR: z._default(z.coerce.number().check(z.minimum(1), z.maximum(5)), 1.3),
  DISPATCH_SPEED_KMH: z._default(z.coerce.number().check(z.positive(), z.maximum(200)), 40),

  /** scrypt cost as log2(N): OWASP's 17 (128 MiB) at least, except in the test suites, which lower it. */
  PASSWORD_SCRYPT_LOG_N: z._default(z.coerce.number().check(z.int(), z.minimum(10), z.maximum(20)), 17),

  /** Signs sessions and local blob URLs. Generated into DATA_DIR when unset locally. */
  SESSION_SECRET: z.optional(z.string().check(z.minLength(32))),
  SESSION_SECRET_SECRET_ARN: z.optional(z.string()),
  /**
   * The value our CloudFront distribution puts in `x-dotmac-origin-verify` on requests to the API:
   * only a request carrying it has its client IP taken from `CloudFront-Viewer-Address`.
   */
  ORIGIN_VERIFY_SECRET: z.optional(z.string().check(z.minLength(32))),
  ORIGIN_VERIFY_SECRET_SECRET_ARN: z.optional(z.string()),

  /**
   * The `retention.prune` job: expired sessions, tokens and rate-limit rows and delivered outbox and
   * inbound rows older than this many days go, BATCH rows per statement, for at most BUDGET seconds a run.
   */
  RETENTION_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3650)), 30),
  RETENTION_BATCH_SIZE: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50_000)), 1_000),
  RETENTION_BUDGET_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(840)), 60),

  /**
   * Meta's Graph API for WhatsApp, Messenger and Instagram replies and media lookups. Locally and in tests it points at
   * the Graph emulator (tests/support/graph-emulator.ts) on 127.0.0.1.
   */
  GRAPH_BASE_URL: z._default(z.url(), "https://graph.facebook.com"),
  GRAPH_API_VERSION: z._default(z.string().check(z.regex(/^v\d+\.\d+$/)), "v21.0"),
  /** Inbox outbox: attempts per message before it is `failed` (the agent's retry button starts over). */
  INBOX_SEND_MAX_ATTEMPTS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 6),
  /** A message `sending` this long without the provider's id is sent again (after a crash mid-call). */
  INBOX_SEND_STUCK_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(30)), 300),
  /** Sends per channel per second (Meta's default throughput is 80/s per WhatsApp number). */
  INBOX_SEND_RATE_PER_SECOND: z._default(z.coerce.number().check(z.int(), z.positive()), 20),

  /**
   * The dispatch board's map tiles: a URL template with `{z}`, `{x}` and `{y}` placeholders. The portal's
   * CSP allows this URL's origin for images (security-headers.ts, tileOrigin); the board works without tiles.
   */
  MAP_TILE_URL: z._default(z.url(), DEFAULT_TILE_URL),
  MAP_TILE_ATTRIBUTION: z._default(z.string().check(z.maxLength(300)), "© OpenStreetMap contributors"),
  /**
   * Push to technicians' phones (FCM HTTP v1). Unset FCM_PROJECT_ID: push is off. The service-account key
   * (JSON) comes from FCM_SERVICE_ACCOUNT or FCM_SERVICE_ACCOUNT_SECRET_ARN; tests point FCM_BASE_URL (and the
   * key's token_uri) at the local emulator (tests/support/fcm-emulator.ts).
   */
  FCM_PROJECT_ID: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,64}$/))),
  FCM_BASE_URL: z._default(z.url(), "https://fcm.googleapis.com"),
  FCM_SERVICE_ACCOUNT: z.optional(z.string()),
  FCM_SERVICE_ACCOUNT_SECRET_ARN: z.optional(z.string()),
  /** The field app's upgrade gate (v1's /field/config): older apps are told to update before signing in. */
  FIELD_MIN_APP_VERSION: z._default(z.string().check(z.regex(/^\d+\.\d+\.\d+$/)), "1.0.0"),
  FIELD_LATEST_APP_VERSION: z._default(z.string().check(z.regex(/^\d+\.\d+\.\d+$/)), "1.0.0"),

  /** Sliding-window rate limits: requests per window, per signed-in user or per client IP. */
  RATE_LIMIT_WINDOW_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive()), 60),
  RATE_LIMIT_USER: z._default(z.coerce.number().check(z.int(), z.positive()), 300),
  RATE_LIMIT_IP: z._default(z.coerce.number().check(z.int(), z.positive()), 120),
  /** Web chat widget budgets per window: per client IP (every visitor call) and per visitor token. */
  WIDGET_RATE_LIMIT_WINDOW_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive()), 60),
  WIDGET_RATE_LIMIT_IP: z._default(z.coerce.number().check(z.int(), z.positive()), 300),
  WIDGET_RATE_LIMIT_VISITOR: z._default(z.coerce.number().check(z.int(), z.positive()), 60),
  /** Credential checks (every portal's sign-in, second factor, link and reset routes) per window per client IP. */
  RATE_LIMIT_LOGIN_IP: z._default(z.coerce.number().check(z.int(), z.positive()), 10),
  /**
   * Failed sign-ins per login window from one source (a trusted device, or one IP for other clients);
   * also second-factor and password-change attempts per user per window.
   */
  RATE_LIMIT_LOGIN_EMAIL: z._default(z.coerce.number().check(z.int(), z.positive()), 5),
  /** Failed sign-ins per login window from every client without a trusted device, together. */
  RATE_LIMIT_LOGIN_ACCOUNT: z._default(z.coerce.number().check(z.int(), z.positive()), 20),
  RATE_LIMIT_LOGIN_WINDOW_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive()), 900),
  /** Password-reset and sign-in-link requests per recovery window, per client IP and per email address. */
  RATE_LIMIT_RECOVERY_IP: z._default(z.coerce.number().check(z.int(), z.positive()), 10),
  RATE_LIMIT_RECOVERY_EMAIL: z._default(z.coerce.number().check(z.int(), z.positive()), 3),
  RATE_LIMIT_RECOVERY_WINDOW_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive()), 900),
});

const checked = settings.check(
  z.superRefine((c, ctx) => {
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
      c.LIVE_DRIVER === "apigateway" && !c.LIVE_MANAGEMENT_URL,
      "LIVE_MANAGEMENT_URL",
      "when LIVE_DRIVER=apigateway",
    );
    need(
      c.EVENT_BUS_DRIVER === "eventbridge" && !c.EVENT_BUS_NAME,
      "EVENT_BUS_NAME",
      "when EVENT_BUS_DRIVER=eventbridge",
    );
  }),
);

/**
 * Every environment variable the product reads, with its default. Parsed once; a bad or missing
 * variable fails with a message naming it. Secrets may also come from AWS Secrets Manager through
 * the `*_SECRET_ARN` variables (see secrets.ts).
 */
export const configSchema = z.pipe(
  checked,
  z.transform((c) => ({
    ...c,
    DATABASE_DRIVER: c.DATABASE_DRIVER ?? (c.DATABASE_URL ? ("pg" as const) : ("pglite" as const)),
  })),
);

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
