import type { Function as SstFunction, Stack } from "sst/constructs";
import { WebSocketApi } from "sst/constructs";
import type { Secrets } from "./secrets";

/** The stage's name is the path CloudFront forwards (`/live` → the stage `live`), so no origin path is needed. */
export const LIVE_STAGE = "live";
const HANDLER = "packages/functions/src/handlers/live";

/**
 * Live updates: an API Gateway WebSocket API whose three routes run the small `live` handler. Auth is
 * the one-time ticket checked in $connect (authorizer "none": a ticket is not an IAM or JWT credential).
 * `posters` (the events and job functions) push frames and close connections through the management
 * endpoint; they get that right on this API's connections only.
 */
export function live(stack: Stack, deps: { secrets: Secrets; posters: SstFunction[] }) {
  const socketApi = new WebSocketApi(stack, "Live", {
    authorizer: "none",
    defaults: { function: { description: "Live updates socket: $connect / $default / $disconnect", timeout: 10 } },
    routes: {
      $connect: `${HANDLER}.connect`,
      $default: `${HANDLER}.message`,
      $disconnect: `${HANDLER}.disconnect`,
    },
    cdk: { webSocketStage: { stageName: LIVE_STAGE } },
  });
  const apiId = socketApi.cdk.webSocketApi.apiId;
  const domain = `${apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  const managementUrl = `https://${domain}/${LIVE_STAGE}`;
  const route = (key: string) => {
    const fn = socketApi.getFunction(key);
    if (!fn) throw new Error(`The live API has no ${key} route`);
    return fn;
  };
  const routes = {
    LiveConnect: route("$connect"),
    LiveMessage: route("$default"),
    LiveDisconnect: route("$disconnect"),
  };
  const routeFns = Object.values(routes);
  for (const fn of [...routeFns, ...deps.posters]) {
    fn.addEnvironment("LIVE_DRIVER", "apigateway");
    fn.addEnvironment("LIVE_MANAGEMENT_URL", managementUrl);
  }
  for (const fn of routeFns) deps.secrets.databaseUrl.grantRead(fn);
  // SST grants the route functions ManageConnections itself; the posters get the same, on this API only.
  for (const fn of deps.posters) socketApi.cdk.webSocketApi.grantManageConnections(fn);
  return { socketApi, domain, managementUrl, routes };
}
