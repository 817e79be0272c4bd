import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const check = (root?: string) =>
  spawnSync(process.execPath, ["scripts/check-layering.mjs", ...(root ? [root] : [])], { encoding: "utf8" });

function tree(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "dotmac-layering-"));
  for (const dir of ["packages/functions/src", "packages/web/src", "packages/core/src"]) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  for (const [path, source] of Object.entries(files)) writeFileSync(join(root, path), source);
  return root;
}

describe("the layering rule (npm run check)", () => {
  it("passes on this repository", () => {
    expect(check().status).toBe(0);
  });

  const broken: [string, Record<string, string>][] = [
    ["transport importing drizzle", { "packages/functions/src/x.ts": 'import { eq } from "drizzle-orm";\n' }],
    ["transport importing a driver dynamically", { "packages/functions/src/x.ts": 'await import("pg");\n' }],
    ["the portal importing core", { "packages/web/src/x.ts": 'import * as S from "@dotmac/core/subscriber";\n' }],
    [
      "the portal importing functions at runtime",
      { "packages/web/src/x.ts": 'import { createApp } from "@dotmac/functions/api/app";\n' },
    ],
    ["core importing hono", { "packages/core/src/x.ts": 'import { Hono } from "hono";\n' }],
    ["core importing infra", { "packages/core/src/x.ts": 'import { api } from "../../../infra/api";\n' }],
  ];
  for (const [name, files] of broken) {
    it(`fails on ${name}`, () => {
      const result = check(tree(files));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("Layering rule broken");
    });
  }

  it("allows the portal a type-only import of the API", () => {
    const root = tree({ "packages/web/src/x.ts": 'import type { AppType } from "@dotmac/functions/api/app";\n' });
    expect(check(root).status).toBe(0);
  });
});
