/** What a post to one connection came to: handed over, or the connection is gone (drop its rows). */
export type PostResult = "sent" | "gone";

/**
 * Pushes frames to open live (WebSocket) connections. On AWS the API Gateway management API; on one
 * machine the runtime's map of open sockets. Connection rows live in the database in both modes, so
 * only this differs.
 */
export interface LiveGateway {
  readonly name: "local" | "apigateway";
  post(connectionId: string, data: string): Promise<PostResult>;
  close(connectionId: string): Promise<void>;
}
