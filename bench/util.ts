import { createServer } from "node:net";

/** Small helpers shared by the benchmarks. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile of unsorted values; NaN when empty. */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * JSON as Biome formats it (the repo's `biome ci` checks bench/results too): objects expanded, an
 * array of plain values on one line when it fits in 120 columns, else one value per line.
 */
export function formatJson(value: unknown, lineWidth = 120): string {
  const render = (v: unknown, indent: string, prefix: string, suffix: string): string => {
    if (v === null || typeof v !== "object") return `${indent}${prefix}${JSON.stringify(v)}${suffix}`;
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return `${indent}${prefix}[]${suffix}`;
      if (v.every((x) => x === null || typeof x !== "object")) {
        const flat = `${indent}${prefix}[${v.map((x) => JSON.stringify(x)).join(", ")}]${suffix}`;
        if (flat.length <= lineWidth) return flat;
      }
      const items = v.map((x, i) => render(x, inner, "", i < v.length - 1 ? "," : ""));
      return [`${indent}${prefix}[`, ...items, `${indent}]${suffix}`].join("\n");
    }
    const entries = Object.entries(v);
    if (entries.length === 0) return `${indent}${prefix}{}${suffix}`;
    const items = entries.map(([k, x], i) =>
      render(x, inner, `${JSON.stringify(k)}: `, i < entries.length - 1 ? "," : ""),
    );
    return [`${indent}${prefix}{`, ...items, `${indent}}${suffix}`].join("\n");
  };
  return `${render(JSON.parse(JSON.stringify(value)), "", "", "")}\n`;
}
