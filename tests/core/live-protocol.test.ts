import { describe, expect, it } from "vitest";
import { MAX_FRAME_BYTES, parseFrame } from "../../packages/core/src/live/protocol";

const id = "0190c6d2-8b1e-7c3a-9f00-123456789abc";

describe("live frame parser", () => {
  it("reads each action", () => {
    expect(parseFrame(JSON.stringify({ action: "subscribe", topic: "inbox" }))).toEqual({
      ok: true,
      frame: { action: "subscribe", topic: "inbox" },
    });
    expect(parseFrame(JSON.stringify({ action: "unsubscribe", topic: `conversation:${id}` }))).toMatchObject({
      ok: true,
    });
    expect(parseFrame(JSON.stringify({ action: "subscribe", topic: "presence" }))).toMatchObject({ ok: true });
    expect(parseFrame(JSON.stringify({ action: "typing", conversationId: id }))).toEqual({
      ok: true,
      frame: { action: "typing", conversationId: id, state: "start" },
    });
    expect(parseFrame(JSON.stringify({ action: "ping" }))).toEqual({ ok: true, frame: { action: "ping" } });
    expect(parseFrame(JSON.stringify({ action: "presence", state: "away" }))).toMatchObject({ ok: true });
  });

  it("says what to fix in a bad frame", () => {
    expect(parseFrame("{")).toEqual({ ok: false, message: "frame is not JSON" });
    expect(parseFrame("x".repeat(MAX_FRAME_BYTES + 1))).toMatchObject({
      ok: false,
      message: expect.stringContaining("larger"),
    });
    const bad = (frame: unknown) => parseFrame(JSON.stringify(frame));
    expect(bad({ action: "subscribe", topic: "conversation:1 or 1=1" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("topic"),
    });
    expect(bad({ action: "subscribe", topic: "inbox:someone-else" })).toMatchObject({ ok: false });
    expect(bad({ action: "typing", conversationId: "x" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("conversationId"),
    });
    expect(bad({ action: "presence", state: "offline" })).toMatchObject({ ok: false });
    expect(bad({ action: "shutdown" })).toMatchObject({ ok: false });
    expect(bad([])).toMatchObject({ ok: false });
    expect(bad(null)).toMatchObject({ ok: false });
  });
});
