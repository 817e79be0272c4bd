import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/core/src/**/*.sql.ts",
  out: "./packages/core/migrations",
  casing: "snake_case",
});
