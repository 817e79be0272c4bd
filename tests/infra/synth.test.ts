import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Match, Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject } from "sst/project.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WEBHOOK_ROUTE, WEBHOOK_ROUTE_THROTTLE } from "../../infra/api";
import { CONSUMER_TIMEOUT_SECONDS, MAX_RECEIVES } from "../../infra/inbound";
import { LIVE_STAGE } from "../../infra/live";
import { Crm } from "../../infra/stack";
import { DOWNLOAD_PATH, LIVE_PATH } from "../../infra/web";
import { jobNames, jobRegistry } from "../../packages/core/src/jobs/registry";
import { parseConfig } from "../../packages/core/src/platform/config";
import {
  cspHeader,
  cspWithOrigin,
  cspWithTiles,
  DEFAULT_TILE_URL,
  downloadCsp,
  ORIGIN_VERIFY_HEADER,
} from "../../packages/core/src/platform/security-headers";
import config from "../../sst.config";

/**
 * Synthesizes the SST app offline, as `sst deploy` would (bundling included), once, and asserts the
 * CloudFormation template: every requirement of the infra issue, least privilege, and the bundles.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
interface Resource {
  Type: string;
  Properties: JsonObject;
}
interface Statement {
  Effect: string;
  Action: string[];
  Resource: Json[];
}

const HANDLERS = ["api", "webhook", "inbound", "job", "events", "scan"] as const;
type HandlerName = (typeof HANDLERS)[number];

let template: Template;
let resources: Record<string, Resource>;
let outdir: string;
let webDist: string;
let synthSeconds = 0;

beforeAll(async () => {
  // A placeholder portal build: the test is about infra, not the portal (web.ts reads WEB_DIST).
  webDist = mkdtempSync(join(tmpdir(), "dotmac-web-"));
  writeFileSync(join(webDist, "index.html"), "<!doctype html><title>DotMac CRM</title>");
  vi.stubEnv("WEB_DIST", webDist);
  outdir = mkdtempSync(join(tmpdir(), "dotmac-cdk-"));

  const started = performance.now();
  await initProject({ stage: "test" });
  const { name } = await config.config();
  const app = new App(
    { mode: "deploy", stage: "test", name, region: "eu-west-1", account: "123456789012" },
    { outdir },
  );
  await config.stacks(app);
  await app.finish();
  template = Template.fromStack(getStack(Crm));
  synthSeconds = (performance.now() - started) / 1000;
  resources = template.toJSON().Resources as Record<string, Resource>;
  console.log(`synth took ${synthSeconds.toFixed(1)} s`);
}, 240_000);

afterAll(() => {
  vi.unstubAllEnvs();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
  if (webDist) rmSync(webDist, { recursive: true, force: true });
});

// ── template helpers ────────────────────────────────────────────────────────────────────────────

const ref = (id: string) => ({ Ref: id });
const arnOf = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

function props(id: string): JsonObject {
  const resource = resources[id];
  if (!resource) throw new Error(`No resource ${id}`);
  return resource.Properties;
}

function functionId(name: HandlerName): string {
  const handler = `packages/functions/src/handlers/${name}.handler`;
  const found = ofType("AWS::Lambda::Function").filter(([, r]) => r.Properties.Handler === handler);
  expect(found, `one function for ${handler}`).toHaveLength(1);
  return found[0]?.[0] ?? "";
}

function env(name: HandlerName): JsonObject {
  const environment = props(functionId(name)).Environment as { Variables: JsonObject };
  return environment.Variables;
}

/** The logical id an env var points at (`{ Ref: id }`). */
function envRef(name: HandlerName, key: string): string {
  const value = env(name)[key] as { Ref?: string } | undefined;
  if (!value?.Ref) throw new Error(`${key} on ${name} is not a Ref: ${JSON.stringify(value)}`);
  return value.Ref;
}

function getAttId(value: Json | undefined): string {
  const attr = (value as { "Fn::GetAtt"?: [string, string] } | undefined)?.["Fn::GetAtt"];
  if (!attr) throw new Error(`Not a GetAtt: ${JSON.stringify(value)}`);
  return attr[0];
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every Allow statement in the inline policies attached to a function's role. */
function statements(name: HandlerName): Statement[] {
  const roleId = getAttId(props(functionId(name)).Role);
  return ofType("AWS::IAM::Policy")
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(JSON.stringify(ref(roleId))))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: JsonObject[] }).Statement)
    .map((s) => ({
      Effect: s.Effect as string,
      Action: asArray(s.Action as string | string[]),
      Resource: asArray(s.Resource as Json),
    }));
}

function resourcesAllowed(name: HandlerName, action: string): string[] {
  return statements(name)
    .filter((s) => s.Effect === "Allow" && s.Action.includes(action))
    .flatMap((s) => s.Resource.map((r) => JSON.stringify(r)));
}

/** Object-level S3 grants as `action → key patterns` (e.g. s3:PutObject → ["inbound/*"]). */
function objectGrants(name: HandlerName, bucketId: string): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  for (const s of statements(name)) {
    for (const resource of s.Resource) {
      const parts = (resource as { "Fn::Join"?: [string, Json[]] })["Fn::Join"]?.[1];
      if (!parts || JSON.stringify(parts[0]) !== JSON.stringify(arnOf(bucketId))) continue;
      const pattern = String(parts[1]).replace(/^\//, "");
      for (const action of s.Action.filter((a) => a.startsWith("s3:"))) {
        grants[action] = [...(grants[action] ?? []), pattern];
      }
    }
  }
  return grants;
}

/** The ApiGatewayV2 resources of one protocol (the HTTP API, or the live WebSocket API). */
function apiIdOf(protocol: "HTTP" | "WEBSOCKET"): string {
  const found = ofType("AWS::ApiGatewayV2::Api").filter(([, r]) => r.Properties.ProtocolType === protocol);
  expect(found, `one ${protocol} API`).toHaveLength(1);
  return found[0]?.[0] ?? "";
}
const ofApi = (type: string, protocol: "HTTP" | "WEBSOCKET") =>
  ofType(type).filter(([, r]) => JSON.stringify(r.Properties.ApiId) === JSON.stringify(ref(apiIdOf(protocol))));

// ── functions ───────────────────────────────────────────────────────────────────────────────────

describe("functions", () => {
  it("runs every handler on nodejs22.x, arm64, with log retention and the secrets extension", () => {
    for (const name of HANDLERS) {
      const fn = props(functionId(name));
      expect(fn.Runtime, name).toBe("nodejs22.x");
      expect(fn.Architectures, name).toEqual(["arm64"]);
      expect(JSON.stringify(fn.Layers), name).toMatch(/AWS-Parameters-and-Secrets-Lambda-Extension-Arm64/);
      expect(env(name).PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, name).toBe("2773");
      template.hasResourceProperties("Custom::LogRetention", {
        LogGroupName: { "Fn::Join": ["", ["/aws/lambda/", ref(functionId(name))]] },
        RetentionInDays: 30,
      });
    }
    // Helper functions (SST, CDK providers) included: no Node runtime older than 22.
    for (const [id, fn] of ofType("AWS::Lambda::Function")) {
      const runtime = String(fn.Properties.Runtime);
      if (runtime.startsWith("nodejs")) expect(runtime, id).toBe("nodejs22.x");
    }
  });

  it("keeps the API under API Gateway's 30 s limit", () => {
    expect(Number(props(functionId("api")).Timeout)).toBeLessThan(30);
  });

  it("bundles each handler as minified ESM chunks, without the local-only drivers, within the size budget", () => {
    const coldPath: Record<string, number> = {};
    for (const name of HANDLERS) {
      const key = String((props(functionId(name)).Code as JsonObject).S3Key);
      const asset = join(outdir, `asset.${key.replace(/\.zip$/, "")}`);
      const file = join(asset, `packages/functions/src/handlers/${name}.mjs`);
      expect(existsSync(file), `${name} bundle at ${file}`).toBe(true);
      // Code splitting: the cold-start path is the entry plus the chunks it imports statically.
      const seen = new Set<string>();
      const visit = (path: string) => {
        if (seen.has(path)) return;
        seen.add(path);
        const code = readFileSync(path, "utf8");
        for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^"'()]*?from\s*)?["'](\.{1,2}\/[^"']+\.mjs)["']/g)) {
          visit(join(dirname(path), m[1] as string));
        }
      };
      visit(file);
      coldPath[name] = [...seen].reduce((sum, path) => sum + statSync(path).size, 0);
      const files = readdirSync(asset, { recursive: true }).map(String);
      const all = files
        .filter((f) => f.endsWith(".mjs"))
        .map((f) => readFileSync(join(asset, f), "utf8"))
        .join("\n");
      expect(all.split("\n").length, `${name} is minified`).toBeLessThan(all.length / 500);
      expect(all, `${name} loads no SSM client (no sst bind)`).not.toContain("AmazonSSM");
      // The api answers /api/openapi.json with the document built at build time (infra/bundling.ts).
      if (name === "api") expect(all, "api embeds the OpenAPI document").toMatch(/\bopenapi:"3\.1\.0",info:/);
      expect(
        files.filter((f) => f.endsWith(".wasm") || f.includes("node_modules")),
        name,
      ).toEqual([]);
    }
    console.table(
      Object.fromEntries(Object.entries(coldPath).map(([k, v]) => [k, { "cold path KiB": Math.round(v / 1024) }])),
    );
    expect(coldPath.webhook).toBeLessThanOrEqual(512 * 1024);
    // The api's entry holds the base and the /api chain; each request's route group is a lazy chunk
    // (tests/infra/route-groups.test.ts holds each group to its own budget).
    expect(coldPath.api).toBeLessThanOrEqual(512 * 1024);
  });

  it("configures every function from env vars that core's config accepts, with no secret values", () => {
    const secretIds = ofType("AWS::SecretsManager::Secret").map(([id]) => id);
    for (const name of HANDLERS) {
      const vars = env(name);
      expect(vars).toMatchObject({
        NODE_ENV: "production",
        DATABASE_DRIVER: "neon",
        BLOB_DRIVER: "s3",
        QUEUE_DRIVER: "sqs",
        EVENT_BUS_DRIVER: "eventbridge",
        DATA_DIR: "/tmp",
        QUEUE_MAX_RECEIVES: String(MAX_RECEIVES),
      });
      for (const key of ["DATABASE_URL", "SESSION_SECRET", "BILLING_WEBHOOK_SECRETS", "ORIGIN_VERIFY_SECRET"]) {
        expect(vars[key], `${name} has no ${key} value`).toBeUndefined();
        expect(secretIds, `${name} ${key}_SECRET_ARN names a secret`).toContain(envRef(name, `${key}_SECRET_ARN`));
      }
      expect(JSON.stringify(vars), name).not.toMatch(/resolve:secretsmanager|SecretString/);
      for (const key of ["BLOB_BUCKET", "INBOUND_QUEUE_URL", "INBOUND_DLQ_URL", "EVENT_BUS_NAME"]) {
        expect(resources[envRef(name, key)], `${name} ${key}`).toBeDefined();
      }
      expect(JSON.stringify(vars.PUBLIC_URL), name).toContain("DomainName");
      expect(vars.BLOB_DOWNLOAD_URL, name).toEqual(vars.PUBLIC_URL);
      // Stand-in strings for the CloudFormation references, then the real parser from core.
      const resolved = Object.fromEntries(
        Object.entries(vars).map(([k, v]) => [k, typeof v === "string" ? v : `https://resolved.example/${k}`]),
      );
      const parsed = parseConfig(resolved);
      expect(parsed.DATABASE_DRIVER).toBe("neon");
    }
  });
});

// ── HTTP API ────────────────────────────────────────────────────────────────────────────────────

describe("HTTP API", () => {
  it.each([
    ["ANY /api/{proxy+}", "api"],
    ["ANY /webhooks/{proxy+}", "webhook"],
  ] as const)("routes %s to the %s function with payload v2", (routeKey, name) => {
    const routes = ofType("AWS::ApiGatewayV2::Route").filter(([, r]) => r.Properties.RouteKey === routeKey);
    expect(routes).toHaveLength(1);
    const target = JSON.stringify(routes[0]?.[1].Properties.Target);
    const integration = ofType("AWS::ApiGatewayV2::Integration").find(([id]) => target.includes(`"${id}"`));
    expect(integration?.[1].Properties).toMatchObject({
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
      IntegrationUri: arnOf(functionId(name)),
    });
  });

  it("has exactly those two routes", () => {
    expect(ofApi("AWS::ApiGatewayV2::Route", "HTTP")).toHaveLength(2);
  });

  it("throttles the webhook route below the API's default, for all callers together, once the route exists", () => {
    const stages = ofApi("AWS::ApiGatewayV2::Stage", "HTTP");
    expect(stages).toHaveLength(1);
    const [stageId, stage] = stages[0] as [string, Resource];
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 500, ThrottlingRateLimit: 200 });
    expect(stage.Properties.RouteSettings).toEqual({
      [WEBHOOK_ROUTE]: {
        ThrottlingBurstLimit: WEBHOOK_ROUTE_THROTTLE.burst,
        ThrottlingRateLimit: WEBHOOK_ROUTE_THROTTLE.rate,
      },
    });
    expect(WEBHOOK_ROUTE_THROTTLE.rate).toBeLessThan(200);
    const [routeId] = ofType("AWS::ApiGatewayV2::Route").find(([, r]) => r.Properties.RouteKey === WEBHOOK_ROUTE) ?? [];
    const dependsOn = (template.toJSON().Resources[stageId] as { DependsOn?: string[] }).DependsOn;
    expect(dependsOn).toContain(routeId);
  });
});

// ── inbound queue ───────────────────────────────────────────────────────────────────────────────

describe("inbound queue", () => {
  it("redrives to a DLQ after MAX_RECEIVES and hides messages for 6× the consumer timeout", () => {
    const queue = props(envRef("webhook", "INBOUND_QUEUE_URL"));
    const dlqId = envRef("api", "INBOUND_DLQ_URL");
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(dlqId), maxReceiveCount: 5 });
    const consumerTimeout = Number(props(functionId("inbound")).Timeout);
    expect(consumerTimeout).toBe(CONSUMER_TIMEOUT_SECONDS);
    expect(Number(queue.VisibilityTimeout)).toBeGreaterThanOrEqual(6 * consumerTimeout);
  });

  it("encrypts every queue and refuses plain HTTP to it", () => {
    const queues = ofType("AWS::SQS::Queue");
    expect(queues.length).toBeGreaterThanOrEqual(4);
    for (const [id, queue] of queues) {
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [ref(id)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
    }
  });

  it("feeds the inbound function with partial batch failures", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: arnOf(envRef("inbound", "INBOUND_QUEUE_URL")),
      FunctionName: ref(functionId("inbound")),
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });
});

// ── schedules ───────────────────────────────────────────────────────────────────────────────────

describe("schedules", () => {
  it("creates one schedule per registered job", () => {
    template.resourceCountIs("AWS::Scheduler::Schedule", jobNames.length);
  });

  it.each(jobNames)("schedules %s with its input, retries and a DLQ", (name) => {
    template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: jobRegistry[name].schedule,
      State: "ENABLED",
      Target: {
        Arn: arnOf(functionId("job")),
        Input: JSON.stringify({ job: name }),
        RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
        DeadLetterConfig: { Arn: Match.objectLike({ "Fn::GetAtt": Match.anyValue() }) },
        RoleArn: Match.anyValue(),
      },
    });
  });

  it("lets the scheduler role only invoke the job function and write to the schedules' DLQ", () => {
    const targets = ofType("AWS::Scheduler::Schedule").map(([, s]) => s.Properties.Target as JsonObject);
    const roleIds = new Set(targets.map((t) => getAttId(t.RoleArn)));
    const dlqIds = new Set(targets.map((t) => getAttId((t.DeadLetterConfig as JsonObject).Arn)));
    expect(roleIds.size).toBe(1);
    expect(dlqIds.size).toBe(1);
    const [roleId] = [...roleIds];
    const [dlqId] = [...dlqIds];
    const role = props(roleId ?? "");
    expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain("scheduler.amazonaws.com");
    expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain("aws:SourceAccount");
    const allowed = ofType("AWS::IAM::Policy")
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(JSON.stringify(ref(roleId ?? ""))))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: JsonObject[] }).Statement);
    const jobArn = JSON.stringify(arnOf(functionId("job")));
    for (const s of allowed) {
      const actions = asArray(s.Action as string | string[]);
      const targets = JSON.stringify(s.Resource);
      if (actions.includes("lambda:InvokeFunction")) {
        expect(actions).toEqual(["lambda:InvokeFunction"]);
        for (const r of asArray(s.Resource as Json)) expect(JSON.stringify(r)).toContain(jobArn);
      } else {
        expect(actions).toEqual(["sqs:SendMessage"]);
        expect(targets).toBe(JSON.stringify(arnOf(dlqId ?? "")));
      }
    }
  });
});

// ── event bus ───────────────────────────────────────────────────────────────────────────────────

describe("event bus", () => {
  it("routes dotmac.crm events to the events function, with retries and a DLQ", () => {
    const busId = envRef("events", "EVENT_BUS_NAME");
    expect(resources[busId]?.Type).toBe("AWS::Events::EventBus");
    template.hasResourceProperties("AWS::Events::Rule", {
      EventBusName: ref(busId),
      EventPattern: { source: ["dotmac.crm"] },
      Targets: [
        Match.objectLike({
          Arn: arnOf(functionId("events")),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
  });
});

// ── attachments bucket ──────────────────────────────────────────────────────────────────────────

describe("attachments bucket", () => {
  it("is private, encrypted, CORS-open for POST from the portal only, with lifecycle rules", () => {
    const bucket = props(envRef("api", "BLOB_BUCKET"));
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(JSON.stringify(bucket.BucketEncryption)).toMatch(/AES256|aws:kms/);
    const cors = (bucket.CorsConfiguration as { CorsRules: JsonObject[] }).CorsRules;
    expect(cors).toHaveLength(1);
    expect(cors[0]?.AllowedMethods).toEqual(["POST"]);
    expect(JSON.stringify(cors[0]?.AllowedOrigins)).toContain("DomainName");
    const rules = (bucket.LifecycleConfiguration as { Rules: JsonObject[] }).Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: expect.any(Number) } }),
        expect.objectContaining({ Prefix: "quarantine/", ExpirationInDays: expect.any(Number) }),
        expect.objectContaining({ Prefix: "inbound/", ExpirationInDays: expect.any(Number) }),
      ]),
    );
  });

  it("denies requests without TLS", () => {
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: ref(envRef("api", "BLOB_BUCKET")),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("scans objects created under uploads/", () => {
    template.hasResourceProperties("Custom::S3BucketNotifications", {
      BucketName: ref(envRef("scan", "BLOB_BUCKET")),
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ["s3:ObjectCreated:*"],
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "uploads/" }] } },
            LambdaFunctionArn: arnOf(functionId("scan")),
          },
        ],
      },
    });
  });
});

describe("inbound email (SES receiving)", () => {
  it("an SES receipt rule writes raw mail under inbound/email/ with spam and virus scanning", () => {
    template.hasResourceProperties("AWS::SES::ReceiptRule", {
      Rule: Match.objectLike({
        Enabled: true,
        ScanEnabled: true,
        TlsPolicy: "Require",
        Actions: [
          {
            S3Action: Match.objectLike({
              BucketName: ref(envRef("inbound", "BLOB_BUCKET")),
              ObjectKeyPrefix: "inbound/email/",
            }),
          },
        ],
      }),
    });
  });

  it("the bucket notifies the inbound queue of new mail, and only of mail", () => {
    template.hasResourceProperties("Custom::S3BucketNotifications", {
      NotificationConfiguration: Match.objectLike({
        QueueConfigurations: [
          {
            Events: ["s3:ObjectCreated:*"],
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "inbound/email/" }] } },
            QueueArn: Match.anyValue(),
          },
        ],
      }),
    });
  });
});

// ── CloudFront ──────────────────────────────────────────────────────────────────────────────────

describe("CloudFront", () => {
  const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
  const ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

  it("serves the portal and sends /api/* and /webhooks/* uncached to the HTTP API", () => {
    const distributions = ofType("AWS::CloudFront::Distribution");
    expect(distributions).toHaveLength(1);
    const distribution = distributions[0]?.[1].Properties.DistributionConfig as JsonObject;
    const origins = distribution.Origins as JsonObject[];
    const apiId = apiIdOf("HTTP");
    const apiOrigin = origins.find((o) => JSON.stringify(o.DomainName).includes(JSON.stringify(ref(apiId))));
    expect(apiOrigin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: "https-only" });
    const behaviours = distribution.CacheBehaviors as JsonObject[];
    for (const path of ["/api/*", "/webhooks/*"]) {
      expect(behaviours.find((b) => b.PathPattern === path)).toMatchObject({
        TargetOriginId: apiOrigin?.Id,
        AllowedMethods: expect.arrayContaining(["POST", "PUT", "PATCH", "DELETE"]),
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ViewerProtocolPolicy: "https-only",
      });
    }
    const portal = distribution.DefaultCacheBehavior as JsonObject;
    expect(portal.TargetOriginId).not.toBe(apiOrigin?.Id);
    expect(portal.FunctionAssociations).toHaveLength(1);
    // A distribution-wide error page would turn the API's 403/404 problem+json into index.html.
    expect(distribution.CustomErrorResponses ?? []).toEqual([]);
    template.resourceCountIs("AWS::CloudFront::Function", 1);
  });

  const distributionConfig = () =>
    ofType("AWS::CloudFront::Distribution")[0]?.[1].Properties.DistributionConfig as JsonObject;
  const headersPolicy = (id: Json | undefined) =>
    props((id as { Ref: string }).Ref).ResponseHeadersPolicyConfig as JsonObject;
  /** A CloudFormation string as text, each reference shown as `<Id.Attribute>`. */
  const flat = (value: Json | undefined): string => {
    if (typeof value === "string") return value;
    const join = (value as { "Fn::Join"?: [string, Json[]] })["Fn::Join"];
    if (join) return join[1].map(flat).join(join[0]);
    const att = (value as { "Fn::GetAtt"?: [string, string] })["Fn::GetAtt"];
    if (att) return `<${att[0]}.${att[1]}>`;
    const ref = (value as { Ref?: string }).Ref;
    if (ref) return `<${ref}>`;
    return JSON.stringify(value);
  };
  /** The attachments bucket's regional domain, as the template spells it. */
  const bucketDomain = () => {
    const name = props(envRef("api", "BLOB_BUCKET")).BucketName;
    expect(typeof name, "the bucket has a fixed name").toBe("string");
    return `${name}.s3.eu-west-1.<AWS::URLSuffix>`;
  };

  it("sends the portal the API's CSP (one definition in core) plus the bucket origin uploads go to and the map tiles' origin, with the security headers", () => {
    const portal = distributionConfig().DefaultCacheBehavior as JsonObject;
    const policy = headersPolicy(portal.ResponseHeadersPolicyId);
    const security = policy.SecurityHeadersConfig as JsonObject;
    const csp = flat((security.ContentSecurityPolicy as JsonObject).ContentSecurityPolicy);
    expect(csp).toBe(cspHeader(cspWithTiles(cspWithOrigin(`https://${bucketDomain()}`), DEFAULT_TILE_URL)));
    expect(csp).toContain("https://tile.openstreetmap.org");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(security).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: "DENY", Override: true },
      ReferrerPolicy: { ReferrerPolicy: "no-referrer", Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
    });
  });

  it("serves downloads from the bucket through a behaviour that adds nosniff and a default attachment disposition", () => {
    const distribution = distributionConfig();
    const behaviour = (distribution.CacheBehaviors as JsonObject[]).find((b) => b.PathPattern === DOWNLOAD_PATH);
    expect(DOWNLOAD_PATH).toBe("/uploads/*");
    const origin = (distribution.Origins as JsonObject[]).find((o) => o.Id === behaviour?.TargetOriginId);
    expect(flat(origin?.DomainName)).toBe(bucketDomain());
    expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: "https-only" });
    expect(behaviour).toMatchObject({
      AllowedMethods: ["GET", "HEAD"],
      CachePolicyId: CACHING_DISABLED,
      ViewerProtocolPolicy: "https-only",
    });
    // The signed query, response-content-disposition included, reaches S3 (managed policies drop it).
    const request = props(
      (behaviour?.OriginRequestPolicyId as { Ref: string } | undefined)?.Ref ?? "",
    ).OriginRequestPolicyConfig;
    expect(request).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: "all" },
      HeadersConfig: { HeaderBehavior: "none" },
      CookiesConfig: { CookieBehavior: "none" },
    });
    const policy = headersPolicy(behaviour?.ResponseHeadersPolicyId);
    expect(policy.SecurityHeadersConfig).toMatchObject({
      ContentTypeOptions: { Override: true },
      ContentSecurityPolicy: { ContentSecurityPolicy: downloadCsp, Override: true },
    });
    const custom = (policy.CustomHeadersConfig as { Items: JsonObject[] }).Items;
    // Not overriding: S3's answer to the signed disposition (inline for an allowed image) stands.
    expect(custom).toContainEqual({ Header: "Content-Disposition", Value: "attachment", Override: false });
  });

  it("marks requests to the API with the origin-verify secret, by reference, and lets only the API side read it", () => {
    const distribution = distributionConfig();
    const api = (distribution.CacheBehaviors as JsonObject[]).find((b) => b.PathPattern === "/api/*");
    const origin = (distribution.Origins as JsonObject[]).find((o) => o.Id === api?.TargetOriginId);
    const headers = origin?.OriginCustomHeaders as JsonObject[];
    const verify = headers.find((h) => h.HeaderName === ORIGIN_VERIFY_HEADER);
    const secretId = envRef("api", "ORIGIN_VERIFY_SECRET_SECRET_ARN");
    expect(flat(verify?.HeaderValue)).toMatch(/^\{\{resolve:secretsmanager:.*:SecretString:::\}\}$/);
    expect(JSON.stringify(verify?.HeaderValue)).toContain(secretId);
    expect(props(secretId).GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    // CloudFront passes its own headers, CloudFront-Viewer-Address among them, to the API.
    expect(api?.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
  });
});

// ── secrets ─────────────────────────────────────────────────────────────────────────────────────

describe("secrets", () => {
  it("keeps the database URL, session key, origin-verify and billing webhook secrets in Secrets Manager, values out of the template", () => {
    const secrets = ofType("AWS::SecretsManager::Secret");
    expect(secrets).toHaveLength(4);
    for (const [id, secret] of secrets) expect(secret.Properties.SecretString, id).toBeUndefined();
    const session = props(envRef("api", "SESSION_SECRET_SECRET_ARN"));
    expect(Number((session.GenerateSecretString as JsonObject).PasswordLength)).toBeGreaterThanOrEqual(32);
  });
});

// ── alarms ──────────────────────────────────────────────────────────────────────────────────────

describe("alarms", () => {
  it("alarms when any dead-letter queue holds a message", () => {
    const dlqs = new Set([
      envRef("api", "INBOUND_DLQ_URL"),
      ...ofType("AWS::Scheduler::Schedule").map(([, s]) =>
        getAttId(((s.Properties.Target as JsonObject).DeadLetterConfig as JsonObject).Arn),
      ),
      ...ofType("AWS::Events::Rule").flatMap(([, r]) =>
        (r.Properties.Targets as JsonObject[]).map((t) => getAttId((t.DeadLetterConfig as JsonObject).Arn)),
      ),
    ]);
    // Inbound, scheduler and events dead-letter queues.
    expect(dlqs.size).toBe(3);
    for (const dlq of dlqs) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: "AWS/SQS",
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlq, "QueueName"] } }],
        ComparisonOperator: "GreaterThanThreshold",
        Threshold: 0,
        AlarmActions: Match.anyValue(),
      });
    }
  });

  it.each(HANDLERS)("alarms on errors of the %s function", (name) => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: ref(functionId(name)) }],
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: 0,
      AlarmActions: Match.anyValue(),
    });
  });
});

// ── least privilege ─────────────────────────────────────────────────────────────────────────────

describe("least privilege", () => {
  const secretsUsed: Record<HandlerName, string[]> = {
    api: ["DATABASE_URL", "SESSION_SECRET", "ORIGIN_VERIFY_SECRET"],
    webhook: ["BILLING_WEBHOOK_SECRETS", "ORIGIN_VERIFY_SECRET"],
    inbound: ["DATABASE_URL"],
    job: ["DATABASE_URL"],
    events: ["DATABASE_URL"],
    scan: ["DATABASE_URL"],
  };
  const publishesEvents: Record<HandlerName, boolean> = {
    api: true,
    webhook: false,
    inbound: true,
    job: true,
    events: true,
    scan: false,
  };
  const objectAccess: Record<HandlerName, Record<string, string[]>> = {
    api: { "s3:PutObject": ["uploads/*"], "s3:GetObject*": ["uploads/*", "inbox/*"] },
    webhook: { "s3:PutObject": ["inbound/*"] },
    inbound: { "s3:GetObject*": ["inbound/*"], "s3:PutObject": ["inbox/*"] },
    job: { "s3:DeleteObject*": ["uploads/*"] },
    events: {},
    scan: { "s3:GetObject*": ["uploads/*"], "s3:PutObject": ["quarantine/*"], "s3:DeleteObject*": ["uploads/*"] },
  };

  it.each(HANDLERS)("grants the %s function no wildcard service actions", (name) => {
    for (const s of statements(name)) {
      for (const action of s.Action) {
        expect(action, `${name}: ${action}`).not.toMatch(/^\*$|^[a-z0-9-]+:\*$/);
      }
    }
    const role = props(getAttId(props(functionId(name)).Role));
    expect(JSON.stringify(role.ManagedPolicyArns ?? [])).not.toMatch(/FullAccess|AdministratorAccess/);
  });

  // Channel secrets the app writes itself (platform/secret-store.ts), by the name's last part.
  const channelSecretsRead: Record<HandlerName, string[]> = {
    api: ["access-token"],
    webhook: ["verify-token-sha256"],
    inbound: ["access-token"],
    job: ["access-token"],
    events: ["access-token"],
    scan: [],
  };
  const channelSecret = (resource: string) => /inbox\/channel\/\*\/([a-z0-9-]+)-\*/.exec(resource)?.[1];

  it.each(HANDLERS)("lets the %s function read exactly the secrets it uses", (name) => {
    const all = resourcesAllowed(name, "secretsmanager:GetSecretValue");
    const readable = all.filter((r) => !channelSecret(r)).sort();
    const expected = secretsUsed[name].map((key) => JSON.stringify(ref(envRef(name, `${key}_SECRET_ARN`)))).sort();
    expect(readable).toEqual(expected);
    expect(all.map(channelSecret).filter(Boolean).sort()).toEqual(channelSecretsRead[name]);
    for (const r of all.filter(channelSecret)) expect(r).toContain("dotmac/test/inbox/channel/");
  });

  it("lets only the API write channel secrets, under the stage's prefix", () => {
    for (const name of HANDLERS) {
      for (const action of ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue"]) {
        const allowed = resourcesAllowed(name, action);
        expect(allowed.map(channelSecret).sort(), `${name} ${action}`).toEqual(
          name === "api" ? ["access-token", "verify-token-sha256"] : [],
        );
      }
    }
    expect(env("api").SECRETS_DRIVER).toBe("aws");
  });

  it.each(HANDLERS)("lets the %s function publish events only if it commits them", (name) => {
    const bus = JSON.stringify(arnOf(envRef(name, "EVENT_BUS_NAME")));
    expect(resourcesAllowed(name, "events:PutEvents")).toEqual(publishesEvents[name] ? [bus] : []);
  });

  it.each(HANDLERS)("gives the %s function object access under its own prefixes only", (name) => {
    const grants = objectGrants(name, envRef(name, "BLOB_BUCKET"));
    for (const [action, patterns] of Object.entries(objectAccess[name])) {
      expect(grants[action]?.sort(), `${name} ${action}`).toEqual(patterns.sort());
    }
    const objectActions = ["s3:PutObject", "s3:GetObject*", "s3:DeleteObject*"];
    for (const action of objectActions.filter((a) => !(a in objectAccess[name]))) {
      expect(grants[action], `${name} has no ${action}`).toBeUndefined();
    }
  });

  it("lets only the webhook function send to the inbound queue, and lets the API read queue depths", () => {
    const queue = JSON.stringify(arnOf(envRef("webhook", "INBOUND_QUEUE_URL")));
    const dlq = JSON.stringify(arnOf(envRef("api", "INBOUND_DLQ_URL")));
    for (const name of HANDLERS) {
      expect(resourcesAllowed(name, "sqs:SendMessage").includes(queue), name).toBe(name === "webhook");
    }
    expect(resourcesAllowed("api", "sqs:GetQueueAttributes").sort()).toEqual([queue, dlq].sort());
    expect(resourcesAllowed("inbound", "sqs:DeleteMessage")).toEqual([queue]);
  });

  it("lets only the API, events and job functions send email (links, notifications, retries), through SES identities", () => {
    for (const name of HANDLERS) {
      const allowed = resourcesAllowed(name, "ses:SendEmail");
      expect(allowed.length > 0, name).toBe(["api", "events", "job"].includes(name));
      for (const resource of allowed) expect(resource).toMatch(/:identity\/\*/);
    }
    expect(env("api").MAIL_DRIVER).toBe("ses");
  });
});

describe("live updates", () => {
  it("routes $connect, $default and $disconnect to the small live handler, with no authorizer (the ticket is the auth)", () => {
    const routes = ofApi("AWS::ApiGatewayV2::Route", "WEBSOCKET");
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(["$connect", "$default", "$disconnect"]);
    for (const [, r] of routes) expect(r.Properties.AuthorizationType ?? "NONE").toBe("NONE");
    const handlers = ["$connect", "$default", "$disconnect"].map((route) => {
      const integration = JSON.stringify(
        ofType("AWS::ApiGatewayV2::Integration").find(([id]) =>
          JSON.stringify(routes.find(([, r]) => r.Properties.RouteKey === route)?.[1].Properties.Target).includes(
            `"${id}"`,
          ),
        )?.[1].Properties.IntegrationUri,
      );
      const fn = ofType("AWS::Lambda::Function").find(([id]) => integration.includes(`"${id}"`));
      return fn?.[1].Properties.Handler;
    });
    expect(handlers).toEqual([
      "packages/functions/src/handlers/live.connect",
      "packages/functions/src/handlers/live.message",
      "packages/functions/src/handlers/live.disconnect",
    ]);
    const stages = ofApi("AWS::ApiGatewayV2::Stage", "WEBSOCKET");
    expect(stages.map(([, s]) => s.Properties.StageName)).toEqual([LIVE_STAGE]);
  });

  it("lets the events and job functions post to this API's connections, configured by env", () => {
    for (const name of ["events", "job"] as const) {
      expect(env(name).LIVE_DRIVER).toBe("apigateway");
      expect(JSON.stringify(env(name).LIVE_MANAGEMENT_URL)).toContain(apiIdOf("WEBSOCKET"));
      const allowed = resourcesAllowed(name, "execute-api:ManageConnections");
      expect(allowed.length, name).toBeGreaterThan(0);
      for (const r of allowed) expect(r, name).toContain(apiIdOf("WEBSOCKET"));
    }
    for (const name of ["api", "webhook", "inbound", "scan"] as const) {
      expect(resourcesAllowed(name, "execute-api:ManageConnections"), name).toEqual([]);
    }
    expect(() => parseConfig({ LIVE_DRIVER: "apigateway" })).toThrow(/LIVE_MANAGEMENT_URL/);
  });

  it("sends /live on the distribution to the WebSocket stage of that name, uncached, query and Sec-WebSocket headers passed", () => {
    expect(LIVE_PATH).toBe(`/${LIVE_STAGE}`);
    const distribution = ofType("AWS::CloudFront::Distribution")[0]?.[1].Properties.DistributionConfig as JsonObject;
    const origin = (distribution.Origins as JsonObject[]).find((o) =>
      JSON.stringify(o.DomainName).includes(JSON.stringify(ref(apiIdOf("WEBSOCKET")))),
    );
    expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: "https-only" });
    expect(origin?.OriginPath ?? "").toBe("");
    expect((distribution.CacheBehaviors as JsonObject[]).find((b) => b.PathPattern === LIVE_PATH)).toMatchObject({
      TargetOriginId: origin?.Id,
      CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", // CachingDisabled
      OriginRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac", // AllViewerExceptHostHeader
      ViewerProtocolPolicy: "https-only",
    });
  });
});

describe("synth", () => {
  it("finishes within the budget", () => {
    expect(synthSeconds).toBeLessThan(180);
  });
});
