import { openApiDocument } from "@dotmac/functions/api/openapi-document";

/** Prints the OpenAPI document as JSON: the Lambda build embeds it (infra/bundling.ts). */
process.stdout.write(JSON.stringify(await openApiDocument()));
