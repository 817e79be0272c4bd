import { createServer } from "node:http";

/**
 * The baseline for the ingest benchmark: a bare node:http server that drains the request body and
 * answers 202 with a small JSON, the least any webhook endpoint can do. GET /api/health answers 200
 * so the bench polls both children the same way.
 */
const port = Number(process.env.PORT ?? 0);
const reply = (id: number) => JSON.stringify({ status: "queued", id: `msg_${id}` });
let n = 0;

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/api/health") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"status":"ok"}');
    return;
  }
  req.resume(); // drain the body without keeping it, as an ingest that streams to a queue would
  req.on("end", () => {
    const body = reply(++n);
    res.writeHead(202, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});

server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`READY ${port}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
