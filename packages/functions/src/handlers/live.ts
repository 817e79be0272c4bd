import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from "aws-lambda";

/**
 * The WebSocket API's routes: $connect consumes the one-time ticket (a refusal is a 401 and API
 * Gateway refuses the upgrade), $default hands each frame to the same core verb as the local runtime,
 * $disconnect drops the connection's rows. The domain loads on the first event, so the init phase
 * only parses this file.
 */
type ConnectEvent = APIGatewayProxyWebsocketEventV2 & { queryStringParameters?: Record<string, string | undefined> };
const live = () => import("@dotmac/core/live");

export const connect = async (event: ConnectEvent): Promise<APIGatewayProxyResultV2> => {
  const Live = await live();
  try {
    await Live.connect({
      ticket: event.queryStringParameters?.ticket,
      connectionId: event.requestContext.connectionId,
    });
    return { statusCode: 200 };
  } catch (error) {
    if ((error as { code?: string }).code === "unauthenticated") return { statusCode: 401 };
    throw error;
  }
};

export const message = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  await (await live()).message(event.requestContext.connectionId, event.body ?? "");
  return { statusCode: 200 };
};

export const disconnect = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  await (await live()).disconnect(event.requestContext.connectionId);
  return { statusCode: 200 };
};
