import { connect } from "node:net";
import { WebSocketServer } from "ws";

/**
 * The local stand-in for Neon's proxy: each WebSocket connection is piped to Postgres over TCP, so
 * `@neondatabase/serverless` (Pool, interactive transactions) runs against a real server.
 */
export async function startWsBridge(pgPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  wss.on("connection", (ws) => {
    const socket = connect(pgPort, "127.0.0.1");
    socket.on("data", (chunk) => ws.send(chunk));
    socket.on("close", () => ws.close());
    socket.on("error", () => ws.close());
    ws.on("message", (data) => socket.write(data as Buffer));
    ws.on("close", () => socket.destroy());
    ws.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const address = wss.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { port, close: () => new Promise((resolve) => wss.close(() => resolve())) };
}
