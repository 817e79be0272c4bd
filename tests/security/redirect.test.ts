import { MAX_REDIRECT_LENGTH, safeRedirect } from "@dotmac/core/platform/redirect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const BASE = "https://app.example";
const FALLBACK = "/fallback";

/** What a browser does with the value as a Location header or a link: it stays on our origin. */
const staysHome = (value: string) => new URL(value, BASE).origin === BASE;

// Known open-redirect and header-injection forms; every one must give the fallback.
const bypasses = [
  "//evil.com",
  "///evil.com",
  "/\\evil.com",
  "\\/evil.com",
  "\\\\evil.com",
  "/%2F%2Fevil.com",
  "/%2f/evil.com",
  "/%5Cevil.com",
  "/%5cevil.com",
  "/%252F%252Fevil.com",
  "/%25252F%25252Fevil.com",
  "https:evil.com",
  "https://evil.com",
  "http:/evil.com",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "/\t/evil.com",
  "/\n/evil.com",
  "/\r/evil.com",
  " /evil",
  "/evil ",
  "\t/evil",
  "/%09/evil.com",
  "/%0d%0aSet-Cookie:x",
  "/%0aLocation:https://evil.com",
  "/a%00b",
  // Encoded whitespace is refused too, even where harmless (a query), rather than reasoned about.
  "/status?q=a%20b",
  "/\u0000",
  "/\u200b/evil.com",
  "/\u3000/evil.com",
  "/%E2%80%8B/evil.com",
  "/%",
  "/%zz",
  "evil.com",
  "",
  "?next=//evil.com",
  "#//evil.com",
  `/${"a".repeat(MAX_REDIRECT_LENGTH)}`,
];

describe("safeRedirect: only same-origin paths survive", () => {
  it("v1: open redirect via //host in next", () => {
    // v1's _sanitize_refresh_next accepted "//attacker.com" because it starts with "/".
    expect(safeRedirect("//attacker.com", FALLBACK)).toBe(FALLBACK);
    expect(safeRedirect("//attacker.com/status", FALLBACK)).toBe(FALLBACK);
  });

  it.each(bypasses)("refuses %j", (value) => {
    expect(safeRedirect(value, FALLBACK)).toBe(FALLBACK);
  });

  it.each([
    "/",
    "/status",
    "/status?tab=jobs&q=a+b",
    "/files/r%C3%A9sum%C3%A9",
    "/status#inbound",
    "/tickets/TCK-2026-000123",
    "/?x=1",
    "/search?q=https://example.com",
    "/a/b/../c",
  ])("keeps the same-origin path %j unchanged", (value) => {
    expect(safeRedirect(value, FALLBACK)).toBe(value);
  });

  it("anything that is not a string gives the fallback, which defaults to /", () => {
    for (const value of [undefined, null, 42, ["/status"], { toString: () => "/status" }]) {
      expect(safeRedirect(value, FALLBACK)).toBe(FALLBACK);
    }
    expect(safeRedirect("//evil.com")).toBe("/");
  });

  it("property: any string gives the fallback or a path that resolves to our origin, raw and decoded", () => {
    const chars = fc.constantFrom(..."/\\:%.@?#&=aZ09-_ \t\n\r\u0000\u200b", "%2F", "%5C", "%2f", "%0a", "%09", "%25");
    const urlish = fc.oneof(
      fc.string({ unit: chars, maxLength: 24 }),
      fc.string({ unit: "binary", maxLength: 24 }),
      fc.webUrl(),
      fc.webPath(),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          urlish,
          urlish.map((s) => `/${s}`),
        ),
        (value) => {
          const out = safeRedirect(value, FALLBACK);
          if (out === FALLBACK) return;
          expect(out).toBe(value);
          expect(staysHome(out)).toBe(true);
          // And once any number of percent-decodings later, it still does not name another host.
          let decoded = out;
          for (let i = 0; i < 4; i++) decoded = decodeURIComponent(decoded);
          expect(staysHome(decoded)).toBe(true);
          expect(out).toMatch(/^\/(?![/\\])/);
          expect(out).not.toMatch(/[\s\p{Cc}]/u);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("property: a plain path of safe segments always survives", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        const path = `/${segments.join("/")}`;
        expect(safeRedirect(path, FALLBACK)).toBe(path);
      }),
    );
  });
});
