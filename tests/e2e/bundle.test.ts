import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensurePortalBuilt } from "../support/e2e";

/**
 * The portal's weight grows by page, not by product: the entry holds the shell, sign-in and the
 * English dictionary; every other page and every other language is a chunk fetched on first use.
 * Sizes are bytes of the built files (no timing). Budgets sit a little above today's figures so a
 * page that drags the product into the entry fails here, in the change that does it.
 */
// The English dictionary rides in the entry and grows with each domain (the customer and search strings
// took it from 109 to 143 KiB); splitting it by area, as French is split off, is the next step before
// the inbox lands (docs/decisions.md, left for later).
const ENTRY_BUDGET = 160 * 1024;
// The ticket page is the heaviest first visit: 220 KiB before the kit's locale-aware date field (kit/DateInput,
// 4.7 KiB) and the bulk refusal sentences, 227 KiB with them.
const PAGE_BUDGET = 236 * 1024;

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
const dist = join(import.meta.dirname, "../../packages/web/dist");
let manifest: Record<string, Chunk>;

/** A chunk and everything it imports statically: what the browser must fetch before it runs. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
  return seen;
}
const bytes = (keys: Iterable<string>) =>
  [...keys].reduce((sum, key) => sum + statSync(join(dist, manifest[key]?.file ?? "")).size, 0);

beforeAll(() => {
  ensurePortalBuilt();
  manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));
});

describe("the portal's bundles", () => {
  it("the entry imports no page but sign-in and not-found, and no second language", () => {
    const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry) ?? "";
    const statics = [...closure(entry)].map((key) => manifest[key]?.src ?? key);
    expect(statics.filter((src) => src.includes("src/pages/"))).toEqual([]);
    expect(statics.filter((src) => src.includes("src/i18n/fr"))).toEqual([]);
    const pages = manifest[entry]?.dynamicImports ?? [];
    expect(pages).toContain("src/pages/tickets/list/TicketListPage.tsx");
    expect(pages.length).toBeGreaterThanOrEqual(25);
    expect(bytes(closure(entry)), "entry and its static imports").toBeLessThanOrEqual(ENTRY_BUDGET);
  });

  it("every page's first visit fetches at most its budget of JavaScript", () => {
    const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry) ?? "";
    const over = (manifest[entry]?.dynamicImports ?? [])
      .map((page) => ({ page, size: bytes(new Set([...closure(entry), ...closure(page)])) }))
      .filter(({ size }) => size > PAGE_BUDGET);
    expect(over).toEqual([]);
  });
});
