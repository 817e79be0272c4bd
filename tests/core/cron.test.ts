import { jobNames, jobRegistry } from "@dotmac/core/jobs";
import { schedule } from "@dotmac/functions/local/cron";
import { describe, expect, it } from "vitest";

describe("the job registry and the local cron", () => {
  it("every registered job has a schedule the local cron and EventBridge Scheduler both accept", () => {
    for (const name of jobNames) {
      const timer = schedule(jobRegistry[name].schedule, () => {});
      timer.stop();
    }
    expect(jobNames).toContain("outbox.sweep");
  });

  it("accepts EventBridge cron expressions with ? fields", () => {
    schedule("cron(0/5 * * * ? *)", () => {}).stop();
    schedule("cron(0 10 ? * MON-FRI *)", () => {}).stop();
  });

  it("refuses anything else instead of guessing", () => {
    expect(() => schedule("every 5 minutes", () => {})).toThrow(/Unsupported schedule/);
    expect(() => schedule("rate(5 fortnights)", () => {})).toThrow(/Unsupported schedule/);
  });
});
