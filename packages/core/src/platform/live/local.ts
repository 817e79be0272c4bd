import type { LiveGateway } from "./port";

/** The part of an open socket the local gateway uses (a `ws` WebSocket or Hono's WSContext). */
export interface LocalSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LocalLiveGateway extends LiveGateway {
  /** The runtime registers each socket once it is open, and removes it when it closes. */
  open(connectionId: string, socket: LocalSocket): void;
  closed(connectionId: string): void;
  readonly size: number;
}

/** The one-machine gateway: the runtime's map of open sockets. An id not in it is gone. */
export function localLiveGateway(): LocalLiveGateway {
  const sockets = new Map<string, LocalSocket>();
  return {
    name: "local",
    async post(connectionId, data) {
      const socket = sockets.get(connectionId);
      if (!socket) return "gone";
      try {
        socket.send(data);
        return "sent";
      } catch {
        sockets.delete(connectionId);
        return "gone";
      }
    },
    async close(connectionId) {
      const socket = sockets.get(connectionId);
      sockets.delete(connectionId);
      socket?.close(4401, "session ended");
    },
    open(connectionId, socket) {
      sockets.set(connectionId, socket);
    },
    closed(connectionId) {
      sockets.delete(connectionId);
    },
    get size() {
      return sockets.size;
    },
  };
}
