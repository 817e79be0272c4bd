import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { repoRoot, startChild, waitForMarker } from "./children";
import { freePort, round, sleep } from "./util";

/**
 * The webhook Lambda handler (verify + SQS send to the fauxqs emulator) against the same handler with
 * the send replaced by a sink: p99 ratio, target ≤ 2×. Both run in one child (servers/webhook-lambda.ts),
 * invocations alternating; the emulator runs in another. A third variant sends with one bare HTTP POST
 * (no SDK, no signing): the emulator's round trip alone, the floor any client pays on this machine, so
 * the table shows how much of the gap is the round trip and how much the client adds.
 * Standalone: `tsx bench/lambda.ts [--quick]`.
 */

interface Timing {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  samples: number;
}

export interface LambdaResult {
  rounds: number;
  sink: Timing;
  sqs: Timing;
  /** The same handler sending with one bare HTTP POST to the emulator: the round trip's floor. */
  bare: Timing;
  /** Messages the emulator's queue holds after the run: every SQS-mode invocation, warm-up included. */
  queued: number;
  p99Ratio: number;
  p50Ratio: number;
  /** p99 of the bare round trip over the sink: what no client can go under here. */
  floorP99Ratio: number;
  /** p99 of the SDK send over the bare round trip: what the client itself adds. */
  clientP99Ratio: number;
  target: { target: string; met: boolean };
}

const REGION = "us-east-1";
const CREDENTIALS = { AWS_ACCESS_KEY_ID: "AKIDBENCH", AWS_SECRET_ACCESS_KEY: "bench-secret" };

export async function runWebhookLambda(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<LambdaResult> {
  const port = await freePort();
  const emulator = startChild("fauxqs", ["--import", "tsx", "bench/servers/fauxqs.ts"], { PORT: String(port) });
  try {
    await waitForMarker(emulator, "READY", 60_000);
    const endpoint = `http://127.0.0.1:${port}`;
    const sqs = new SQSClient({
      region: REGION,
      endpoint,
      credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "x" },
    });
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: "bench-inbound" }))).QueueUrl ?? "";
    const rounds = options.quick ? 300 : 2000;
    const warmup = options.quick ? 50 : 200;
    options.log(`  webhook Lambda handler: ${warmup} warm-up + ${rounds} invocations each, real SQS send vs a sink`);
    const child = startChild("webhook lambda", ["--import", "tsx", "bench/servers/webhook-lambda.ts"], {
      ...CREDENTIALS,
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      AWS_REGION: REGION,
      QUEUE_DRIVER: "sqs",
      INBOUND_QUEUE_URL: queueUrl,
      SQS_ENDPOINT: endpoint,
      BILLING_WEBHOOK_SECRETS: `whsec_${randomBytes(32).toString("base64")}`,
      WEBHOOK_RATE_LIMIT_BURST: "1000000000",
      WEBHOOK_RATE_LIMIT_PER_SECOND: "1000000000",
      ROUNDS: String(rounds),
      WARMUP: String(warmup),
    });
    while (!child.exited()) await sleep(100);
    const line = child
      .stdout()
      .split("\n")
      .find((l) => l.startsWith("{"));
    if (child.proc.exitCode !== 0 || !line) throw new Error(`webhook lambda bench failed:\n${child.output()}`);
    const { sink, sqs: real, bare } = JSON.parse(line) as { sink: Timing; sqs: Timing; bare: Timing };
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
    );
    sqs.destroy();
    const p99Ratio = round(real.p99 / sink.p99);
    return {
      rounds,
      sink,
      sqs: real,
      bare,
      queued: Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0),
      p99Ratio,
      p50Ratio: round(real.p50 / sink.p50),
      floorP99Ratio: round(bare.p99 / sink.p99),
      clientP99Ratio: round(real.p99 / bare.p99),
      target: { target: "≤ 2×", met: p99Ratio <= 2 },
    };
  } finally {
    await emulator.stop();
  }
}

/** The rows of this bench in run.ts's summary table: [measure, baseline, product, ratio, target, met?]. */
export function lambdaRows(r: LambdaResult): [string, string, string, string, string, string][] {
  return [
    [
      "webhook Lambda p99, SQS send vs sink (ms)",
      r.sink.p99.toFixed(2),
      r.sqs.p99.toFixed(2),
      `${r.p99Ratio}×`,
      r.target.target,
      r.target.met ? "met" : "NOT MET",
    ],
    [
      "webhook Lambda p99, bare POST to the emulator vs sink (floor)",
      r.sink.p99.toFixed(2),
      r.bare.p99.toFixed(2),
      `${r.floorP99Ratio}×`,
      "(info)",
      "",
    ],
    [
      "webhook Lambda p99, SQS send vs bare POST (client cost)",
      r.bare.p99.toFixed(2),
      r.sqs.p99.toFixed(2),
      `${r.clientP99Ratio}×`,
      "(info)",
      "",
    ],
    [
      "webhook Lambda p50, SQS send vs sink (ms)",
      r.sink.p50.toFixed(2),
      r.sqs.p50.toFixed(2),
      `${r.p50Ratio}×`,
      "(info)",
      "",
    ],
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { writeFile, mkdir } = await import("node:fs/promises");
  const { join } = await import("node:path");
  const { formatJson } = await import("./util");
  const quick = process.argv.includes("--quick");
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const startedAt = new Date().toISOString();
  const result = await runWebhookLambda({ quick, log });
  for (const row of lambdaRows(result)) log(row.join("  |  "));
  log(`  queued on the emulator: ${result.queued}`);
  await mkdir(join(repoRoot, "bench", "results"), { recursive: true });
  await writeFile(join(repoRoot, "bench", "results", "lambda.json"), formatJson({ startedAt, quick, ...result }));
  log("Wrote bench/results/lambda.json");
  process.exit(0);
}
