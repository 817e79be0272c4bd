import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBundles, measureColdImports } from "./bundles";

/**
 * `npx tsx bench/cold-start.ts [--runs=N] [--only=api,scan]`: the Lambda part of `npm run bench` alone
 * (bundle cold paths, per function and per api route group, and cold import against an empty module,
 * in the same run), without the ingest and ticket benchmarks. For checking a change to what a
 * function or a route group loads.
 */
const argv = process.argv.slice(2);
const runs = Number(argv.find((a) => a.startsWith("--runs="))?.split("=")[1] ?? 15);
const only = argv
  .find((a) => a.startsWith("--only="))
  ?.split("=")[1]
  ?.split(",");
const log = (line: string) => process.stdout.write(`${line}\n`);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const outDir = await mkdtemp(join(tmpdir(), "dotmac-cold-start-"));
try {
  const all = await buildBundles(join(outDir, "out"));
  const bundles = only ? all.filter((b) => only.includes(b.handler.split(":")[0] ?? "")) : all;
  log("cold path (entry + static imports; api:<group> adds the group's chunks, <fn>:event what every event loads)");
  for (const b of bundles) {
    const target = b.target ? `  ≤ ${kb(b.target.maxBytes)} ${b.target.met ? "met" : "NOT MET"}` : "";
    log(`  ${b.handler.padEnd(24)} ${kb(b.bytes).padStart(10)}${target}`);
    for (const c of b.checks) log(`    CHECK FAILED: ${c}`);
  }
  log(`cold import, median of ${runs} runs, alternating with an empty module`);
  const timings = await measureColdImports(bundles, { runs, outDir: join(outDir, "out"), log });
  const failed = timings.filter((t) => t.target && !t.target.met).map((t) => t.handler);
  const over = bundles.filter((b) => b.target && !b.target.met).map((b) => b.handler);
  log(failed.length || over.length ? `NOT MET: ${[...over, ...failed].join(", ")}` : "all targets met");
} finally {
  await rm(outDir, { recursive: true, force: true });
}
