import { useConfig } from "../config";
import { apiGatewayLiveGateway } from "./apigateway";
import type { LiveGateway } from "./port";

export { type LocalLiveGateway, type LocalSocket, localLiveGateway } from "./local";
export type { LiveGateway, PostResult } from "./port";

let installed: LiveGateway | undefined;
let aws: LiveGateway | undefined;

/** Every post finds no socket: a process that holds none (a test without the runtime, a CLI). */
const nowhere: LiveGateway = { name: "local", post: async () => "gone", close: async () => undefined };

/**
 * The configured gateway: API Gateway's management API when LIVE_DRIVER=apigateway, else the
 * gateway the local runtime installed (setLiveGateway), as the in-process bus is.
 */
export function useLiveGateway(): LiveGateway {
  if (installed) return installed;
  const config = useConfig();
  if (config.LIVE_DRIVER !== "apigateway") return nowhere;
  aws ??= apiGatewayLiveGateway({ endpoint: config.LIVE_MANAGEMENT_URL ?? "", region: config.AWS_REGION });
  return aws;
}

export function setLiveGateway(next: LiveGateway | undefined): void {
  installed = next;
}
