import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { EVENT_SOURCE, eventBridgeBus } from "@dotmac/core/platform/bus/eventbridge";
import type { EventEnvelope } from "@dotmac/core/platform/bus/port";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { REGION, stubAwsCredentials } from "../support/aws/emulators";
import { type EventBridgeRecorder, startEventBridgeRecorder } from "../support/aws/eventbridge-recorder";

const BUS = "dotmac-test-bus";

let recorder: EventBridgeRecorder;

beforeAll(async () => {
  stubAwsCredentials();
  recorder = await startEventBridgeRecorder();
});

afterAll(async () => {
  await recorder?.close();
  vi.unstubAllEnvs();
});

beforeEach(() => recorder.reset());

const bus = () => eventBridgeBus({ busName: BUS, region: REGION, endpoint: recorder.endpoint });

function envelope(n: number, type = "ticket.created"): EventEnvelope {
  return {
    id: `0190f5a2-0000-7000-8000-${String(n).padStart(12, "0")}`,
    type,
    occurredAt: new Date(Date.UTC(2026, 0, 15, 9, 30, n)).toISOString(),
    payload: { ticketId: `t-${n}`, number: `TCK-2026-${String(n).padStart(6, "0")}`, tags: ["fiber", "outage"] },
  };
}

describe("publishing domain events to EventBridge", () => {
  it("an outbox sweep of 25 events goes out as three PutEvents calls of 10, 10 and 5, in order", async () => {
    const events = Array.from({ length: 25 }, (_, i) => envelope(i + 1));

    await bus().publish(events);

    expect(recorder.putEventsCalls.map((call) => call.length)).toEqual([10, 10, 5]);
    expect(recorder.accepted.map((entry) => JSON.parse(entry.Detail ?? "null").id)).toEqual(events.map((e) => e.id));
  });

  it("each entry names our bus and source, uses the event type as DetailType and carries the envelope as Detail", async () => {
    const event = envelope(7, "work_order.completed");

    await bus().publish([event]);

    expect(recorder.accepted).toHaveLength(1);
    const [entry] = recorder.accepted;
    expect(entry).toMatchObject({ EventBusName: BUS, Source: EVENT_SOURCE, DetailType: "work_order.completed" });
    expect(EVENT_SOURCE).toBe("dotmac.crm");
    // Subscribers dedupe on the envelope id, so the whole envelope must survive the round trip.
    expect(JSON.parse(entry?.Detail ?? "null")).toEqual(event);
    expect(entry?.Time).toBe(Date.parse(event.occurredAt) / 1000);
  });

  it("the calls are signed for the events service in the configured region", async () => {
    await bus().publish([envelope(1)]);

    expect(recorder.requests).toHaveLength(1);
    expect(recorder.requests[0]?.target).toBe("AWSEvents.PutEvents");
    expect(recorder.requests[0]?.authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/\\d{8}/${REGION}/events/aws4_request`),
    );
  });

  it("publishing nothing makes no call", async () => {
    await bus().publish([]);

    expect(recorder.requests).toHaveLength(0);
  });

  it("one rejected entry fails the publish with EventBridge's reason and stops before the next chunk", async () => {
    const events = Array.from({ length: 25 }, (_, i) => envelope(i + 1, i === 13 ? "ticket.poison" : "ticket.created"));
    recorder.failEntries((entry) =>
      entry.DetailType === "ticket.poison"
        ? { code: "InternalFailure", message: "Failed to put the event; retry later" }
        : undefined,
    );

    await expect(bus().publish(events)).rejects.toThrow(
      "EventBridge rejected 1 event(s): Failed to put the event; retry later",
    );

    // The outbox keeps the batch unpublished, so the sweep retries it and consumers dedupe the 19 repeats.
    expect(recorder.putEventsCalls.map((call) => call.length)).toEqual([10, 10]);
    expect(recorder.accepted).toHaveLength(19);
  });

  it("the failure count in the error is the service's FailedEntryCount", async () => {
    recorder.failEntries(() => ({ code: "ThrottlingException", message: "Rate exceeded" }));

    await expect(bus().publish([envelope(1), envelope(2), envelope(3)])).rejects.toThrow(
      "EventBridge rejected 3 event(s): Rate exceeded",
    );
  });

  it("a request the service refuses outright surfaces as the service error", async () => {
    recorder.failRequests({ type: "AccessDeniedException", message: "not authorized to perform events:PutEvents" });

    await expect(bus().publish([envelope(1)])).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: "not authorized to perform events:PutEvents",
    });
    expect(recorder.accepted).toHaveLength(0);
  });
});

describe("the recorder itself", () => {
  it("answers PutRule and PutTargets so infra-style calls can be recorded too", async () => {
    const client = new EventBridgeClient({ region: REGION, endpoint: recorder.endpoint });

    const rule = await client.send(
      new PutRuleCommand({ Name: "tickets", EventBusName: BUS, EventPattern: '{"source":["dotmac.crm"]}' }),
    );
    const targets = await client.send(
      new PutTargetsCommand({
        Rule: "tickets",
        EventBusName: BUS,
        Targets: [{ Id: "events", Arn: "arn:aws:lambda:us-east-1:000000000000:function:events" }],
      }),
    );
    client.destroy();

    expect(rule.RuleArn).toContain("rule/tickets");
    expect(targets.FailedEntryCount).toBe(0);
    expect(recorder.rules.get("tickets")).toMatchObject({ EventPattern: '{"source":["dotmac.crm"]}' });
    expect(recorder.targets.get("tickets")).toHaveLength(1);
  });

  it("refuses more than 10 entries in one PutEvents, as EventBridge does", async () => {
    const client = new EventBridgeClient({ region: REGION, endpoint: recorder.endpoint });
    const Entries = Array.from({ length: 11 }, () => ({ Source: EVENT_SOURCE, DetailType: "x", Detail: "{}" }));

    try {
      await expect(client.send(new PutEventsCommand({ Entries }))).rejects.toMatchObject({
        name: "ValidationException",
      });
    } finally {
      client.destroy();
    }
  });
});
