import { defineConfig } from "vitest/config";

// Projects by what they need: PGlite (fast, default), real PostgreSQL and the Neon driver over a
// WebSocket bridge (the database suite again), AWS emulators, the SST synth, and Chromium.
const shared = { testTimeout: 60_000, hookTimeout: 120_000, pool: "forks" as const };
// Production hashes passwords with scrypt N=2^17 (128 MiB, ~0.3 s here); the suites create and sign
// in hundreds of accounts, so they use N=2^12. Config refuses a value below 17 outside NODE_ENV=test.
process.env.PASSWORD_SCRYPT_LOG_N ??= "12";

export default defineConfig({
  test: {
    reporters: process.env.CI ? ["default"] : ["default"],
    projects: [
      {
        test: {
          ...shared,
          name: "pglite",
          include: [
            "tests/core/**/*.test.ts",
            "tests/api/**/*.test.ts",
            "tests/security/**/*.test.ts",
            "tests/reliability/**/*.test.ts",
          ],
          globalSetup: ["tests/support/global-pglite.ts"],
          env: { TEST_DB: "pglite" },
        },
      },
      {
        test: {
          ...shared,
          name: "postgres",
          include: ["tests/core/db/**/*.test.ts"],
          globalSetup: ["tests/support/global-postgres.ts"],
          env: { TEST_DB: "postgres" },
        },
      },
      {
        test: {
          ...shared,
          name: "neon",
          include: ["tests/core/db/**/*.test.ts"],
          globalSetup: ["tests/support/global-postgres.ts"],
          env: { TEST_DB: "neon" },
        },
      },
      { test: { ...shared, name: "aws", include: ["tests/aws/**/*.test.ts"] } },
      { test: { ...shared, name: "infra", include: ["tests/infra/**/*.test.ts"], testTimeout: 180_000 } },
      {
        test: {
          ...shared,
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
