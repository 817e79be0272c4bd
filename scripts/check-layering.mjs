// The layering rules, checked by `npm run check`. Imports are read from the TypeScript syntax tree.
//   1. Transport never imports the database; the portal never imports core or a driver, and only
//      `import type` from functions; core never imports transport, the portal or infra.
//   2. platform/ imports only platform/ (static, dynamic and type-only imports; the committed
//      migrations are data it applies).
//   3. No import cycles inside packages/core: runtime imports, static or dynamic; type-only ones are
//      erased and do not count. Each cycle is printed.
//   4. Pages never import pages: a file directly in pages/ imports nothing else under pages/; a file
//      in a page's folder imports only from that folder and below (its private components).
// Biome's noRestrictedImports covers rule 1 in the editor; this also sees dynamic imports.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

// An optional root lets the test prove each rule fails on a tree that breaks it.
const root = resolve(process.argv[2] ?? ".");
const CORE = join(root, "packages/core/src");
const PLATFORM = join(CORE, "platform");
const MIGRATIONS = join(root, "packages/core/migrations");
const PAGES = join(root, "packages/web/src/pages");

const bans = [
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

const files = (dir) =>
  existsSync(dir)
    ? readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
      })
    : [];

const parsed = new Map();
/** Every import of a file: `import`/`export … from`, `import x = require()` and `import()` calls. */
function importsOf(file) {
  if (!parsed.has(file)) parsed.set(file, readImports(file));
  return parsed.get(file);
}

function readImports(file) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const found = [];
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly = Boolean(
        clause &&
          (clause.isTypeOnly ||
            (!clause.name &&
              named &&
              ts.isNamedImports(named) &&
              named.elements.length > 0 &&
              named.elements.every((e) => e.isTypeOnly))),
      );
      found.push({ spec: node.moduleSpecifier.text, typeOnly, dynamic: false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        Boolean(
          clause &&
            ts.isNamedExports(clause) &&
            clause.elements.length > 0 &&
            clause.elements.every((e) => e.isTypeOnly),
        );
      found.push({ spec: node.moduleSpecifier.text, typeOnly, dynamic: false });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push({ spec: node.moduleReference.expression.text, typeOnly: node.isTypeOnly, dynamic: false });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ spec: node.arguments[0].text, typeOnly: false, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a relative import names (`./x` → x.ts, x.tsx, x/index.ts; `./t.sql` → t.sql.ts), or its path. */
function resolveRelative(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return base;
}

/** `@dotmac/core/<x>` as a path inside core/src (the package's exports map: x.ts, x.sql.ts or x/index.ts). */
const resolveCore = (spec) => resolveRelative(join(CORE, "index.ts"), `./${spec.slice("@dotmac/core/".length)}`);

/** Where an import of `file` lands: a file path for relative and `@dotmac/core/…` imports, else undefined. */
const targetOf = (file, spec) =>
  spec.startsWith(".") ? resolveRelative(file, spec) : spec.startsWith("@dotmac/core/") ? resolveCore(spec) : undefined;

const inside = (path, dir) => path === dir || path.startsWith(dir + sep);
const show = (path) => relative(root, path).split(sep).join("/");

const problems = [];

// 1. Package bans per layer, and the portal's type-only use of functions.
for (const rule of bans) {
  for (const file of files(join(root, rule.dir))) {
    for (const { spec, typeOnly } of importsOf(file)) {
      if (rule.banned.test(spec)) problems.push(`${show(file)}: imports ${spec} (${rule.why})`);
      if (rule.dir === "packages/web/src" && spec.startsWith("@dotmac/functions") && !typeOnly) {
        problems.push(`${show(file)}: imports ${spec} at runtime (the portal may only \`import type\` from functions)`);
      }
    }
  }
}

// 2. The ground floor: platform/ imports only platform/ (static, dynamic and type-only alike), plus the
//    committed migration files it applies.
const coreFiles = files(CORE);
const coreImports = new Map(coreFiles.map((file) => [file, importsOf(file)]));
for (const file of coreFiles.filter((f) => inside(f, PLATFORM))) {
  for (const { spec, dynamic } of coreImports.get(file)) {
    const target = targetOf(file, spec);
    if (target && !inside(target, PLATFORM) && !inside(target, MIGRATIONS)) {
      problems.push(
        `${show(file)}: imports ${spec}${dynamic ? " dynamically" : ""} (platform/ imports only platform/: the ground floor knows nothing above it)`,
      );
    }
  }
}

// 3. No import cycles inside core. Edges are runtime imports (static or dynamic); type-only ones are erased.
const edges = new Map(
  coreFiles.map((file) => [
    file,
    [
      ...new Set(
        coreImports
          .get(file)
          .filter(({ typeOnly }) => !typeOnly)
          .map(({ spec }) => targetOf(file, spec))
          .filter((target) => target && coreImports.has(target)),
      ),
    ].sort(),
  ]),
);
for (const component of stronglyConnected([...edges.keys()].sort(), edges)) {
  for (const cycle of coveringCycles(component, edges)) {
    problems.push(
      `import cycle: ${[...cycle, cycle[0]].map((f) => relative(CORE, f).split(sep).join("/")).join(" → ")}`,
    );
  }
}

// 4. Pages never import pages. A page is a file directly in pages/ or a folder pages/…/<page>/; a file
//    may import from its own folder and the folders below it (a page's private components), nothing
//    else under pages/. Shared pieces belong in components/ or lib/.
for (const file of files(PAGES)) {
  const own = dirname(file);
  for (const { spec } of importsOf(file)) {
    if (!spec.startsWith(".")) continue;
    const target = resolveRelative(file, spec);
    if (!inside(target, PAGES)) continue;
    if (own !== PAGES && inside(target, own)) continue;
    problems.push(`${show(file)}: imports ${spec} (pages never import pages: move what is shared to components/)`);
  }
}

if (problems.length) {
  console.error(`Layering rule broken:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`layering: ok (${coreFiles.length} core files, no import cycles; platform/ imports only platform/)`);

/** Tarjan's algorithm: the strongly connected components with a cycle (two or more files, or a self-import). */
function stronglyConnected(nodes, next) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const connect = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) components.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) connect(v);
  return components;
}

/** Shortest cycles inside one component until every file of it appears in one: each is printed. */
function coveringCycles(component, next) {
  const members = new Set(component);
  const covered = new Set();
  const cycles = [];
  for (const start of component) {
    if (covered.has(start)) continue;
    // Breadth-first from start's successors back to start, staying inside the component.
    const previous = new Map([[start, undefined]]);
    const queue = [start];
    let found = false;
    while (queue.length && !found) {
      const v = queue.shift();
      for (const w of next.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const cycle = [];
          for (let at = v; at !== undefined; at = previous.get(at)) cycle.unshift(at);
          cycles.push(cycle);
          for (const f of cycle) covered.add(f);
          found = true;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
  }
  return cycles;
}
