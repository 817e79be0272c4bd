import { open } from "node:fs/promises";
import { createServer } from "node:http";

/**
 * The baselines for the ingest benchmark, bare node:http servers that answer 202 with a small JSON:
 * - MODE=bare (default): drain the body and answer, the least any webhook endpoint can do;
 * - MODE=durable: answer only once the body is on stable storage, the physical cost of a durable
 *   202 on this disk: appended to APPEND_FILE with group commit (bodies that arrive while an
 *   fdatasync is in flight go together in the next write + fdatasync), as a database's WAL does.
 * GET /api/health answers 200 so the bench polls every child the same way.
 */
const port = Number(process.env.PORT ?? 0);
const mode = process.env.MODE === "durable" ? "durable" : "bare";
const reply = (id: number) => JSON.stringify({ status: "queued", id: `msg_${id}` });
let n = 0;

const file = mode === "durable" ? await open(process.env.APPEND_FILE ?? "ingest-baseline.log", "a") : undefined;
let waiting: { record: Buffer; done: () => void }[] = [];
let flushing = false;
let syncs = 0;
async function flush() {
  flushing = true;
  while (waiting.length > 0) {
    const batch = waiting;
    waiting = [];
    await file?.write(Buffer.concat(batch.map((w) => w.record)));
    await file?.datasync();
    syncs++;
    for (const w of batch) w.done();
  }
  flushing = false;
}
/** Resolves once `body` (length-prefixed, so a torn tail is detectable) is fdatasync'd. */
function append(body: Buffer): Promise<void> {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.byteLength);
  return new Promise((done) => {
    waiting.push({ record: Buffer.concat([header, body]), done });
    if (!flushing) void flush();
  });
}

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/api/health") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"status":"ok"}');
    return;
  }
  const answer = () => {
    const body = reply(++n);
    res.writeHead(202, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
  if (mode === "bare") {
    req.resume(); // drain the body without keeping it, as an ingest that streams to a queue would
    req.on("end", answer);
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    append(Buffer.concat(chunks)).then(answer, (error: Error) => {
      res.writeHead(500).end(error.message);
    });
  });
});

server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`READY ${port}\n`);
});

const stop = () =>
  server.close(() => {
    process.stderr.write(`${mode}: ${n} answered, ${syncs} fdatasyncs\n`);
    process.exit(0);
  });
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
