import { Obligation, Presence, Routing } from "@dotmac/core/inbox";
import { describe, expect, it } from "vitest";

const rule = (over: Partial<Routing.RuleCandidate>): Routing.RuleCandidate => ({
  id: "r",
  name: "r",
  enabled: true,
  channelKind: null,
  channelId: null,
  label: null,
  priority: null,
  teamId: "t",
  ...over,
});
const facts = { channelKind: "whatsapp" as const, channelId: "c1", labels: ["VIP"], priority: "high" as const };

describe("routing rules", () => {
  it("take the first enabled rule whose every set condition matches", () => {
    const rules = [
      rule({ name: "off", enabled: false }),
      rule({ name: "email", channelKind: "email" }),
      rule({ name: "vip", label: "vip", channelKind: "whatsapp" }),
      rule({ name: "any" }),
    ];
    expect(Routing.matchRule(rules, facts)?.name).toBe("vip");
    expect(Routing.matchRule(rules, { ...facts, labels: [] })?.name).toBe("any");
    expect(Routing.matchRule([rule({ priority: "urgent" })], facts)).toBeUndefined();
  });
});

describe("presence", () => {
  const now = Date.parse("2026-12-03T12:00:00Z");
  it("is online while heard from, unless set away or offline", () => {
    const fresh = new Date(now - 30_000);
    expect(Presence.derive({ manualStatus: null, lastSeenAt: fresh }, now)).toBe("online");
    expect(Presence.derive({ manualStatus: "online", lastSeenAt: new Date(now - 600_000) }, now)).toBe("offline");
    expect(Presence.derive({ manualStatus: "away", lastSeenAt: fresh }, now)).toBe("away");
    expect(Presence.derive({ manualStatus: "offline", lastSeenAt: fresh }, now)).toBe("offline");
    expect(Presence.derive({ manualStatus: null, lastSeenAt: null }, now)).toBe("offline");
  });
});

describe("reply obligations", () => {
  it("are due on the calendar, with the reminder before", () => {
    const calendar = { timeZone: "UTC", weekly: { "4": [{ from: "09:00", to: "17:00" }] } };
    const target = { firstResponseMinutes: 30, followUpMinutes: 60, remindBeforeMinutes: 5, calendar };
    const due = Obligation.dueOf(target, "first_response", new Date("2026-12-03T16:45:00Z"));
    expect(due.dueAt.toISOString()).toBe("2026-12-10T09:15:00.000Z");
    expect(due.remindAt?.toISOString()).toBe("2026-12-10T09:10:00.000Z");
    const around = Obligation.dueOf({ ...target, calendar: null }, "follow_up", new Date("2026-12-03T16:45:00Z"));
    expect(around.dueAt.toISOString()).toBe("2026-12-03T17:45:00.000Z");
    expect(Obligation.defaultTargets.urgent.firstResponse).toBeLessThan(Obligation.defaultTargets.low.firstResponse);
  });

  it("follow the conversation's status", () => {
    expect(Obligation.onStatus("awaiting_first_response", "snoozed", true)).toBe("snoozed");
    expect(Obligation.onStatus("responded", "snoozed", false)).toBeNull();
    expect(Obligation.onStatus("snoozed", "open", true)).toBe("awaiting_follow_up");
    expect(Obligation.onStatus("snoozed", "open", false)).toBe("responded");
    expect(Obligation.onStatus("awaiting_follow_up", "resolved", true)).toBe("resolved");
    expect(Obligation.onStatus("resolved", "resolved_to_ticket", true)).toBeNull();
  });
});
