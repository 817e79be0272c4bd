import { readFileSync } from "node:fs";

/** Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package and by function. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileRow {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  byPackage: ProfileRow[];
  byFunction: ProfileRow[];
}

/** node_modules/<pkg> (last one wins), a workspace package, node internals, or a V8 pseudo-frame. */
export function packageOf(url: string, functionName = ""): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const path = decodeURIComponent(url.replace(/^file:\/\//, ""));
  const i = path.lastIndexOf("node_modules/");
  if (i >= 0) {
    const parts = path.slice(i + "node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  if (path.startsWith("node:")) return "node (internals)";
  const ws = path.match(/packages\/([^/]+)\/src\/([^/]+)/);
  if (ws) return `@dotmac/${ws[1]} (${ws[2]})`;
  return path;
}

export function summariseProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Time of sample i is attributed to the node of sample i (delta i+1 is the time until the next one).
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i];
    const dt = deltas[i + 1] ?? 0;
    if (id !== undefined) self.set(id, (self.get(id) ?? 0) + dt / 1000);
  }
  const pkg = new Map<string, number>();
  const fns = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    const p = packageOf(url, functionName);
    pkg.set(p, (pkg.get(p) ?? 0) + ms);
    const short = url ? `${url.split("/").slice(-2).join("/")}:${lineNumber + 1}` : "";
    const fn = `${functionName || "(anonymous)"} ${short}`.trim();
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: busyMs ? ms / busyMs : 0 }));
  return { busyMs: Math.round(busyMs), idleMs: Math.round(idleMs), byPackage: rows(pkg), byFunction: rows(fns) };
}
