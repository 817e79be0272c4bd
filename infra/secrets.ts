import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Stack } from "sst/constructs";

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
