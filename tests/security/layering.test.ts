import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const check = (root?: string) =>
  spawnSync(process.execPath, ["scripts/check-layering.mjs", ...(root ? [root] : [])], { encoding: "utf8" });

function tree(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "dotmac-layering-"));
  for (const dir of ["packages/functions/src", "packages/web/src", "packages/core/src"]) {
    mkdirSync(join(root, dir), { recursive: true });
  }
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

const core = "packages/core/src";
const pages = "packages/web/src/pages";

describe("the layering rule (npm run check)", () => {
  it("passes on this repository", () => {
    const result = check();
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  const broken: [string, Record<string, string>, string][] = [
    [
      "transport importing drizzle",
      { "packages/functions/src/x.ts": 'import { eq } from "drizzle-orm";\n' },
      "drizzle",
    ],
    ["transport importing a driver dynamically", { "packages/functions/src/x.ts": 'await import("pg");\n' }, "pg"],
    [
      "the portal importing core",
      { "packages/web/src/x.ts": 'import * as S from "@dotmac/core/subscriber";\n' },
      "@dotmac/core/subscriber",
    ],
    [
      "the portal importing functions at runtime",
      { "packages/web/src/x.ts": 'import { createApp } from "@dotmac/functions/api/app";\n' },
      "at runtime",
    ],
    ["core importing hono", { [`${core}/x.ts`]: 'import { Hono } from "hono";\n' }, "hono"],
    ["core importing infra", { [`${core}/x.ts`]: 'import { api } from "../../../infra/api";\n' }, "infra"],
    [
      "platform importing a domain",
      {
        [`${core}/platform/scope.ts`]: 'import { satisfies } from "../auth/permissions";\n',
        [`${core}/auth/permissions.ts`]: "export const satisfies = () => true;\n",
      },
      "packages/core/src/platform/scope.ts: imports ../auth/permissions (platform/ imports only platform/",
    ],
    [
      "platform importing a domain dynamically",
      {
        [`${core}/platform/bus/index.ts`]: 'export const load = () => import("../../events/dispatch");\n',
        [`${core}/events/dispatch.ts`]: "export const deliver = () => {};\n",
      },
      "imports ../../events/dispatch dynamically",
    ],
    [
      "platform importing a domain's types",
      {
        [`${core}/platform/context.ts`]: 'import type { Info } from "../auth/info";\nexport type A = Info;\n',
        [`${core}/auth/info.ts`]: "export type Info = { id: string };\n",
      },
      "platform/ imports only platform/",
    ],
    [
      "platform importing a domain through the package name",
      {
        [`${core}/platform/x.ts`]: 'import * as Ticket from "@dotmac/core/ticket";\n',
        [`${core}/ticket/index.ts`]: "export const a = 1;\n",
      },
      "imports @dotmac/core/ticket",
    ],
    [
      "a cycle of two files in core",
      {
        [`${core}/auth/index.ts`]: 'import { b } from "./recovery";\nexport const a = b;\n',
        [`${core}/auth/recovery.ts`]: 'import { a } from "./index";\nexport const b = 1;\nexport const c = a;\n',
      },
      "import cycle: auth/index.ts → auth/recovery.ts → auth/index.ts",
    ],
    [
      "a cycle across domains, re-exports and a directory import",
      {
        [`${core}/sla/config.ts`]: 'export { liveTicket } from "../ticket/shared";\n',
        [`${core}/ticket/shared.ts`]: 'import { summaries } from "../sla";\nexport const liveTicket = summaries;\n',
        [`${core}/sla/index.ts`]: 'export * from "./config";\nexport const summaries = 1;\n',
      },
      "import cycle: sla/config.ts → ticket/shared.ts → sla/index.ts → sla/config.ts",
    ],
    [
      "a cycle closed by a dynamic import",
      {
        [`${core}/jobs/index.ts`]: 'import "../ticket/a";\nexport const run = 1;\n',
        [`${core}/ticket/a.ts`]: 'export const later = () => import("../jobs");\n',
      },
      "import cycle: jobs/index.ts → ticket/a.ts → jobs/index.ts",
    ],
    [
      "a top-level page importing another page",
      {
        [`${pages}/Teams.tsx`]: 'import { portalLabel } from "./Members";\n',
        [`${pages}/Members.tsx`]: "export const portalLabel = 1;\n",
      },
      "packages/web/src/pages/Teams.tsx: imports ./Members (pages never import pages",
    ],
    [
      "a page folder importing another page's folder",
      {
        [`${pages}/tickets/detail/DetailPage.tsx`]: 'import { Filters } from "../list/Filters";\n',
        [`${pages}/tickets/list/Filters.tsx`]: "export const Filters = 1;\n",
      },
      "imports ../list/Filters",
    ],
    [
      "a page's component importing a top-level page",
      {
        [`${pages}/users/UserDrawer.tsx`]: 'import { MfaSection } from "../MfaSetup";\n',
        [`${pages}/MfaSetup.tsx`]: "export const MfaSection = 1;\n",
      },
      "imports ../MfaSetup",
    ],
  ];
  for (const [name, files, says] of broken) {
    it(`fails on ${name}`, () => {
      const result = check(tree(files));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("Layering rule broken");
      expect(result.stderr).toContain(says);
    });
  }

  const allowed: [string, Record<string, string>][] = [
    [
      "the portal's type-only import of the API",
      { "packages/web/src/x.ts": 'import type { AppType } from "@dotmac/functions/api/app";\n' },
    ],
    [
      "platform reading the committed migrations",
      {
        [`${core}/platform/db/migrate.ts`]: 'import journal from "../../../migrations/meta/_journal.json";\n',
        "packages/core/migrations/meta/_journal.json": "{}\n",
      },
    ],
    [
      "a cycle of type-only imports (erased at runtime)",
      {
        [`${core}/ticket/shared.ts`]:
          'import type { Summary } from "../sla/registry";\nexport type Info = { sla: Summary };\n',
        [`${core}/sla/registry.ts`]:
          'import { type Info } from "../ticket/shared";\nexport type Summary = string;\nexport type T = Info;\n',
      },
    ],
    [
      "domains importing lower floors",
      {
        [`${core}/ticket/index.ts`]: 'export { create } from "./create";\n',
        [`${core}/ticket/create.ts`]: 'import { fn } from "../platform/fn";\nexport const create = fn;\n',
        [`${core}/platform/fn.ts`]: 'import { AppError } from "./errors";\nexport const fn = AppError;\n',
        [`${core}/platform/errors.ts`]: "export class AppError {}\n",
      },
    ],
    [
      "a page folder importing its own private components, and pages importing components",
      {
        [`${pages}/tickets/detail/DetailPage.tsx`]:
          'import { Comments } from "./Comments";\nimport { Badge } from "./parts/Badge";\nimport { Table } from "../../../components/Table";\n',
        [`${pages}/tickets/detail/Comments.tsx`]: "export const Comments = 1;\n",
        [`${pages}/tickets/detail/parts/Badge.tsx`]: "export const Badge = 1;\n",
        [`${pages}/Users.tsx`]: 'import { Table } from "../components/Table";\n',
        "packages/web/src/components/Table.tsx": "export const Table = 1;\n",
      },
    ],
  ];
  for (const [name, files] of allowed) {
    it(`allows ${name}`, () => {
      const result = check(tree(files));
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
    });
  }
});
