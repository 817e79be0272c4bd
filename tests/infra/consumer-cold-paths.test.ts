import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLambda, type LambdaGraph } from "../support/bundle-graph";

/**
 * The consumers' cold starts do not grow with the product. The `events` entry holds the dispatcher and
 * the event definitions (names and payload schemas, whose enumerated values live apart from the tables
 * in each domain's values.ts), and a subscriber's domain is loaded by the first event it handles
 * (packages/core/src/events/subscribers.ts). The `inbound` entry holds the consumer and the queue
 * envelope; each provider's payload schemas and what applies them load with its first delivery. Both
 * parse with zod/mini alone at start (their own copy: infra/bundling.ts).
 */
const KiB = 1024;
/** 115 KiB today (was 189 before the values split and the zod/mini copy). */
const EVENTS_BUDGET = 144 * KiB;
/** 117 KiB today (was 214 with every provider's schemas). */
const INBOUND_BUDGET = 144 * KiB;
const chainableZod = (i: string) => /^node_modules\/zod\/v4\/classic\//.test(i);

let graph: LambdaGraph;
let inbound: LambdaGraph;
beforeAll(async () => {
  graph = await buildLambda("packages/functions/src/handlers/events.ts");
  inbound = await buildLambda("packages/functions/src/handlers/inbound.ts");
});
afterAll(() => {
  graph.cleanup();
  inbound.cleanup();
});

describe("the events Lambda loads a subscriber's domain on first use", () => {
  it("keeps the subscribing domains off its cold path", () => {
    const cold = graph.staticClosure([graph.entryChunk]);
    const inputs = graph.inputsOf(cold);
    expect(inputs).toContain("packages/core/src/events/dispatch.ts");
    // The definitions are there; the domains behind the handlers and their tables are not.
    expect(inputs).toContain("packages/core/src/auth/events.ts");
    const domain = (name: string) => (i: string) =>
      i.startsWith(`packages/core/src/${name}/`) && !/\/(events|values)\.ts$/.test(i);
    for (const name of ["auth", "notification", "ticket", "workorder", "inbox", "person", "subscriber"]) {
      expect(inputs.filter(domain(name)), name).toEqual([]);
    }
    expect(inputs.filter((i) => /^node_modules\/(otpauth|jose)\//.test(i))).toEqual([]);
    expect(inputs.filter(chainableZod)).toEqual([]);
    const kib = graph.bytesOf(cold) / KiB;
    expect(kib, `the events entry's cold path is ${kib.toFixed(1)} KiB`).toBeLessThanOrEqual(EVENTS_BUDGET / KiB);
  });

  it("reaches every subscriber's handler through a chunk of its own", () => {
    const lazy = Object.values(graph.metafile.inputs["packages/core/src/events/subscribers.ts"]?.imports ?? [])
      .filter((i) => i.kind === "dynamic-import")
      .map((i) => i.path);
    expect(lazy.sort()).toEqual([
      "packages/core/src/auth/index.ts",
      "packages/core/src/campaign/send.ts",
      "packages/core/src/campaign/tracking.ts",
      "packages/core/src/commission/accrue.ts",
      "packages/core/src/commission/reverse.ts",
      "packages/core/src/contract/notify.ts",
      "packages/core/src/dispatch/auto-assign.ts",
      "packages/core/src/field/notify.ts",
      "packages/core/src/inbox/assignment.ts",
      "packages/core/src/inbox/csat.ts",
      "packages/core/src/inbox/media.ts",
      "packages/core/src/inbox/obligation.ts",
      "packages/core/src/inbox/outbound/send.ts",
      "packages/core/src/inbox/routing.ts",
      "packages/core/src/live/fanout.ts",
      "packages/core/src/notification/expense.ts",
      "packages/core/src/notification/index.ts",
      "packages/core/src/notification/visit.ts",
      "packages/core/src/project/notify.ts",
      "packages/core/src/survey/invite.ts",
    ]);
  });
});

describe("the inbound Lambda loads a provider's code with its first delivery", () => {
  it("keeps every provider's schemas and the subscriber sync off its cold path", () => {
    const cold = inbound.staticClosure([inbound.entryChunk]);
    const inputs = inbound.inputsOf(cold);
    expect(inputs).toContain("packages/core/src/inbound/index.ts");
    expect(inputs.filter((i) => /^packages\/core\/src\/inbound\/(billing|meta|email)/.test(i))).toEqual([]);
    expect(inputs.filter((i) => i.startsWith("packages/core/src/subscriber/"))).toEqual([]);
    expect(inputs.filter(chainableZod)).toEqual([]);
    const kib = inbound.bytesOf(cold) / KiB;
    expect(kib, `the inbound entry's cold path is ${kib.toFixed(1)} KiB`).toBeLessThanOrEqual(INBOUND_BUDGET / KiB);
  });

  it("reaches each provider through a chunk of its own", () => {
    const lazy = (inbound.metafile.inputs["packages/core/src/inbound/index.ts"]?.imports ?? [])
      .filter((i) => i.kind === "dynamic-import")
      .map((i) => i.path);
    expect(lazy).toEqual(
      expect.arrayContaining([
        "packages/core/src/inbound/billing.ts",
        "packages/core/src/inbound/meta-messaging.ts",
        "packages/core/src/inbound/meta-whatsapp.ts",
        "packages/core/src/subscriber/index.ts",
      ]),
    );
  });
});
