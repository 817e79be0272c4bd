import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";

/**
 * What every Lambda bundle's esbuild adds to SST's defaults (functions.ts); the bench and the route
 * group test build with the same options, so what they measure is what deploys.
 */

/**
 * An esbuild plugin, typed by what these plugins use: SST bundles with its own esbuild (0.18), the
 * bench and the tests with the repo's, and a plugin of this shape is a plugin of both.
 */
export interface LambdaPlugin {
  name: string;
  setup(build: {
    initialOptions: { absWorkingDir?: string | undefined };
    onResolve(
      options: { filter: RegExp },
      callback: (args: { path: string; importer: string; resolveDir: string }) => Resolved | undefined,
    ): void;
    onLoad(options: { filter: RegExp; namespace?: string }, callback: (args: { path: string }) => Loaded): void;
  }): void;
}
type Resolved = { path: string; namespace: string };
type Loaded = { contents: string; loader: "js"; resolveDir?: string };

/** Local-only drivers, loaded by dynamic import and never on AWS (Node 22 has a global WebSocket). */
export const lambdaExternals = ["@electric-sql/pglite", "pg", "pg-native", "ws"];

/**
 * zod's error messages in English only. `z` (which @hono/zod-openapi hands every route) carries all of
 * zod's locales as `z.locales` and `z.core.locales`: 265 KB of the api's chunks, none of it ever read
 * (the API's messages are English; no code calls `z.config(z.locales…)`). Like webpack's well-known
 * moment-locale ignore, the bundle resolves zod's locale index to English alone.
 */
export const zodEnglishOnly: LambdaPlugin = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: resolve(args.resolveDir, "../locales/en.js"), namespace: "zod-locales" };
    });
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

/**
 * The OpenAPI document, built at build time: `api/openapi-document.ts` (which would import every route
 * group and the generator on a request for the document) is replaced by the document it returns, made
 * once per build process by scripts/openapi-document.ts.
 */
export function prebuiltOpenApi(): LambdaPlugin {
  let document: string | undefined;
  return {
    name: "prebuilt-openapi-document",
    setup(build) {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onLoad({ filter: /[\\/]packages[\\/]functions[\\/]src[\\/]api[\\/]openapi-document\.ts$/ }, () => {
        document ??= execFileSync(process.execPath, ["--import", "tsx", join(root, "scripts/openapi-document.ts")], {
          cwd: root,
          encoding: "utf8",
          maxBuffer: 64 * 1024 * 1024,
          stdio: ["ignore", "pipe", "inherit"],
        });
        JSON.parse(document);
        return {
          contents: `const document = ${document};\nexport const openApiDocument = async () => document;\n`,
          loader: "js",
        };
      });
    },
  };
}

/** The esbuild options every function's bundle adds (SST's `nodejs.esbuild`). */
export function lambdaEsbuild() {
  return { external: lambdaExternals, plugins: [zodEnglishOnly, prebuiltOpenApi()] };
}

/**
 * A whole function's esbuild options as `sst deploy` builds them (sst/runtime/handlers/node.js: ESM,
 * esnext, keepNames, the createRequire banner; functions.ts: splitting, minify, lambdaEsbuild), for the
 * bench and the tests to build exactly what deploys with the repo's esbuild. One entry point per build.
 */
export function lambdaBuildOptions() {
  return {
    bundle: true,
    splitting: true,
    platform: "node" as const,
    format: "esm" as const,
    target: "esnext",
    keepNames: true,
    minify: true,
    outExtension: { ".js": ".mjs" },
    mainFields: ["module", "main"],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    metafile: true as const,
    logLevel: "warning" as const,
    ...lambdaEsbuild(),
  };
}
