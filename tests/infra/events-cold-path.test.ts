import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLambda, type LambdaGraph } from "../support/bundle-graph";

/**
 * The `events` function's cold start does not grow with each domain that subscribes: its entry holds
 * the dispatcher and the event definitions (names and payload schemas), and a subscriber's domain is
 * loaded by the first event it handles (packages/core/src/events/subscribers.ts).
 */
const ENTRY = "packages/functions/src/handlers/events.ts";
const KiB = 1024;
/** 189 KiB today, of which 107 KiB is the event schemas' zod. */
const BUDGET = 224 * KiB;

let graph: LambdaGraph;
beforeAll(async () => {
  graph = await buildLambda(ENTRY);
});
afterAll(() => graph.cleanup());

describe("the events Lambda loads a subscriber's domain on first use", () => {
  it("keeps the subscribing domains off its cold path", () => {
    const cold = graph.staticClosure([graph.entryChunk]);
    const inputs = graph.inputsOf(cold);
    expect(inputs).toContain("packages/core/src/events/dispatch.ts");
    // The definitions are there (and tables other code joins); the domains behind the handlers are not.
    expect(inputs).toContain("packages/core/src/auth/events.ts");
    const domain = (name: string) => (i: string) =>
      i.startsWith(`packages/core/src/${name}/`) && !/\/(events|[\w-]+\.sql)\.ts$/.test(i);
    expect(inputs.filter(domain("auth"))).toEqual([]);
    expect(inputs.filter(domain("notification"))).toEqual([]);
    expect(inputs.filter((i) => /^node_modules\/(otpauth|jose)\//.test(i))).toEqual([]);
    const kib = graph.bytesOf(cold) / KiB;
    expect(kib, `the events entry's cold path is ${kib.toFixed(1)} KiB`).toBeLessThanOrEqual(BUDGET / KiB);
  });

  it("reaches every subscriber's handler through a chunk of its own", () => {
    const lazy = Object.values(graph.metafile.inputs["packages/core/src/events/subscribers.ts"]?.imports ?? [])
      .filter((i) => i.kind === "dynamic-import")
      .map((i) => i.path);
    expect(lazy.sort()).toEqual([
      "packages/core/src/auth/index.ts",
      "packages/core/src/dispatch/auto-assign.ts",
      "packages/core/src/field/notify.ts",
      "packages/core/src/inbox/assignment.ts",
      "packages/core/src/inbox/csat.ts",
      "packages/core/src/inbox/media.ts",
      "packages/core/src/inbox/obligation.ts",
      "packages/core/src/inbox/outbound/send.ts",
      "packages/core/src/inbox/routing.ts",
      "packages/core/src/live/fanout.ts",
      "packages/core/src/notification/index.ts",
      "packages/core/src/notification/visit.ts",
    ]);
  });
});
