import { createServer } from "node:http";
import { WebSocketServer } from "ws";

/**
 * The live fan-out baseline: a bare `ws` server on node:http. POST /broadcast reads a small JSON body
 * and sends it as a `message_new` frame to every connected client; it answers once the frames are
 * handed to the sockets. No auth, no database, no access check: the least a broadcast can cost here.
 * GET /api/health answers 200 so the bench polls every child the same way.
 */
const port = Number(process.env.PORT ?? 0);
const sockets = new WebSocketServer({ noServer: true });
const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/api/health") return void res.writeHead(200).end("{}");
  if (req.method !== "POST" || req.url !== "/broadcast") return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const { messageId, conversationId } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, string>;
    const frame = JSON.stringify({
      event: "message_new",
      topic: `conversation:${conversationId}`,
      data: { conversationId, messageId, kind: "note" },
    });
    for (const client of sockets.clients) client.send(frame);
    res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id: messageId }));
  });
});
server.on("upgrade", (req, socket, head) =>
  sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit("connection", ws)),
);
server.listen(port, "127.0.0.1", () => process.stdout.write("READY\n"));
const stop = () => {
  for (const client of sockets.clients) client.terminate();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
