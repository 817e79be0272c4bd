import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";

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
    initialOptions: { absWorkingDir?: string | undefined; entryPoints?: unknown };
    onResolve(
      options: { filter: RegExp; namespace?: string },
      callback: (args: { path: string; importer: string; resolveDir: string }) => Resolved | undefined,
    ): void;
    onLoad(options: { filter: RegExp; namespace?: string }, callback: (args: { path: string }) => Loaded): void;
  }): void;
}
type Resolved = { path: string; namespace: string };
type Loaded = { contents: string; loader: "js"; resolveDir?: string };

/**
 * Local-only drivers, loaded by dynamic import and never on AWS (Node 22 has a global WebSocket); and
 * jsPDF's optional HTML/SVG renderers (html2canvas, canvg, dompurify: 790 KB), which platform/pdf.ts
 * never calls.
 */
export const lambdaExternals = ["@electric-sql/pglite", "pg", "pg-native", "ws", "html2canvas", "canvg", "dompurify"];

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
 * `zod/mini` as a module tree of its own. Code splitting places whole files: a zod file that the entry
 * reaches and a route group also uses goes, whole, on the entry's cold path, and zod's core index
 * re-exports everything (schemas, JSON Schema, the compiler), all of it live in the groups, which use
 * the chainable `zod`. So the two modules that parse on every cold start without a route (the
 * configuration, the session check) would bring ~160 KB of zod to the api's entry, where their own
 * copy of the functional build tree-shakes to ~25 KB. The copy is loaded beside the groups' zod (a
 * request under a group loads both; only those two modules use the copy), and keeps English messages.
 *
 * The functions whose cold path uses zod/mini alone get the copy: the api, and the two consumers whose
 * start is the queue envelope and the event definitions (inbound, events; their domains, with the
 * chainable `zod`, load with the first message that needs them). It cut events from 207 to 150 KB and
 * inbound from 214 to 120 KB. Where the cold path imports the chainable `zod` anyway (webhook, job,
 * scan), a copy is ~30 KB more on every cold start, not less, so the plugin does nothing there.
 */
export const zodMiniOwnCopy: LambdaPlugin = {
  name: "zod-mini-own-copy",
  setup(build) {
    if (!usesZodMiniCopy(build.initialOptions.entryPoints)) return;
    const namespace = "zod-mini-copy";
    const root = build.initialOptions.absWorkingDir ?? process.cwd();
    build.onResolve({ filter: /^zod\/mini$/ }, () => ({
      path: join(dirname(createRequire(join(root, "package.json")).resolve("zod/package.json")), "mini/index.js"),
      namespace,
    }));
    build.onResolve({ filter: /.*/, namespace }, (args) => {
      if (!args.path.startsWith(".") && !isAbsolute(args.path)) return undefined;
      return { path: resolve(args.resolveDir, args.path), namespace };
    });
    build.onLoad({ filter: /.*/, namespace }, (args) => ({
      // The locale index is English alone, as zodEnglishOnly makes it for the shared tree.
      contents: /[\\/]locales[\\/]index\.js$/.test(args.path)
        ? `export { default as en } from "./en.js";`
        : readFileSync(args.path, "utf8"),
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

/** Whether a build's entry points (SST builds one function per build) are a handler that gets the copy. */
export function usesZodMiniCopy(entryPoints: unknown): boolean {
  const entries = Array.isArray(entryPoints)
    ? entryPoints
    : entryPoints && typeof entryPoints === "object"
      ? Object.values(entryPoints)
      : [];
  return (
    entries.length > 0 &&
    entries.every((e) =>
      /(^|[\\/])handlers[\\/](api|events|inbound)\.[cm]?[jt]s$/.test(typeof e === "string" ? e : String(e?.in ?? "")),
    )
  );
}

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
  return { external: lambdaExternals, plugins: [zodMiniOwnCopy, zodEnglishOnly, prebuiltOpenApi()] };
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
