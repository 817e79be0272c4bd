/**
 * Live updates: one-time tickets, connections and their subscriptions, fan-out of inbox events to
 * the connections allowed to hear them, typing ("X is replying") and connection-derived presence.
 * The same verbs serve API Gateway's WebSocket routes and the local runtime's sockets.
 */
export { connect, disconnect, expire, issueTicket, liveUrl, message, online, TICKET_TTL_SECONDS } from "./connection";
export * as Fanout from "./fanout";
export { onPresence, type PresenceHook, STALE_AFTER_MS } from "./presence";
export * as Protocol from "./protocol";
