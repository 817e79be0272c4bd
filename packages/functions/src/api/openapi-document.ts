let built: Promise<unknown> | undefined;

/**
 * The OpenAPI 3.1 document of every route, built once from the whole app (app.ts). Lambda bundles
 * never run this: their build replaces this module with the document it produced (infra/bundling.ts),
 * so the `api` function answers with a JSON chunk instead of loading every route group and the generator.
 */
export function openApiDocument(): Promise<unknown> {
  built ??= import("./app").then(({ createApp, documentInfo }) => createApp().getOpenAPI31Document(documentInfo));
  return built;
}
