import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../../packages/web/src/i18n/en";
import { shell } from "../../packages/web/src/i18n/en/shell";
import { declaredAreas, namedAreas, staticGraph, webSrc } from "../support/i18n-areas";

/*
 * The dictionary loads by area: the entry carries the shell's words, and each lazy chunk (a page, the
 * search palette) names the areas it reads so they arrive with it. A page whose code uses a key of an
 * area it did not name would paint that key raw; this reads the source and refuses it.
 */

const known = Object.keys(en);
const shellKeys = new Set(Object.keys(shell));
const sources = (readdirSync(webSrc, { recursive: true }) as string[])
  .filter((path) => /\.tsx?$/.test(path) && !path.startsWith("i18n"))
  .map((path) => join(webSrc, path));

describe("dictionary areas", () => {
  it("the entry's own code reads only the shell's words", () => {
    const named = [...namedAreas(staticGraph(join(webSrc, "main.tsx")), known)];
    expect(named.filter((area) => !shellKeys.has(area))).toEqual([]);
  });

  it("every lazy chunk names the areas its code reads, and only real ones", () => {
    const lazies = sources.flatMap((file) =>
      declaredAreas(file).map((lazy) => ({ ...lazy, from: file.slice(webSrc.length + 1) })),
    );
    expect(lazies.length).toBeGreaterThanOrEqual(30);
    const problems = lazies.flatMap(({ target, areas, from }) => {
      const chunk = target.slice(webSrc.length + 1);
      if (areas === undefined) return [`${from}: import of ${chunk} declares no areas`];
      const needed = [...namedAreas(staticGraph(target), known)].filter((area) => !shellKeys.has(area));
      return [
        ...needed.filter((area) => !areas.includes(area)).map((area) => `${chunk} reads "${area}" without naming it`),
        ...areas.filter((area) => !known.includes(area) || shellKeys.has(area)).map((a) => `${chunk}: "${a}"?`),
      ];
    });
    expect(problems).toEqual([]);
  });
});
