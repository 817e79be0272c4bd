import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * What the portal's code says about its dictionary areas, read from the source (no build): the areas
 * each lazy chunk declares (`page([...], () => import(...))` in routes/*.tsx, `withAreas([...], ...)`), and
 * the areas a module and its static imports actually name in `t("area.…")` keys.
 */
export const webSrc = resolve(import.meta.dirname, "../../packages/web/src");

/** Every lazy `import("./…")` in `file` with the areas declared beside it (undefined when none is). */
export function declaredAreas(file: string): { target: string; areas: string[] | undefined }[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/import\("(\.[^"]+)"\)/g)].map((match) => {
    const before = text.slice(0, match.index).replace(/\s+/g, " ");
    const declared = /\[([^\]]*)\], \(\) => $/.exec(before)?.[1];
    return {
      target: resolveModule(file, match[1] ?? "") ?? match[1] ?? "",
      areas: declared === undefined ? undefined : [...declared.matchAll(/"(\w+)"/g)].map((m) => m[1] ?? ""),
    };
  });
}

function resolveModule(from: string, spec: string): string | undefined {
  const base = join(dirname(from), spec);
  return [`${base}.tsx`, `${base}.ts`, join(base, "index.tsx"), join(base, "index.ts")].find((c) => existsSync(c));
}

/** `file` and every module it imports statically (relative imports; the dictionaries themselves excluded). */
export function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const [, spec] of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)) {
    const target = resolveModule(file, spec ?? "");
    if (target && !target.includes("/i18n/")) staticGraph(target, seen);
  }
  return seen;
}

/** The areas (of `known`) that string literals in `files` start a key with: "tickets.…", `ticket.${…}`. */
export function namedAreas(files: Iterable<string>, known: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (const file of files) {
    for (const [, area] of readFileSync(file, "utf8").matchAll(/["'`]([a-zA-Z]+)\.[a-zA-Z$]/g)) {
      if (area && known.includes(area)) named.add(area);
    }
  }
  return named;
}

/** `slaClock` → `sla-clock`: the file an area lives in under i18n/<locale>/. */
export const areaFile = (area: string) => area.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
