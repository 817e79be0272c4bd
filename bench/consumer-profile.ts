/**
 * Diagnostic, not part of `npm run bench`: a CPU profile of the local runtime while it accepts and
 * stores 100 new deliveries on one path (after 30 to warm up), to see where the consumer's time goes.
 * `tsx bench/consumer-profile.ts [whatsapp|messenger|billing]`.
 */
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signalAndWait, stopAll } from "./children";
import { runPath, startInboxRuntime } from "./meta-ingest";
import { summariseProfile } from "./profile";

const path = (process.argv[2] ?? "whatsapp") as "whatsapp" | "billing" | "messenger";
const dir = await mkdtemp(join(tmpdir(), "prof-"));
const rt = await startInboxRuntime(console.log, { BENCH_CPU_PROF_DIR: dir });
await runPath(rt, path, { connections: 5, deliveries: 30 });
await signalAndWait(rt.child, "SIGUSR2", "PROFILING");
const run = await runPath(rt, path, { connections: 5, deliveries: 100 });
await signalAndWait(rt.child, "SIGUSR2", "PROFILE WRITTEN", 30_000);
console.log(run);
const file = (await readdir(dir)).find((f) => f.endsWith(".cpuprofile"));
const p = summariseProfile(join(dir, file ?? ""));
console.log(`busy ${p.busyMs.toFixed(0)} ms, idle ${p.idleMs.toFixed(0)} ms, for ${run.stored} stored`);
for (const r of p.byPackage.slice(0, 12)) console.log(`${(r.share * 100).toFixed(1)}% ${r.ms.toFixed(0)} ms ${r.name}`);
for (const r of p.byFunction.slice(0, 25)) console.log(`${(r.share * 100).toFixed(1)}% ${r.name}`);
await rt.stop();
await stopAll();
process.exit(0);
