import { Widget } from "@dotmac/core/inbox";
import { patchConfig } from "@dotmac/core/platform/config";
import { describe, expect, it } from "vitest";

describe("web chat widget settings", () => {
  it("computes WCAG contrast: black on white is 21:1, white on white 1:1, #767676 on white just passes AA", () => {
    expect(Widget.contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(Widget.contrastRatio("#ffffff", "#ffffff")).toBe(1);
    expect(Widget.contrastRatio("#767676", "#ffffff")).toBeGreaterThanOrEqual(Widget.MIN_CONTRAST);
    expect(Widget.contrastRatio("#777777", "#ffffff")).toBeLessThan(Widget.MIN_CONTRAST);
  });

  it("refuses a colour pair below AA and says by how much", () => {
    const result = Widget.Settings.safeParse({
      allowedOrigins: ["https://www.example.net"],
      colors: { primary: "#ffcc00", onPrimary: "#ffffff" },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/contrast 1\.\d\d:1; WCAG AA needs 4\.5:1/);
    expect(result.error?.issues[0]?.path).toEqual(["colors", "onPrimary"]);
  });

  it("normalises origins and refuses paths, bare hosts and other schemes", () => {
    const ok = Widget.Settings.parse({ allowedOrigins: ["https://WWW.Example.net/", "http://localhost:3000"] });
    expect(ok.allowedOrigins).toEqual(["https://www.example.net", "http://localhost:3000"]);
    expect(ok.preChat).toEqual({ name: "required", email: "optional", phone: "off" });
    for (const bad of ["www.example.net", "https://example.net/chat", "ftp://example.net", "javascript:alert(1)"]) {
      expect(Widget.Settings.safeParse({ allowedOrigins: [bad] }).success, bad).toBe(false);
    }
    expect(Widget.Settings.safeParse({ allowedOrigins: [] }).success).toBe(false);
  });

  it("is open inside the business calendar and offline outside it (in the calendar's zone)", () => {
    const hours = { timeZone: "Africa/Lagos", weekly: { "1": [{ from: "08:00", to: "17:00" }] } };
    // Monday 2026-11-30 09:00 in Lagos is 08:00 UTC; 18:00 Lagos is 17:00 UTC.
    expect(Widget.isOpen({ hours }, new Date("2026-11-30T08:00:00Z"))).toBe(true);
    expect(Widget.isOpen({ hours }, new Date("2026-11-30T17:00:00Z"))).toBe(false);
    expect(Widget.isOpen({ hours: null }, new Date("2026-11-30T03:00:00Z"))).toBe(true);
  });

  it("signs visitor tokens for one widget: another widget's id or a changed token does not verify", async () => {
    patchConfig({ SESSION_SECRET: "unit-test-signing-secret-of-32-bytes!" });
    {
      const token = await Widget.visitorToken.issue("wgt_a");
      expect(await Widget.visitorToken.verify(token, "wgt_a")).toBe(token.split(".")[0]);
      expect(await Widget.visitorToken.verify(token, "wgt_b")).toBeUndefined();
      expect(await Widget.visitorToken.verify(`${token}x`, "wgt_a")).toBeUndefined();
      expect(await Widget.visitorToken.verify(undefined, "wgt_a")).toBeUndefined();
    }
  });
});
