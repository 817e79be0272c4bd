import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import {
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
} from "aws-cdk-lib/aws-lambda";
import { type FunctionProps, Function as SstFunction, type Stack } from "sst/constructs";
import { lambdaEsbuild } from "./bundling";

/** The Lambda entry points in packages/functions/src/handlers; each file exports `handler`. */
export type HandlerName = "api" | "webhook" | "inbound" | "job" | "events" | "scan";

/** A Lambda function for one handler; everything not given comes from the stack's function defaults. */
export function lambda(stack: Stack, id: string, name: HandlerName, props: Omit<FunctionProps, "handler"> = {}) {
  return new SstFunction(stack, id, { handler: `packages/functions/src/handlers/${name}.handler`, ...props });
}

/** Lets a function send email through SES, from the account's verified identities only. */
export function allowSendEmail(stack: Stack, fn: SstFunction) {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ["ses:SendEmail"],
      resources: [`arn:${stack.partition}:ses:${stack.region}:${stack.account}:identity/*`],
    }),
  );
}

/**
 * What every function in the app shares: runtime, bundling, logs, and the Parameters and Secrets
 * extension that serves `*_SECRET_ARN` secrets on localhost:2773 (platform/secrets.ts), so no
 * Secrets Manager client is bundled. `environment` is the whole runtime configuration (config.ts).
 */
export function functionDefaults(environment: Record<string, string>): FunctionProps {
  return {
    runtime: "nodejs22.x",
    architecture: "arm_64",
    memorySize: 1024,
    timeout: 30,
    logRetention: "one_month",
    tracing: "active",
    environment,
    paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, {
      logLevel: ParamsAndSecretsLogLevel.WARN,
    }),
    nodejs: {
      format: "esm",
      minify: true,
      // Chunks loaded by dynamic import (each API route group, the AWS clients) stay out of the entry
      // file, so a cold start parses only what the request's path uses.
      splitting: true,
      // Local-only drivers left out, zod in English only, the OpenAPI document built now (bundling.ts).
      esbuild: lambdaEsbuild(),
    },
  };
}
