import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { lambdaBuildOptions as lambdaBuildOptionsOf } from "../infra/bundling";
import { repoRoot } from "./children";
import { type ProfileSummary, summariseProfile } from "./profile";
import { median, percentile, round } from "./util";

/**
 * Lambda bundles built exactly as the infra builds them (infra/functions.ts: ESM with code
 * splitting), the size of each handler's cold-start path and what fills it, what waits behind
 * dynamic imports, and the cold import time of each against importing an empty module the same way.
 */

export const handlers = ["api", "webhook", "inbound", "job", "events", "scan"] as const;
export type Handler = (typeof handlers)[number];
/**
 * A handler, or a kind of request to it: its entry plus what that request imports on first use
 * (`api:tickets`, a route group; `scan:event`, what every event loads).
 */
export type BundleHandler = Handler | `${Handler}:${string}`;

const KiB = 1024;
/**
 * Budgets on the cold-start path (entry chunk + the chunks it imports statically), not on all chunks,
 * for every function: what its init phase loads. The api's route groups (the entry plus the group's
 * module and the driver: what the first request under a prefix has loaded) are reported as info: each
 * carries ~430 KiB no domain can shed (the driver ~195 KiB, chainable zod and the OpenAPI route layer
 * ~236 KiB, which @hono/zod-openapi needs), and tests/infra/route-groups.test.ts keeps every group
 * from importing another and under its ceiling, so a new domain adds a group, not weight to others.
 */
export const sizeTargets: Record<Handler, number> = {
  api: 512 * KiB,
  webhook: 512 * KiB,
  inbound: 512 * KiB,
  job: 512 * KiB,
  events: 512 * KiB,
  scan: 512 * KiB,
};
/**
 * Modules every invocation of a function imports lazily (matched against their lazy chunk's entry
 * point): the bench adds them to the function as `<handler>:event`, reported without a target (the
 * scan cannot do without S3 and file-type), so lazy loading never hides a cost every event pays.
 */
const neon = [/^node_modules\/@neondatabase\/serverless\//, /^node_modules\/drizzle-orm\/neon-serverless\//];
export const firstUse: Partial<Record<Handler, RegExp[]>> = {
  // The database driver, on AWS always Neon's, is imported on the first query: every API request
  // has one (the session check, the rate limit), as has every event of the consumers.
  api: neon,
  webhook: [/^packages\/core\/src\/platform\/queue\/sqs\.ts$/],
  inbound: neon,
  job: neon,
  events: neon,
  scan: [...neon, /^packages\/core\/src\/platform\/blob\/s3\.ts$/, /(^|\/)node_modules\/file-type\//],
};
/**
 * Cold import of every function against an empty module (the targets are on the functions' entries;
 * the api with each route group and `<fn>:event` are reported alongside, without one).
 */
export const importRatioTarget = 3;
/** Where the api's route group modules live (their chunks are the import() targets of groups.ts). */
const routeGroupDir = "packages/functions/src/api/groups/";

/** What `sst deploy` bundles each function with (infra/bundling.ts). */
export const lambdaBuildOptions = lambdaBuildOptionsOf() satisfies BuildOptions;

export interface PackageShare {
  name: string;
  bytes: number;
  share: number;
  /**
   * The shortest import chain from the handler to the package's first file (first-party hops and the
   * package); "⇢ " marks a hop through `import()`, which with splitting starts a lazily loaded chunk.
   */
  via: string[];
  /** Lazy list only: the package also has files on the cold path (so it is only partly lazy). */
  alsoCold?: boolean;
}

export interface ChunkInfo {
  /** The chunk's file name in the handler's output folder. */
  file: string;
  bytes: number;
  /** Set for the handler's entry chunk and for the chunks that start at an `import()` target. */
  entryPoint?: string;
  /** The biggest packages inside the chunk, for reading the chunk list. */
  packages: string[];
}

export interface LazyEntry {
  /** The module behind the `import()` (as a short first-party path, or a package). */
  module: string;
  /** Its chunk. */
  chunk: string;
  /** What loading it adds on top of the cold path: its chunk plus the chunks it imports statically. */
  addsBytes: number;
  /** The import chain to it from the handler. */
  via: string[];
}

export interface BundleInfo {
  handler: BundleHandler;
  /** The handler's own output folder: every chunk of this build and nothing else. */
  dir: string;
  /** The entry chunk (`<handler>.mjs`). */
  file: string;
  /** Cold-start path: the entry chunk plus every chunk it reaches through static imports. */
  bytes: number;
  coldChunks: ChunkInfo[];
  /** All chunks of the build (info). */
  totalBytes: number;
  chunkCount: number;
  target?: { maxBytes: number; met: boolean };
  /** Bytes per package over the cold-path chunks only. */
  topPackages: PackageShare[];
  /**
   * Everything only behind dynamic imports: chunks not on the cold path, and the non-builtin externals
   * that only those chunks import (or that the cold path loads by `import()`).
   */
  lazy: { bytes: number; chunkCount: number; entries: LazyEntry[]; topPackages: PackageShare[]; externals: string[] };
  /** Non-builtin externals imported with a top-level `import` by a cold-path chunk (they must exist wherever the bundle runs). */
  staticExternals: string[];
  /** Non-builtin externals `require()`d from a cold-path chunk (loaded when that code runs, not at import). */
  requiredExternals: string[];
  /** Problems with the analysis itself (the closure disagreeing with esbuild's input graph); must be empty. */
  checks: string[];
}

/** `node_modules/<pkg>/…` → pkg; `packages/<ws>/src/…` → @dotmac/<ws>. */
export function packageOfInput(path: string): string {
  const i = path.lastIndexOf("node_modules/");
  if (i >= 0) {
    const parts = path.slice(i + "node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  const ws = path.match(/^packages\/([^/]+)\//);
  return ws ? `@dotmac/${ws[1]}` : path;
}

const shortPath = (path: string) => path.replace(/^packages\/([^/]+)\/src\//, "$1/").replace(/\.ts$/, "");

/** A module as a short first-party path, or a package with the path inside it (no dist folder or index). */
const moduleName = (path: string) => {
  if (path.startsWith("packages/")) return shortPath(path);
  const pkg = packageOfInput(path);
  const inside = path
    .slice(path.lastIndexOf(pkg) + pkg.length)
    .replace(/\/(dist-es|dist-cjs|dist|esm|cjs|lib)\//, "/")
    .replace(/(\/index)?\.[mc]?js$/, "");
  return `${pkg}${inside}`;
};

/**
 * Breadth-first over the metafile's input graph: the shortest chain from a root (the entry, and a
 * route group's module for its requests) to each package.
 * With `staticOnly`, `import()` edges are not followed (the cold path); otherwise a hop reached
 * through `import()` is marked "⇢".
 */
function importChains(metafile: Metafile, roots: string[], staticOnly: boolean) {
  const parent = new Map<string, { from: string; lazy: boolean } | null>(roots.map((r) => [r, null]));
  const queue = [...roots];
  const firstFile = new Map<string, string>();
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const pkg = packageOfInput(file);
    if (!firstFile.has(pkg)) firstFile.set(pkg, file);
    for (const next of metafile.inputs[file]?.imports ?? []) {
      const lazy = next.kind === "dynamic-import";
      if (next.external || (staticOnly && lazy) || parent.has(next.path) || !metafile.inputs[next.path]) continue;
      parent.set(next.path, { from: file, lazy });
      queue.push(next.path);
    }
  }
  const chainTo = (file: string, pkg = packageOfInput(file)) => {
    const hops: { file: string; lazy: boolean }[] = [];
    for (let at: string | undefined = file; at; ) {
      const edge = parent.get(at);
      hops.unshift({ file: at, lazy: edge?.lazy ?? false });
      at = edge?.from;
    }
    // Keep the first-party hops that explain the path, then the package itself.
    return hops
      .filter((h) => h.file.startsWith("packages/") || h.file === file)
      .map((h) => {
        const name = h.file.startsWith("packages/") ? shortPath(h.file) : pkg;
        return h.lazy ? `⇢ ${name}` : name;
      });
  };
  const chains = new Map<string, string[]>();
  for (const [pkg, file] of firstFile) chains.set(pkg, chainTo(file, pkg));
  return { reached: new Set(parent.keys()), chains, chainTo };
}

type Output = Metafile["outputs"][string];

/** Bytes per package over some outputs, biggest first. */
function bytesByPackage(outputs: Output[]): [string, number][] {
  const byPackage = new Map<string, number>();
  for (const output of outputs) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = packageOfInput(input);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
}

/**
 * The chunk graph of one build. Metafile output keys and `imports[].path` are both relative to
 * esbuild's working directory (here the repo root, so they read `../../tmp/…`); both are resolved to
 * absolute paths, and every non-external edge must land on an output key.
 */
function chunkGraph(metafile: Metafile) {
  const outputs = new Map<string, Output>();
  for (const [key, output] of Object.entries(metafile.outputs)) {
    if (!key.endsWith(".map")) outputs.set(resolve(repoRoot, key), output);
  }
  const edges = (file: string, kind: "import-statement" | "dynamic-import") =>
    (outputs.get(file)?.imports ?? [])
      .filter((i) => !i.external && i.kind === kind)
      .map((i) => {
        const to = resolve(repoRoot, i.path);
        if (!outputs.has(to)) throw new Error(`metafile: ${file} imports ${i.path}, which is no output of the build`);
        return to;
      });
  /** A chunk and everything it reaches through static `import` statements, recursively. */
  const staticClosure = (from: string) => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length > 0) {
      for (const to of edges(queue.shift() as string, "import-statement")) {
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    return seen;
  };
  return { outputs, edges, staticClosure };
}

export async function buildBundles(outDir: string, top = 8): Promise<BundleInfo[]> {
  const bundles: BundleInfo[] = [];
  for (const handler of handlers) {
    const entry = `packages/functions/src/handlers/${handler}.ts`;
    const dir = join(outDir, handler);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const result = await build({ ...lambdaBuildOptions, absWorkingDir: repoRoot, entryPoints: [entry], outdir: dir });
    const { outputs, edges, staticClosure } = chunkGraph(result.metafile);
    const file = [...outputs].find(([, o]) => o.entryPoint === entry)?.[0];
    if (!file) throw new Error(`esbuild wrote no entry chunk for ${handler}`);
    const sizes = new Map<string, number>();
    for (const path of outputs.keys()) sizes.set(path, (await stat(path)).size);
    const size = (path: string) => sizes.get(path) ?? 0;
    const sum = (paths: Iterable<string>) => [...paths].reduce((n, p) => n + size(p), 0);
    const allChains = importChains(result.metafile, [entry], false);

    const externals = (from: Output[], kind: string) => [
      ...new Set(
        from.flatMap((o) =>
          o.imports.filter((i) => i.external && i.kind === kind && !isBuiltin(i.path)).map((i) => i.path),
        ),
      ),
    ];

    const chunkInfo = (path: string): ChunkInfo => {
      const o = outputs.get(path) as Output;
      return {
        file: basename(path),
        bytes: size(path),
        ...(o.entryPoint ? { entryPoint: o.entryPoint } : {}),
        packages: bytesByPackage([o])
          .slice(0, 4)
          .map(([name]) => name),
      };
    };

    const callers = new Map<string, string[]>();
    for (const [input, { imports }] of Object.entries(result.metafile.inputs)) {
      for (const i of imports) {
        if (i.kind === "dynamic-import" && !i.external) callers.set(i.path, [...(callers.get(i.path) ?? []), input]);
      }
    }

    /**
     * One cold path: what importing `roots` (the handler's entry, plus a route group's module for a
     * request to that group) loads, i.e. their chunks and every chunk those import statically.
     */
    const describe = (name: BundleHandler, roots: string[], rootChunks: string[], entryFile: string): BundleInfo => {
      const cold = new Set(rootChunks.flatMap((c) => [...staticClosure(c)]));
      const coldOutputs = [...cold].map((p) => outputs.get(p) as Output);
      const lazyPaths = [...outputs.keys()].filter((p) => !cold.has(p));
      const lazyOutputs = lazyPaths.map((p) => outputs.get(p) as Output);
      const bytes = sum(cold);

      // Cross-check the closure against esbuild's input graph: the roots' own code must be on it, and
      // every file in a cold chunk must be reachable from a root without `import()`. (Not the converse:
      // a file imported statically whose live code only lazy modules use lands in a lazy chunk.)
      const staticChains = importChains(result.metafile, roots, true);
      const checks: string[] = [];
      const coldInputs = new Set(coldOutputs.flatMap((o) => Object.keys(o.inputs)));
      for (const root of roots) if (!coldInputs.has(root)) checks.push(`the cold path does not contain ${root} itself`);
      const coldNotStatic = [...coldInputs].filter((i) => !staticChains.reached.has(i));
      if (coldNotStatic.length)
        checks.push(`cold chunks hold files only reached by import(): ${coldNotStatic.slice(0, 5).join(", ")}`);

      // Each `import()` target not on the cold path, what loading it adds on top of the cold path, and
      // the chain to the module that calls `import()` for it (a cold one if any).
      const lazyTargets = new Set(
        [...outputs.keys()].flatMap((p) => edges(p, "dynamic-import")).filter((p) => !cold.has(p)),
      );
      const lazyEntries: LazyEntry[] = [...lazyTargets]
        .map((chunk) => {
          const input = (outputs.get(chunk) as Output).entryPoint ?? "";
          const from = callers.get(input) ?? [];
          const caller = from.find((f) => coldInputs.has(f)) ?? from[0];
          const via = caller
            ? [...(coldInputs.has(caller) ? staticChains : allChains).chainTo(caller), `⇢ ${moduleName(input)}`]
            : allChains.chainTo(input);
          const adds = [...staticClosure(chunk)].filter((p) => !cold.has(p));
          return { module: moduleName(input), chunk: basename(chunk), addsBytes: sum(adds), via };
        })
        .sort((a, b) => b.addsBytes - a.addsBytes);

      // For a lazy package: its biggest file in a lazy chunk, and the chain of the first (biggest)
      // `import()` target whose load brings that chunk in, then the package.
      const lazyFile = new Map<string, { file: string; chunk: string; bytes: number }>();
      for (const chunk of lazyPaths) {
        for (const [input, { bytesInOutput }] of Object.entries((outputs.get(chunk) as Output).inputs)) {
          const pkg = packageOfInput(input);
          if (bytesInOutput > (lazyFile.get(pkg)?.bytes ?? -1))
            lazyFile.set(pkg, { file: input, chunk, bytes: bytesInOutput });
        }
      }
      const loadedBy = new Map<string, LazyEntry>();
      for (const e of lazyEntries) {
        const chunk = [...lazyTargets].find((p) => basename(p) === e.chunk) ?? "";
        for (const p of staticClosure(chunk)) if (!loadedBy.has(p)) loadedBy.set(p, e);
      }
      const lazyVia = (pkg: string) => {
        const at = lazyFile.get(pkg);
        const by = at && loadedBy.get(at.chunk);
        if (!at || !by) return allChains.chainTo(at?.file ?? "", pkg);
        const last = by.via.at(-1) ?? "";
        return last === `⇢ ${pkg}` || last.startsWith(`⇢ ${pkg}/`) ? by.via : [...by.via, pkg];
      };

      const coldPackages = bytesByPackage(coldOutputs);
      const coldNames = new Set(coldPackages.map(([n]) => n));
      const lazyBytes = sum(lazyPaths);
      const max = name.includes(":") ? undefined : sizeTargets[name as Handler];
      return {
        handler: name,
        dir,
        file: entryFile,
        bytes,
        coldChunks: [...cold].map(chunkInfo),
        totalBytes: sum(outputs.keys()),
        chunkCount: outputs.size,
        ...(max ? { target: { maxBytes: max, met: bytes <= max } } : {}),
        topPackages: coldPackages.slice(0, top).map(([pkg, n]) => ({
          name: pkg,
          bytes: n,
          share: round(n / bytes, 3),
          via: staticChains.chains.get(pkg) ?? [],
        })),
        lazy: {
          bytes: lazyBytes,
          chunkCount: lazyPaths.length,
          entries: lazyEntries,
          topPackages: bytesByPackage(lazyOutputs)
            .slice(0, top)
            .map(([pkg, n]) => ({
              name: pkg,
              bytes: n,
              share: round(n / lazyBytes, 3),
              via: lazyVia(pkg),
              ...(coldNames.has(pkg) ? { alsoCold: true } : {}),
            })),
          externals: [
            ...new Set([
              ...externals(coldOutputs, "dynamic-import"),
              ...["import-statement", "dynamic-import", "require-call"].flatMap((kind) => externals(lazyOutputs, kind)),
            ]),
          ],
        },
        staticExternals: externals(coldOutputs, "import-statement"),
        requiredExternals: externals(coldOutputs, "require-call"),
        checks,
      };
    };

    bundles.push(describe(handler, [entry], [file], file));

    // Request paths: the entry plus the modules a kind of request imports on first use. For the api,
    // each route group (packages/functions/src/api/groups.ts); for the others, what every invocation
    // loads lazily (firstUse), so lazy loading never hides a cost every request pays.
    const lazyChunk = (pattern: RegExp): [string, Output] => {
      const found = [...outputs].find(([, o]) => o.entryPoint && pattern.test(o.entryPoint));
      if (!found) throw new Error(`${handler}: no lazy chunk for ${pattern} (firstUse)`);
      return found;
    };
    const uses = (firstUse[handler] ?? []).map(lazyChunk);
    const paths: { name: BundleHandler; chunks: [string, Output][] }[] = [];
    // (A build without route groups, such as the API before them, gets `api:event`: every request.)
    const groups = [...outputs].filter(([, o]) => handler === "api" && o.entryPoint?.startsWith(routeGroupDir));
    for (const group of groups) {
      paths.push({ name: `api:${basename(group[1].entryPoint ?? "", ".ts")}`, chunks: [group, ...uses] });
    }
    if (groups.length === 0 && uses.length) {
      paths.push({ name: `${handler}:event`, chunks: uses });
    }
    for (const { name, chunks } of paths) {
      // Importing this stand-in loads what serving such a request has loaded.
      const standIn = join(dir, `${name.replace(":", ".")}.mjs`);
      await writeFile(standIn, [file, ...chunks.map(([c]) => c)].map((c) => `import "./${basename(c)}";\n`).join(""));
      outputs.set(standIn, { imports: [], exports: [], inputs: {}, bytes: 0 });
      sizes.set(standIn, (await stat(standIn)).size);
      const roots = [entry, ...chunks.map(([, o]) => o.entryPoint as string)];
      bundles.push(describe(name, roots, [standIn, file, ...chunks.map(([c]) => c)], standIn));
      outputs.delete(standIn);
    }
  }
  return bundles;
}

// ---------------------------------------------------------------------------------------------
// Cold import

/** Production-shaped env that needs nothing reachable; used only if a bundle throws at import without env. */
export const minimalEnv: Record<string, string> = {
  NODE_ENV: "production",
  DATABASE_DRIVER: "neon",
  DATABASE_URL: "postgres://u:p@127.0.0.1:1/db",
  QUEUE_DRIVER: "sqs",
  INBOUND_QUEUE_URL: "http://127.0.0.1:1/q",
  BLOB_DRIVER: "s3",
  BLOB_BUCKET: "b",
  EVENT_BUS_DRIVER: "eventbridge",
  EVENT_BUS_NAME: "bus",
  AWS_REGION: "eu-west-1",
};

const bareEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? "" });

/**
 * Preloaded into probe runs only (never into timed runs): records every outgoing socket, DNS lookup
 * and fetch, every module file loaded (through a `load` hook), and whether anything keeps the
 * process alive after the import settles.
 */
const probeSource = `
import net from "node:net";
import dns from "node:dns";
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";
// Open the stdio streams now, so an empty module and a bundle leave the same pipes behind.
void process.stdout;
void process.stderr;
const attempts = [];
const loaded = [];
const note = (kind, detail) => attempts.push(kind + " " + String(detail).slice(0, 160));
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const a = Array.isArray(args[0]) ? args[0][0] : args[0];
  note("connect", typeof a === "object" && a ? (a.path ?? (a.host ?? "localhost") + ":" + a.port) : (args[1] ?? "localhost") + ":" + a);
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) { note("dns", host); return lookup.call(this, host, ...rest); };
const plookup = dns.promises.lookup;
dns.promises.lookup = function (host, ...rest) { note("dns", host); return plookup.call(this, host, ...rest); };
if (globalThis.fetch) {
  const f = globalThis.fetch;
  globalThis.fetch = function (input, init) { note("fetch", input?.url ?? input); return f.call(this, input, init); };
}
const { port1, port2 } = new MessageChannel();
port1.on("message", (url) => loaded.push(url));
port1.unref();
const hooks = "let port; export function initialize(data) { port = data.port; } " +
  "export async function load(url, context, next) { if (url.startsWith('file:')) port.postMessage(url); return next(url, context); }";
register("data:text/javascript," + encodeURIComponent(hooks), { data: { port: port2 }, transferList: [port2] });
globalThis.__probe = { attempts, loaded };
`;

const importScript = (url: string) => `await import(${JSON.stringify(url)});`;
/** The import, then the process's CPU time so far (µs, user and system) on stderr. */
const timedScript = (url: string) =>
  `${importScript(url)}\nconst u = process.cpuUsage();\nprocess.stderr.write("__CPU__" + u.user + " " + u.system + "\\n");`;
const probeScript = (url: string) =>
  `${importScript(url)}
await new Promise((r) => setTimeout(r, 300));
const alive = process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap");
const { attempts, loaded } = globalThis.__probe;
process.stderr.write("__PROBE__" + JSON.stringify({ attempts, loaded, alive }) + "\\n");
process.exit(0);`;

interface Run {
  code: number | null;
  ms: number;
  stderr: string;
  timedOut: boolean;
}

function runNode(args: string[], env: Record<string, string>, cwd = repoRoot, timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr = (stderr + c.toString("utf8")).slice(-8192);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - started, stderr, timedOut });
    });
  });
}

const firstErrorLine = (stderr: string) =>
  stderr
    .split("\n")
    .find((l) => /Error|error:/.test(l))
    ?.trim()
    .slice(0, 240) ?? stderr.trim().slice(0, 240);

export interface ProbeResult {
  env: "none" | "minimal";
  ok: boolean;
  error?: string;
  /** Sockets, DNS lookups and fetches started during import (+300 ms). Must be empty. */
  connects: string[];
  /** Handles still open 300 ms after import that importing an empty module does not leave (timers, sockets). */
  aliveHandles: string[];
  /** Files of the bundle's own folder loaded during import (+300 ms): should be the cold-path chunks. */
  loadedChunks: string[];
  /** Module files loaded from anywhere else (a node_modules, say). Must be empty. */
  loadedOutside: string[];
}

export interface ImportTiming {
  /** A handler, or "(externals)": only the non-builtin externals the bundles import at top level. */
  handler: BundleHandler | "(externals)";
  env: "none" | "minimal";
  /** Wall time of `node -e "await import(…)"`, median, and its interquartile range. */
  medianMs: number;
  emptyMedianMs: number;
  ratio: number;
  iqrMs: [number, number];
  emptyIqrMs: [number, number];
  /**
   * CPU time (user + system, every thread) the same processes report at exit: what the import costs,
   * without the wait for a core that wall time also counts on a shared machine. The target is on this.
   */
  cpuMedianMs: number;
  emptyCpuMedianMs: number;
  cpuRatio: number;
  cpuIqrMs: [number, number];
  emptyCpuIqrMs: [number, number];
  target?: { maxRatio: number; met: boolean };
  /** Whether the import needed the repo's node_modules linked next to the bundle (it should not). */
  neededNodeModules: boolean;
  probes: ProbeResult[];
  findings: string[];
}

async function probe(
  url: string,
  dir: string,
  preload: string,
  env: ProbeResult["env"],
  baseline: string[] = [],
): Promise<ProbeResult> {
  const envVars = env === "none" ? bareEnv() : { ...bareEnv(), ...minimalEnv };
  const run = await runNode(["--import", preload, "--input-type=module", "-e", probeScript(url)], envVars, dir);
  const line = run.stderr.split("\n").find((l) => l.startsWith("__PROBE__"));
  if (run.code !== 0 || !line) {
    return {
      env,
      ok: false,
      error: run.timedOut ? "timed out" : firstErrorLine(run.stderr),
      connects: [],
      aliveHandles: [],
      loadedChunks: [],
      loadedOutside: [],
    };
  }
  const data = JSON.parse(line.slice("__PROBE__".length)) as { attempts: string[]; loaded: string[]; alive: string[] };
  // Subtract what an empty module leaves open (the stderr pipe of this probe, for one).
  const expected = [...baseline];
  const alive = data.alive.filter((h) => {
    const i = expected.indexOf(h);
    if (i < 0) return true;
    expected.splice(i, 1);
    return false;
  });
  const dirUrl = `${pathToFileURL(dir).href}/`;
  const loaded = [...new Set(data.loaded)];
  return {
    env,
    ok: true,
    connects: data.attempts,
    aliveHandles: alive,
    loadedChunks: loaded.filter((u) => u.startsWith(dirUrl)).map((u) => u.slice(dirUrl.length)),
    loadedOutside: loaded.filter((u) => !u.startsWith(dirUrl) && u !== preload),
  };
}

/** A CPU profile of one cold import, summarised by package (for finding what an import spends its time on). */
export async function profileImport(file: string, outDir: string): Promise<ProfileSummary> {
  const dir = await mkdtemp(join(outDir, "prof-"));
  const run = await runNode(
    [
      "--cpu-prof",
      `--cpu-prof-dir=${dir}`,
      "--cpu-prof-interval=100",
      "--input-type=module",
      "-e",
      importScript(pathToFileURL(file).href),
    ],
    bareEnv(),
    dirname(file),
  );
  const profile = (await readdir(dir)).find((f) => f.endsWith(".cpuprofile"));
  if (run.code !== 0 || !profile)
    throw new Error(`profiling the import of ${file} failed: ${firstErrorLine(run.stderr)}`);
  return summariseProfile(join(dir, profile));
}

const missingPackage = (stderr: string) => stderr.match(/Cannot find (?:package|module) '([^']+)'/)?.[1];

/**
 * Probes each bundle (with no env at all, then with the minimal env), then times
 * `node -e "await import(entry chunk)"` against `node -e "await import(empty.mjs)"`, alternating.
 * Each bundle is imported from its own output folder, which holds only its chunks, as a Lambda zip
 * would; the repo's node_modules is linked next to a bundle only if it cannot load without it
 * (reported as a finding, with the reason).
 */
export async function measureColdImports(
  bundles: BundleInfo[],
  options: { runs: number; outDir: string; log: (line: string) => void },
): Promise<ImportTiming[]> {
  const { outDir, runs } = options;
  const empty = join(outDir, "empty.mjs");
  await writeFile(empty, "export {};\n");
  await writeFile(join(outDir, "probe.mjs"), probeSource);
  const preload = pathToFileURL(join(outDir, "probe.mjs")).href;
  const emptyUrl = pathToFileURL(empty).href;
  const linkNodeModules = (dir: string) =>
    symlink(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir").catch(() => undefined);

  const externals = [...new Set(bundles.flatMap((b) => b.staticExternals))];
  const targets: { handler: ImportTiming["handler"]; file: string; bundle?: BundleInfo }[] = bundles.map((b) => ({
    handler: b.handler,
    file: b.file,
    bundle: b,
  }));
  if (externals.length > 0) {
    // Only to time what the static externals cost on their own; they need node_modules by definition.
    const dir = join(outDir, "(externals)");
    await mkdir(dir, { recursive: true });
    await linkNodeModules(dir);
    const file = join(dir, "externals.mjs");
    await writeFile(file, externals.map((e) => `import ${JSON.stringify(e)};`).join("\n"));
    targets.push({ handler: "(externals)", file });
  }

  const emptyProbe = await probe(emptyUrl, outDir, preload, "none");
  const results: ImportTiming[] = [];
  for (const t of targets) {
    const url = pathToFileURL(t.file).href;
    const dir = dirname(t.file);
    const findings: string[] = [];
    const b = t.bundle;

    // First exactly as the Lambda zip: the handler's chunks and nothing else (no node_modules up the tree).
    let neededNodeModules = t.handler === "(externals)";
    let missing: string | undefined;
    if (b) {
      const r = await runNode(["--input-type=module", "-e", importScript(url)], bareEnv(), dir);
      missing = r.code !== 0 ? missingPackage(r.stderr) : undefined;
      if (missing !== undefined) {
        neededNodeModules = true;
        await linkNodeModules(dir);
      }
    }

    const probes = [
      await probe(url, dir, preload, "none", emptyProbe.aliveHandles),
      await probe(url, dir, preload, "minimal", emptyProbe.aliveHandles),
    ];
    const plain = probes[0] as ProbeResult;
    const env: ProbeResult["env"] = plain.ok ? "none" : "minimal";
    const usable = probes.find((p) => p.env === env);
    if (b && missing !== undefined) {
      // Why: a top-level import on the cold path, or a lazy chunk that the import loads after all.
      const cold = new Set(b.coldChunks.map((c) => c.file));
      const lazyLoaded = (usable?.loadedChunks ?? []).filter((f) => !cold.has(f));
      const why = b.staticExternals.length
        ? `the cold path imports ${b.staticExternals.join(", ")} at top level`
        : lazyLoaded.length
          ? `importing it also loads the lazy chunk(s) ${lazyLoaded.join(", ")}, which import it`
          : "no static import of it on the cold path: see the probes";
      findings.push(
        `does not load from a folder holding only its chunks (Cannot find '${missing}'): ${why}; ` +
          "timed here with the repo's node_modules linked next to it",
      );
    }
    if (!plain.ok) findings.push(`throws at import without env: ${plain.error}`);
    for (const p of probes) {
      if (!p.ok && p.env === "minimal") findings.push(`throws at import with the minimal env: ${p.error}`);
      if (p.connects.length) findings.push(`connects at import (env ${p.env}): ${p.connects.join("; ")}`);
      if (p.aliveHandles.length)
        findings.push(`leaves handles open after import (env ${p.env}): ${p.aliveHandles.join(", ")}`);
      if (b && p.ok) {
        const cold = new Set(b.coldChunks.map((c) => c.file));
        const lazyLoaded = p.loadedChunks.filter((f) => !cold.has(f));
        if (lazyLoaded.length)
          findings.push(`loads lazy chunk(s) during import (env ${p.env}): ${lazyLoaded.join(", ")}`);
        const notLoaded = [...cold].filter((f) => !p.loadedChunks.includes(f));
        if (notLoaded.length)
          findings.push(`cold-path chunk(s) not loaded by the import (env ${p.env}): ${notLoaded.join(", ")}`);
        if (p.loadedOutside.length)
          findings.push(`loads files outside its folder (env ${p.env}): ${p.loadedOutside.slice(0, 5).join(", ")}`);
      }
    }
    const isHandler = t.handler !== "(externals)";
    const hasTarget = isHandler && !t.handler.includes(":");
    if (!usable?.ok) {
      results.push({
        handler: t.handler,
        env,
        medianMs: Number.NaN,
        emptyMedianMs: Number.NaN,
        ratio: Number.NaN,
        iqrMs: [Number.NaN, Number.NaN],
        emptyIqrMs: [Number.NaN, Number.NaN],
        cpuMedianMs: Number.NaN,
        emptyCpuMedianMs: Number.NaN,
        cpuRatio: Number.NaN,
        cpuIqrMs: [Number.NaN, Number.NaN],
        emptyCpuIqrMs: [Number.NaN, Number.NaN],
        ...(hasTarget ? { target: { maxRatio: importRatioTarget, met: false } } : {}),
        neededNodeModules,
        probes,
        findings,
      });
      continue;
    }
    const envVars = env === "none" ? bareEnv() : { ...bareEnv(), ...minimalEnv };
    const bundleMs: number[] = [];
    const emptyMs: number[] = [];
    const bundleCpu: number[] = [];
    const emptyCpu: number[] = [];
    const once = async (target: string, into: number[], cpu: number[]) => {
      const r = await runNode(["--input-type=module", "-e", timedScript(target)], envVars, dir);
      if (r.code !== 0) throw new Error(`import of ${target} failed during timing: ${firstErrorLine(r.stderr)}`);
      const usage = r.stderr.match(/__CPU__(\d+) (\d+)/);
      if (!usage) throw new Error(`import of ${target} reported no CPU time: ${firstErrorLine(r.stderr)}`);
      into.push(r.ms);
      cpu.push((Number(usage[1]) + Number(usage[2])) / 1000);
    };
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first so neither always runs right after the other.
      if (i % 2 === 0) {
        await once(emptyUrl, emptyMs, emptyCpu);
        await once(url, bundleMs, bundleCpu);
      } else {
        await once(url, bundleMs, bundleCpu);
        await once(emptyUrl, emptyMs, emptyCpu);
      }
    }
    const medianMs = median(bundleMs);
    const emptyMedianMs = median(emptyMs);
    const ratio = round(medianMs / emptyMedianMs, 2);
    const cpuMedianMs = median(bundleCpu);
    const emptyCpuMedianMs = median(emptyCpu);
    const cpuRatio = round(cpuMedianMs / emptyCpuMedianMs, 2);
    const iqr = (values: number[]): [number, number] => [
      round(percentile(values, 25), 1),
      round(percentile(values, 75), 1),
    ];
    options.log(
      `  ${t.handler.padEnd(20)} CPU ${cpuMedianMs.toFixed(0).padStart(4)} ms vs empty ${emptyCpuMedianMs.toFixed(0).padStart(3)} ms → ${cpuRatio}×;` +
        ` wall ${medianMs.toFixed(0).padStart(4)} ms vs ${emptyMedianMs.toFixed(0).padStart(3)} ms → ${ratio}×` +
        (neededNodeModules && isHandler ? "  (with node_modules linked)" : ""),
    );
    results.push({
      handler: t.handler,
      env,
      medianMs: round(medianMs, 1),
      emptyMedianMs: round(emptyMedianMs, 1),
      ratio,
      iqrMs: iqr(bundleMs),
      emptyIqrMs: iqr(emptyMs),
      cpuMedianMs: round(cpuMedianMs, 1),
      emptyCpuMedianMs: round(emptyCpuMedianMs, 1),
      cpuRatio,
      cpuIqrMs: iqr(bundleCpu),
      emptyCpuIqrMs: iqr(emptyCpu),
      ...(hasTarget ? { target: { maxRatio: importRatioTarget, met: cpuRatio <= importRatioTarget } } : {}),
      neededNodeModules,
      probes,
      findings,
    });
  }
  return results;
}
