import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Projects by what they need, each suite run once on the engine that matters:
// - unit: pure code, no database;
// - contract-*: what can differ between the three drivers (PGlite, node-postgres, the Neon Pool over
//   a WebSocket bridge), the only suite that runs three times;
// - postgres: the domain, API, security and reliability suites, once, on PostgreSQL (the engine
//   production runs), each file in its own database cloned from one migrated template;
// - aws (emulators), infra (SST synth), e2e (Chromium against the local runtime on PGlite).
const shared = { testTimeout: 60_000, hookTimeout: 120_000, pool: "forks" as const };
// Production hashes passwords with scrypt N=2^17 (128 MiB, ~0.3 s here); the suites create and sign
// in hundreds of accounts, so they use N=2^12. Config refuses a value below 17 outside NODE_ENV=test.
process.env.PASSWORD_SCRYPT_LOG_N ??= "12";

// Stories whose subject is the whole system (every ticket's figures, every job's status): each gets a
// runtime of its own; every other story shares one per worker and isolates by data.
const systemStories = ["tests/e2e/support-dashboard.test.ts", "tests/e2e/status.test.ts"];
const unit = [
  "tests/core/*.test.ts",
  "tests/web/*.test.ts",
  "tests/security/layering.test.ts",
  "tests/security/redirect.test.ts",
];
const contract = (driver: "pglite" | "postgres" | "neon") => ({
  test: {
    ...shared,
    name: `contract-${driver}`,
    include: ["tests/contract/**/*.test.ts"],
    globalSetup: [driver === "pglite" ? "tests/support/global-pglite.ts" : "tests/support/global-postgres.ts"],
    env: { TEST_DB: driver },
  },
});

// Two workers even on two cores: most of a database file's time is spent waiting on PostgreSQL, so
// two overlap instead of queueing (vitest's default is one worker fewer than the cores, i.e. one here).
// The browser stories are a group of their own after the rest, also on two workers: a story waits on
// the browser and the runtime more than it computes (a whole CI run used 0.9 of the 2 cores on
// average), so two overlap. Stop 23: the sequential group was 436 s of a 687 s run.
const maxWorkers = Math.max(2, availableParallelism() - 1);
const browserGroup = { groupOrder: 1 };

export default defineConfig({
  test: {
    maxWorkers,
    reporters: ["default", "./tests/support/timing-reporter.ts"],
    projects: [
      { test: { ...shared, name: "unit", include: unit } },
      contract("pglite"),
      contract("postgres"),
      contract("neon"),
      {
        test: {
          ...shared,
          name: "postgres",
          include: [
            "tests/core/db/**/*.test.ts",
            "tests/api/**/*.test.ts",
            "tests/security/**/*.test.ts",
            "tests/reliability/**/*.test.ts",
          ],
          exclude: unit,
          globalSetup: ["tests/support/global-postgres.ts"],
          env: { TEST_DB: "postgres" },
          // One module graph per worker instead of one per file: each file still gets its own database
          // (and adapters, tests/support/db.ts), but the app and core are imported once per worker,
          // not 82 times (the project went from ~137 s to ~64 s alone on two cores).
          isolate: false,
        },
      },
      { test: { ...shared, name: "aws", include: ["tests/aws/**/*.test.ts"] } },
      { test: { ...shared, name: "infra", include: ["tests/infra/**/*.test.ts"], testTimeout: 180_000 } },
      {
        test: {
          ...shared,
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          exclude: systemStories,
          testTimeout: 120_000,
          // One module graph per worker for its story files: they share its runtime and browser
          // (tests/support/e2e.ts) and isolate by data; each worker has a runtime of its own.
          isolate: false,
          sequence: browserGroup,
        },
      },
      {
        // Each system story has a runtime and a browser of its own, so they run beside the database
        // suites (group 0) rather than after the other stories: ~50 s off the browser group's tail.
        test: {
          ...shared,
          name: "e2e-system",
          include: systemStories,
          testTimeout: 120_000,
          env: { E2E_RUNTIME: "per-file" },
        },
      },
    ],
  },
});
