import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends `npm test` with where the time went: per project (files, tests, summed file time) and the ten
 * slowest files, so a suite that starts to cost more than it pays is seen the day it lands.
 */
export default class TimingReporter implements Reporter {
  private started = Date.now();

  onInit() {
    this.started = Date.now();
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const rows = modules.map((m) => {
      const d = m.diagnostic();
      const tests = [...m.children.allTests()].length;
      // Import plus tests and hooks: what the file costs a worker, setup of the pool aside.
      const ms = d.collectDuration + d.duration + d.setupDuration + d.prepareDuration;
      return { project: m.project.name, file: m.relativeModuleId, tests, ms };
    });
    const byProject = new Map<string, { files: number; tests: number; ms: number }>();
    for (const r of rows) {
      const p = byProject.get(r.project) ?? { files: 0, tests: 0, ms: 0 };
      p.files++;
      p.tests += r.tests;
      p.ms += r.ms;
      byProject.set(r.project, p);
    }
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const out: string[] = ["", `Timing (wall ${s(Date.now() - this.started)})`, ""];
    out.push(`  ${"project".padEnd(18)}${"files".padStart(6)}${"tests".padStart(7)}${"file time".padStart(12)}`);
    for (const [name, p] of [...byProject].sort((a, b) => b[1].ms - a[1].ms)) {
      out.push(
        `  ${name.padEnd(18)}${String(p.files).padStart(6)}${String(p.tests).padStart(7)}${s(p.ms).padStart(12)}`,
      );
    }
    out.push("", "  ten slowest files");
    for (const r of [...rows].sort((a, b) => b.ms - a.ms).slice(0, 10)) {
      out.push(`  ${s(r.ms).padStart(8)}  ${r.project.padEnd(16)} ${r.file}`);
    }
    process.stdout.write(`${out.join("\n")}\n`);
  }
}
