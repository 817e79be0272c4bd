import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import type { AwsSecretOptions } from "./secret-store";

/** Puts a new version of the secret, creating it on first use. */
export function secretsManagerWriter(options: AwsSecretOptions) {
  const client = new SecretsManagerClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  return async (secretId: string, value: string) => {
    try {
      await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: value }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await client.send(new CreateSecretCommand({ Name: secretId, SecretString: value }));
    }
  };
}
