import type { LiveGateway } from "./port";

/**
 * API Gateway's management API (`POST /@connections/{id}`), for the WebSocket API's stage at
 * `endpoint` (https://{api}.execute-api.{region}.amazonaws.com/{stage}). The SDK loads on the first
 * post, so functions that never post (and the cold path of those that do) do not parse it.
 */
export function apiGatewayLiveGateway(options: { endpoint: string; region: string }): LiveGateway {
  let sdk: Promise<typeof import("@aws-sdk/client-apigatewaymanagementapi")> | undefined;
  let client: import("@aws-sdk/client-apigatewaymanagementapi").ApiGatewayManagementApiClient | undefined;
  const load = async () => {
    sdk ??= import("@aws-sdk/client-apigatewaymanagementapi");
    const m = await sdk;
    client ??= new m.ApiGatewayManagementApiClient({ endpoint: options.endpoint, region: options.region });
    return { m, client };
  };
  const gone = (m: Awaited<typeof sdk>, error: unknown) =>
    (m && error instanceof m.GoneException) || (error as { name?: string })?.name === "GoneException";
  return {
    name: "apigateway",
    async post(connectionId, data) {
      const { m, client } = await load();
      try {
        await client.send(
          new m.PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(data) }),
        );
        return "sent";
      } catch (error) {
        if (gone(m, error)) return "gone";
        throw error;
      }
    },
    async close(connectionId) {
      const { m, client } = await load();
      try {
        await client.send(new m.DeleteConnectionCommand({ ConnectionId: connectionId }));
      } catch (error) {
        if (!gone(m, error)) throw error;
      }
    },
  };
}
