import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Function as SstFunction, Stack } from "sst/constructs";

export type Secrets = ReturnType<typeof secrets>;

/**
 * Secrets Manager secrets, read at runtime through the `*_SECRET_ARN` variables. The template never
 * holds a value: the session key is generated; the others start as random placeholders (which fail
 * closed) until the operator puts the real value after the first deploy.
 */
export function secrets(stack: Stack) {
  return {
    databaseUrl: new Secret(stack, "DatabaseUrl", {
      description: "Neon connection string (postgres://…); set after deploy with put-secret-value",
    }),
    sessionSecret: new Secret(stack, "SessionSecret", {
      description: "Signs session cookies and tokens; generated, rotate by regenerating",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    }),
    originVerify: new Secret(stack, "OriginVerify", {
      description: "Sent by CloudFront to the API; proves CloudFront-Viewer-Address came from our distribution",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    }),
    billingWebhookSecrets: new Secret(stack, "BillingWebhookSecrets", {
      description: "Billing webhook whsec_… secrets, space or comma separated (two while rotating)",
    }),
  };
}

/** Where the app writes secrets admins enter (SECRETS_PREFIX): one folder per stage. */
export const secretsPrefix = (stack: Stack) => `dotmac/${stack.stage}/`;

/**
 * Rights on the channel secrets the app writes (platform/secret-store.ts): the API creates and puts
 * them; senders read the access tokens; the webhook ingest reads only the verify tokens' digests.
 * Secrets Manager appends `-XXXXXX` to a name, hence the trailing wildcard.
 */
export function allowChannelSecrets(
  stack: Stack,
  fn: SstFunction,
  access: "write" | "read-access-tokens" | "read-verify-digests",
) {
  const arn = (name: string) =>
    `arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:${secretsPrefix(stack)}inbox/channel/*/${name}-*`;
  const statement =
    access === "write"
      ? {
          actions: ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue"],
          resources: [arn("access-token"), arn("verify-token-sha256")],
        }
      : {
          actions: ["secretsmanager:GetSecretValue"],
          resources: [arn(access === "read-access-tokens" ? "access-token" : "verify-token-sha256")],
        };
  fn.addToRolePolicy(new PolicyStatement(statement));
}
