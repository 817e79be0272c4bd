import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import type { Queue } from "@dotmac/core/platform/queue";
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from "aws-lambda";
import { Webhook } from "standardwebhooks";
import { percentile, round } from "../util";

/**
 * The webhook Lambda handler, invoked in-process one event at a time as one warm Lambda instance
 * runs it: signature verify + send to SQS (the fauxqs emulator at SQS_ENDPOINT), against the same
 * handler whose queue is a sink that accepts and drops (the baseline: everything but the send).
 * Invocations alternate between the three (the third sends with one bare HTTP POST: the emulator's
 * round trip alone), each with a freshly signed event (signing is not timed).
 * Prints one JSON line with both latency distributions. Config comes from the env the bench passes.
 */
const { handler } = await import("@dotmac/functions/handlers/webhook");
const { setInboundQueue, useInboundQueue } = await import("@dotmac/core/platform/queue");
const { subscriberPayload } = await import("../ingest");

const secret = process.env.BILLING_WEBHOOK_SECRETS ?? "";
const rounds = Number(process.env.ROUNDS ?? 1000);
const warmup = Number(process.env.WARMUP ?? 200);
const PATH = "/webhooks/billing/subscribers";

const sqs = useInboundQueue();
let sunk = 0;
const sink: Queue = {
  name: "sqs",
  send: async () => {
    sunk++;
  },
  sendBatch: async (messages) => {
    sunk += messages.length;
  },
  stats: async () => ({ ready: 0, inFlight: 0, deadLetters: 0 }),
};

/**
 * The floor: the same handler whose send is one bare HTTP POST of the SendMessage call to the
 * emulator over a kept-alive socket (no SDK, no signing, no retries), i.e. the round trip alone.
 */
const endpoint = new URL(process.env.SQS_ENDPOINT ?? "http://127.0.0.1:9324");
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const bareSend = (body: string) =>
  new Promise<void>((resolve, reject) => {
    const payload = JSON.stringify({ QueueUrl: process.env.INBOUND_QUEUE_URL, MessageBody: body });
    const req = request(
      endpoint,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "AmazonSQS.SendMessage",
          "content-length": Buffer.byteLength(payload),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`emulator: ${res.statusCode}`))));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
const bare: Queue = {
  name: "sqs",
  send: (message) => bareSend(message.body),
  sendBatch: async (messages) => {
    for (const m of messages) await bareSend(m.body);
  },
  stats: async () => ({ ready: 0, inFlight: 0, deadLetters: 0 }),
};

function event(): APIGatewayProxyEventV2 {
  const body = subscriberPayload();
  const id = `msg_${randomUUID()}`;
  const now = new Date();
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, now, body),
    host: "api.example.com",
  };
  return {
    version: "2.0",
    routeKey: "ANY /webhooks/{proxy+}",
    rawPath: PATH,
    rawQueryString: "",
    headers,
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method: "POST", path: PATH, protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "billing" },
      requestId: randomUUID(),
      routeKey: "ANY /webhooks/{proxy+}",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}

async function invoke(queue: Queue): Promise<number> {
  setInboundQueue(queue);
  const e = event();
  const started = performance.now();
  const result = (await handler(e as never, {} as Context)) as APIGatewayProxyResult;
  const ms = performance.now() - started;
  if (result.statusCode !== 202) throw new Error(`handler answered ${result.statusCode}: ${result.body}`);
  return ms;
}

for (let i = 0; i < warmup; i++) {
  await invoke(sink);
  await invoke(sqs);
  await invoke(bare);
}
const times = { sink: [] as number[], sqs: [] as number[], bare: [] as number[] };
for (let i = 0; i < rounds; i++) {
  times.sink.push(await invoke(sink));
  times.sqs.push(await invoke(sqs));
  times.bare.push(await invoke(bare));
}
const summary = (t: number[]) => ({
  p50: round(percentile(t, 50), 3),
  p90: round(percentile(t, 90), 3),
  p99: round(percentile(t, 99), 3),
  max: round(percentile(t, 100), 3),
  samples: t.length,
});
process.stdout.write(
  `${JSON.stringify({ sink: summary(times.sink), sqs: summary(times.sqs), bare: summary(times.bare), sunk })}\n`,
);
process.exit(0);
