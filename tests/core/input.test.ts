import { AppError } from "@dotmac/core/platform/errors";
import {
  cursor,
  decodeCursor,
  encodeCursor,
  id,
  instant,
  instantText,
  int,
  labels,
  pageLimit,
  text,
} from "@dotmac/core/platform/input";
import { describe, expect, it } from "vitest";
import * as z from "zod";

const issues = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe("the input vocabulary", () => {
  it("text is trimmed, bounded and storable, and says which bound was missed", () => {
    expect(text(5).parse("  ada ")).toBe("ada");
    expect(issues(text(5), "   ")).toEqual(["must not be empty"]);
    expect(issues(text(5), "abcdef")).toEqual(["must be at most 5 characters"]);
    expect(issues(text(100, { min: 12, trim: false }), "short")).toEqual(["must be at least 12 characters"]);
    expect(issues(text(5), "a\u0000b")[0]).toMatch(/NUL/);
    expect(issues(text(5), "a\ud800")[0]).toMatch(/surrogate/);
    expect(text(5).parse("😀")).toBe("😀");
  });

  it("an instant takes ISO date-times with an offset and days, 1900 to 9999, and never the lax Date parser", () => {
    expect(instant().parse("2026-11-01T09:00:00Z")).toEqual(new Date("2026-11-01T09:00:00Z"));
    expect(instant().parse("2026-11-01T10:00:00.123+01:00")).toEqual(new Date("2026-11-01T09:00:00.123Z"));
    expect(instant().parse("2026-11-01")).toEqual(new Date("2026-11-01T00:00:00Z"));
    for (const bad of [
      "+275760-09-13T00:00:00Z",
      "-271821-04-20",
      "1e15",
      "5",
      1e15,
      "2026-02-30",
      "2026-11-01T09:00:00",
    ]) {
      expect(issues(instant(), bad), String(bad)).toHaveLength(1);
    }
    expect(issues(instant(), "1899-12-31T23:59:59Z")).toEqual([
      "must be a real instant between 1900-01-01 and 9999-12-31",
    ]);
    expect(issues(instant(), new Date(Date.UTC(10_000, 0, 1)))).toHaveLength(1);
  });

  it("an instant parses again unchanged, as a route's output parsed by the verb does", () => {
    const once = instant().parse("2026-11-01T09:00:00.000Z");
    expect(instant().parse(once)).toEqual(once);
    expect(instantText().parse("2026-11-01T09:00:00.123456Z")).toBe("2026-11-01T09:00:00.123456Z");
  });

  it("int reads digits from a query string and coerces nothing else", () => {
    expect(int(1, 10).parse("7")).toBe(7);
    expect(int(1, 10).parse(7)).toBe(7);
    for (const bad of ["", " 7", "1e1", "0x5", "7.5", true, null, [5], "99999999999999999999"]) {
      expect(issues(int(1, 10), bad), JSON.stringify(bad)).toHaveLength(1);
    }
    expect(issues(int(1, 10), 11)).toEqual(["must be at most 10"]);
    expect(issues(int(1, 10), "seven")).toEqual(["must be a whole number"]);
    expect(pageLimit(200, 50).parse(undefined)).toBe(50);
  });

  it("ids, cursors and labels are checked before they reach SQL", () => {
    expect(issues(id(), "1 OR 1=1")).toHaveLength(1);
    expect(issues(cursor(), "a b")).toHaveLength(1);
    expect(labels(3, 10).parse(["a", "a", "b"])).toEqual(["a", "b"]);
    expect(issues(labels(2, 10), ["a", "b", "c"])).toHaveLength(1);
  });

  it("a cursor's content is input too: decoded, it must fit the list's position", () => {
    const Position = z.tuple([instantText(), id()]);
    const at = "2026-11-01T09:00:00.000001Z";
    const uuid = "0190b7a4-0000-7000-8000-000000000001";
    expect(decodeCursor(encodeCursor([at, uuid]), Position)).toEqual([at, uuid]);
    for (const crafted of [
      encodeCursor(["+275760-09-13T00:00:00Z", uuid]),
      encodeCursor([at, "x"]),
      encodeCursor([at, uuid, "extra"]),
      encodeCursor([`${at}\u0000`, uuid]),
      Buffer.from("{not json").toString("base64url"),
    ]) {
      expect(() => decodeCursor(crafted, Position)).toThrow(AppError);
      try {
        decodeCursor(crafted, Position);
      } catch (error) {
        expect((error as AppError).message).toMatch(/pass back the nextCursor/);
        expect((error as AppError).details).toEqual([{ path: "cursor", message: "is invalid" }]);
      }
    }
  });
});
