import { describe, expect, it } from "vitest";
import { reconnectDelay } from "../../packages/web/src/lib/backoff";

describe("live reconnect backoff", () => {
  it("doubles from one second to a 30 s ceiling, with at most a quarter more of jitter", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => reconnectDelay(n, 0))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(reconnectDelay(0, 0.999)).toBe(1250);
    expect(reconnectDelay(9, 0.999)).toBe(37_493);
    expect(reconnectDelay(-3, 0)).toBe(1000);
  });
});
