import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setConfig } from "@dotmac/core/platform/config";

/**
 * The product's one-machine runtime as a child of the ingest benchmark: config from the env the
 * bench passes (DATA_DIR, PORT, BILLING_WEBHOOK_SECRETS, LOG_LEVEL), no cron. The runtime module is
 * imported only after setConfig, because route modules read the config at import.
 *
 * Diagnostics for `npm run bench -- --profile` (never used in a plain run):
 * - BENCH_CPU_PROF_DIR set: the first SIGUSR2 starts the V8 profiler, the second writes
 *   runtime-load.cpuprofile there, so the profile covers the load only, not the boot.
 * - SIGHUP stops the queue poller (the in-process consumer), to measure enqueue alone.
 *
 * BENCH_STATS_PORT set (the inbox benches): a WhatsApp number and a Messenger page are connected
 * first, and GET /stored on that port answers what the consumer has stored (servers/inbox-stats.ts).
 */
try {
  setConfig(process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

const { startRuntime } = await import("@dotmac/functions/local/runtime");
const runtime = await startRuntime({ cron: false, log: (line) => process.stderr.write(`${line}\n`) });
// The inbox benches (meta-ingest.ts, live.ts): Meta channels to deliver to, and a side port that says what is stored.
const statsPort = Number(process.env.BENCH_STATS_PORT);
if (statsPort) {
  const { startStats } = await import("./inbox-stats");
  await startStats(statsPort);
}
process.stdout.write(`READY ${runtime.url}\n`);

const profileDir = process.env.BENCH_CPU_PROF_DIR;
if (profileDir) {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on("SIGUSR2", () => {
    const toggle = async () => {
      if (!profiling) {
        profiling = true;
        await session.post("Profiler.enable");
        await session.post("Profiler.setSamplingInterval", { interval: 200 });
        await session.post("Profiler.start");
        process.stdout.write("PROFILING\n");
      } else {
        profiling = false;
        const { profile } = await session.post("Profiler.stop");
        writeFileSync(join(profileDir, "runtime-load.cpuprofile"), JSON.stringify(profile));
        process.stdout.write("PROFILE WRITTEN\n");
      }
    };
    toggle().catch((error) => process.stderr.write(`profiler: ${(error as Error).message}\n`));
  });
}

process.on("SIGHUP", () => {
  (runtime.poller?.stop() ?? Promise.resolve()).then(
    () => process.stdout.write("POLLER STOPPED\n"),
    (error) => process.stderr.write(`poller stop: ${(error as Error).message}\n`),
  );
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  // Bounded: a poller draining a large backlog must not keep the bench waiting.
  setTimeout(() => process.exit(0), 3000).unref();
  runtime.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
