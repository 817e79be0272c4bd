import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build, type Metafile } from "esbuild";
import { lambdaBuildOptions } from "../../infra/bundling";

export const repoRoot = resolve(import.meta.dirname, "../..");

/**
 * A Lambda entry built as `sst deploy` builds it (infra/bundling.ts), with what the infra tests ask
 * of its output: which chunks a request loads, and what source is in them. Bytes, never time.
 */
export async function buildLambda(entry: string) {
  const outdir = mkdtempSync(join(tmpdir(), "lambda-graph-"));
  const { metafile } = (await build({
    ...lambdaBuildOptions(),
    entryPoints: [join(repoRoot, entry)],
    outdir,
    absWorkingDir: repoRoot,
    logLevel: "error",
  })) as { metafile: Metafile };
  /** Output chunk (relative to the repo) by the input it is the entry point of. */
  const chunkOf = new Map<string, string>();
  for (const [out, o] of Object.entries(metafile.outputs)) if (o.entryPoint) chunkOf.set(o.entryPoint, out);

  /** The chunks importing `chunks` loads: them and every chunk they import statically. */
  const staticClosure = (chunks: string[]): Set<string> => {
    const seen = new Set<string>(chunks);
    const queue = [...chunks];
    while (queue.length > 0) {
      const out = metafile.outputs[queue.shift() as string];
      for (const i of out?.imports ?? []) {
        if (i.kind === "import-statement" && !i.external && !seen.has(i.path)) {
          seen.add(i.path);
          queue.push(i.path);
        }
      }
    }
    return seen;
  };
  return {
    metafile,
    chunkOf,
    entryChunk: chunkOf.get(entry) as string,
    staticClosure,
    bytesOf: (chunks: Set<string>) => [...chunks].reduce((n, c) => n + (metafile.outputs[c]?.bytes ?? 0), 0),
    /** Source files whose code is in `chunks` (esbuild drops files whose exports nothing uses). */
    inputsOf: (chunks: Set<string>) =>
      [...chunks].flatMap((c) =>
        Object.entries(metafile.outputs[c]?.inputs ?? {})
          .filter(([, i]) => i.bytesInOutput > 0)
          .map(([input]) => input),
      ),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
export type LambdaGraph = Awaited<ReturnType<typeof buildLambda>>;
