import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One PutEvents entry as the SDK puts it on the wire (AWS JSON 1.1; `Time` in epoch seconds). */
export interface RecordedEntry {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Time?: number;
  Resources?: string[];
}

export interface RecordedRequest {
  target: string;
  /** The SigV4 Authorization header, so a test can see the region and service it was signed for. */
  authorization: string;
  body: Record<string, unknown>;
}

export interface EntryFailure {
  code: string;
  message: string;
}

/** A whole-request error, answered as AWS JSON 1.1 does: HTTP 400 and a `__type`. */
export interface RequestFailure {
  type: string;
  message: string;
}

export interface EventBridgeRecorder {
  endpoint: string;
  requests: RecordedRequest[];
  /** The entries of each PutEvents call, in order. */
  putEventsCalls: RecordedEntry[][];
  /** Entries answered with an EventId, i.e. what subscribers would have seen. */
  accepted: RecordedEntry[];
  rules: Map<string, Record<string, unknown>>;
  targets: Map<string, unknown[]>;
  /** Fail every later PutEvents entry for which `rule` returns a failure. */
  failEntries(rule: (entry: RecordedEntry) => EntryFailure | undefined): void;
  /** Refuse the next `count` requests outright. */
  failRequests(failure: RequestFailure, count?: number): void;
  reset(): void;
  close(): Promise<void>;
}

class RequestRefused extends Error {
  constructor(readonly failure: RequestFailure) {
    super(failure.message);
  }
}

// EventBridge's own limit; enforcing it here is what makes the adapter's chunking observable.
const MAX_ENTRIES_PER_PUT = 10;

/**
 * A stand-in for EventBridge (no emulator exists): answers the JSON 1.1 `AWSEvents.*` targets
 * the SDK calls, records what it was sent, and can be told to fail entries or whole requests.
 */
export async function startEventBridgeRecorder(): Promise<EventBridgeRecorder> {
  let entryRule: (entry: RecordedEntry) => EntryFailure | undefined = () => undefined;
  let requestFailure: { failure: RequestFailure; remaining: number } | undefined;

  const recorder: Omit<EventBridgeRecorder, "endpoint" | "close"> = {
    requests: [],
    putEventsCalls: [],
    accepted: [],
    rules: new Map(),
    targets: new Map(),
    failEntries(rule) {
      entryRule = rule;
    },
    failRequests(failure, count = 1) {
      requestFailure = { failure, remaining: count };
    },
    reset() {
      recorder.requests.length = 0;
      recorder.putEventsCalls.length = 0;
      recorder.accepted.length = 0;
      recorder.rules.clear();
      recorder.targets.clear();
      entryRule = () => undefined;
      requestFailure = undefined;
    },
  };

  const putEvents = (body: Record<string, unknown>) => {
    const entries = Array.isArray(body.Entries) ? (body.Entries as RecordedEntry[]) : [];
    if (entries.length === 0 || entries.length > MAX_ENTRIES_PER_PUT) {
      throw new RequestRefused({
        type: "ValidationException",
        message: `Entries must hold 1 to ${MAX_ENTRIES_PER_PUT} entries, got ${entries.length}`,
      });
    }
    recorder.putEventsCalls.push(entries);
    const results = entries.map((entry) => {
      const failure = entryRule(entry);
      if (failure) return { ErrorCode: failure.code, ErrorMessage: failure.message };
      recorder.accepted.push(entry);
      return { EventId: randomUUID() };
    });
    return { FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results };
  };

  const handlers: Record<string, (body: Record<string, unknown>) => unknown> = {
    "AWSEvents.PutEvents": putEvents,
    "AWSEvents.PutRule": (body) => {
      const name = String(body.Name);
      recorder.rules.set(name, body);
      return { RuleArn: `arn:aws:events:us-east-1:000000000000:rule/${name}` };
    },
    "AWSEvents.PutTargets": (body) => {
      const rule = String(body.Rule);
      const targets = Array.isArray(body.Targets) ? body.Targets : [];
      recorder.targets.set(rule, [...(recorder.targets.get(rule) ?? []), ...targets]);
      return { FailedEntryCount: 0, FailedEntries: [] };
    },
  };

  const answer = (res: ServerResponse, status: number, payload: unknown, errorType?: string) => {
    res.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "x-amzn-requestid": randomUUID(),
      ...(errorType ? { "x-amzn-errortype": errorType } : {}),
    });
    res.end(JSON.stringify(payload));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers["x-amz-target"] ?? "");
    const refuse = (failure: RequestFailure) =>
      answer(res, 400, { __type: failure.type, message: failure.message }, failure.type);

    if (req.method !== "POST" || !String(req.headers["content-type"]).startsWith("application/x-amz-json-1.1")) {
      return refuse({ type: "SerializationException", message: "Expected an AWS JSON 1.1 POST" });
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    } catch {
      return refuse({ type: "SerializationException", message: "Body is not JSON" });
    }
    recorder.requests.push({ target, authorization: String(req.headers.authorization ?? ""), body });

    if (requestFailure && requestFailure.remaining > 0) {
      requestFailure.remaining -= 1;
      return refuse(requestFailure.failure);
    }
    const handler = handlers[target];
    if (!handler) return refuse({ type: "UnknownOperationException", message: `Unknown target ${target}` });
    try {
      return answer(res, 200, handler(body));
    } catch (error) {
      if (error instanceof RequestRefused) return refuse(error.failure);
      throw error;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      answer(res, 500, { __type: "InternalException", message: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    ...recorder,
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
