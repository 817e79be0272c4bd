import * as Live from "@dotmac/core/live";
import { AppError, errorMessage } from "@dotmac/core/platform/errors";
import { createId } from "@dotmac/core/platform/ids";
import type { LocalLiveGateway } from "@dotmac/core/platform/live";
import { upgradeWebSocket } from "@hono/node-server";
import type { Context } from "hono";
import type { AppEnv } from "../api/base";
import { problem } from "../api/problem";

/**
 * `GET /live?ticket=…`: the local runtime's side of the live protocol, playing API Gateway's part.
 * The ticket is consumed before the upgrade (a refused one is a 401, as $connect answers), then each
 * frame goes to the same core verb as the $default route, in order, and the close to $disconnect's.
 */
export function liveSocket(gateway: LocalLiveGateway, log: (line: string) => void = console.error) {
  return async (c: Context<AppEnv>) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      return problem(c, "validation", "Open this path as a WebSocket with ?ticket= from POST /api/v1/live/tickets");
    }
    const connectionId = createId();
    try {
      await Live.connect({ ticket: c.req.query("ticket"), connectionId });
    } catch (error) {
      if (error instanceof AppError) return problem(c, error.code, error.message);
      throw error;
    }
    let queue = Promise.resolve();
    const run = (what: string, work: () => Promise<void>) => {
      queue = queue.then(work).catch((error) => log(`live ${what} on ${connectionId} failed: ${errorMessage(error)}`));
    };
    return upgradeWebSocket(c, {
      onOpen: (_event, ws) =>
        gateway.open(connectionId, { send: (data) => ws.send(data), close: (code, reason) => ws.close(code, reason) }),
      onMessage: (event) =>
        run("frame", () => Live.message(connectionId, typeof event.data === "string" ? event.data : "")),
      onClose: () => {
        gateway.closed(connectionId);
        run("disconnect", () => Live.disconnect(connectionId));
      },
    });
  };
}
