import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { sleep } from "./util";

/** Child processes of the bench: started here, always killed here (also on error and on exit). */

export const repoRoot = resolve(import.meta.dirname, "..");

export interface Child {
  name: string;
  proc: ChildProcess;
  /** The last few KB the child wrote, for error messages. */
  output(): string;
  /** Everything the child wrote to stdout (our servers print only hand-shake markers there). */
  stdout(): string;
  exited(): boolean;
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<Child>();

process.on("exit", () => {
  for (const child of live) child.proc.kill("SIGKILL");
});

export function startChild(name: string, args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  let out = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4096);
  };
  proc.stdout?.on("data", (chunk: Buffer) => {
    out = (out + chunk.toString("utf8")).slice(-65536);
    keep(chunk);
  });
  proc.stderr?.on("data", keep);
  let done = false;
  const exit = new Promise<void>((resolveExit) => {
    proc.once("exit", () => {
      done = true;
      live.delete(child);
      resolveExit();
    });
  });
  const child: Child = {
    name,
    proc,
    output: () => tail,
    stdout: () => out,
    exited: () => done,
    async stop(graceMs = 5000) {
      if (done) return;
      proc.kill("SIGTERM");
      const timer = sleep(graceMs).then(() => "timeout" as const);
      if ((await Promise.race([exit, timer])) === "timeout") {
        proc.kill("SIGKILL");
        await exit;
      }
    },
  };
  live.add(child);
  return child;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((c) => c.stop()));
}

/** Polls `url` until it answers 200; fails if the child exits or the time runs out. */
export async function waitForHealth(child: Child, url: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child.exited()) throw new Error(`${child.name} exited before it was ready:\n${child.output()}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      async (r) => {
        await r.arrayBuffer();
        return r.status;
      },
      () => 0,
    );
    if (status === 200) return performance.now() - started;
    await sleep(200);
  }
  throw new Error(`${child.name} was not healthy at ${url} after ${timeoutMs} ms:\n${child.output()}`);
}

/** Sends a signal and waits until the child prints `marker` (the diagnostics hand-shake of servers/runtime.ts). */
export async function signalAndWait(child: Child, signal: NodeJS.Signals, marker: string, timeoutMs = 10_000) {
  const count = () => child.stdout().split(`${marker}\n`).length;
  const before = count();
  child.proc.kill(signal);
  const started = performance.now();
  while (count() === before) {
    if (child.exited()) throw new Error(`${child.name} exited while waiting for "${marker}":\n${child.output()}`);
    if (performance.now() - started > timeoutMs)
      throw new Error(`${child.name} did not print "${marker}" in ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Waits until the child has printed `marker` on stdout at least once. */
export async function waitForMarker(child: Child, marker: string, timeoutMs: number): Promise<void> {
  const started = performance.now();
  while (!child.stdout().includes(marker)) {
    if (child.exited()) throw new Error(`${child.name} exited before printing "${marker}":\n${child.output()}`);
    if (performance.now() - started > timeoutMs)
      throw new Error(`${child.name} did not print "${marker}" in ${timeoutMs} ms`);
    await sleep(100);
  }
}
