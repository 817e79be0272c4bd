// The layering rule, checked by `npm run check` (Biome's noRestrictedImports covers the same ground
// in the editor; this also catches dynamic imports and the portal's type-only use of functions).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const rules = [
  {
    dir: "packages/functions/src",
    banned: /^(drizzle-orm|pg|@neondatabase\/serverless|@electric-sql\/pglite)(\/|$)/,
    why: "transport calls core verbs, never the database",
  },
  {
    dir: "packages/web/src",
    banned: /^(drizzle-orm|pg|@neondatabase\/serverless|@electric-sql\/pglite|@dotmac\/core)(\/|$)/,
    why: "the portal talks to the API only",
  },
  {
    dir: "packages/core/src",
    banned: /^(hono|@hono\/.*|@dotmac\/functions|@dotmac\/web|aws-lambda)(\/|$)|\/infra\//,
    why: "core never imports transport, portal or infra",
  },
];

// An optional root lets the test prove the rule fails on a tree that breaks it.
const root = process.argv[2] ?? ".";

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });

const importRe =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const problems = [];
for (const rule of rules) {
  for (const file of files(join(root, rule.dir))) {
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(importRe)) {
      const spec = m[3] ?? m[4];
      const typeOnly = Boolean(m[2]);
      if (rule.banned.test(spec)) problems.push(`${file}: imports ${spec} (${rule.why})`);
      if (rule.dir === "packages/web/src" && spec.startsWith("@dotmac/functions") && !typeOnly) {
        problems.push(`${file}: imports ${spec} at runtime (the portal may only \`import type\` from functions)`);
      }
    }
  }
}
if (problems.length) {
  console.error(`Layering rule broken:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("layering: ok");
