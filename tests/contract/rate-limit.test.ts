import * as RateLimit from "@dotmac/core/platform/rate-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbKind, setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await setupTestDatabase();
});
afterAll(() => t.close());

// The sliding-window counter is one upsert per hit; on a pool, concurrent hits meet in the database.
describe(`sliding-window rate limit on ${dbKind}`, () => {
  it("concurrent hits are each counted once and never past the limit, this window and the next", async () => {
    const policy = { limit: 20, windowSeconds: 60 };
    const burst = (n: number, at: string) =>
      Promise.all(Array.from({ length: n }, () => RateLimit.hit("contract:burst", policy, new Date(at))));
    expect((await burst(60, "2026-05-01T00:00:30Z")).filter((r) => r.allowed)).toHaveLength(20);
    // Half a window later the previous window still weighs 10 of the 20.
    expect((await burst(30, "2026-05-01T00:01:30Z")).filter((r) => r.allowed)).toHaveLength(10);
  });

  it("release gives one hit back and clear forgets the key", async () => {
    const policy = { limit: 2, windowSeconds: 60 };
    const at = new Date("2026-05-01T00:00:10Z");
    await RateLimit.hit("contract:give", policy, at);
    await RateLimit.hit("contract:give", policy, at);
    expect((await RateLimit.hit("contract:give", policy, at)).allowed).toBe(false);
    await RateLimit.release("contract:give", policy, at);
    expect(await RateLimit.hit("contract:give", policy, at)).toMatchObject({ allowed: true, remaining: 0 });
    await RateLimit.clear("contract:give");
    expect(await RateLimit.hit("contract:give", policy, at)).toMatchObject({ allowed: true, remaining: 1 });
  });
});
