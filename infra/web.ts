import { relative, resolve } from "node:path";
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { BucketEncryption } from "aws-cdk-lib/aws-s3";
import { type Api, type Stack, StaticSite } from "sst/constructs";

const SITE_PATH = "packages/web";

/** Portal routes have no file extension; the SPA answers them all from index.html. */
const spaRouting = `function handler(event) {
  var request = event.request;
  if (request.uri.split("/").pop().indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

/**
 * The single origin: the portal from its bucket at `/*`, and `/api/*` and `/webhooks/*` passed
 * uncached to the HTTP API, so session cookies stay first-party and the portal needs no CORS.
 * WEB_DIST names an already-built portal and skips the build (the synth test uses a placeholder).
 */
export function web(stack: Stack, deps: { api: Api }) {
  const apiOrigin = new HttpOrigin(`${deps.api.cdk.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
    protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [OriginSslPolicy.TLS_V1_2],
  });
  const toApi: BehaviorOptions = {
    origin: apiOrigin,
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    // API Gateway routes by its own Host header; everything else (cookies, query, auth) is passed on.
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
  };
  const prebuilt = process.env.WEB_DIST;
  const site = new StaticSite(stack, "Web", {
    path: SITE_PATH,
    buildCommand: prebuilt ? undefined : "npm --prefix ../.. run build:web",
    buildOutput: prebuilt ? relative(resolve(SITE_PATH), resolve(prebuilt)) : "dist",
    // SST would otherwise write src/sst-env.d.ts into the portal; it reads no SST variables.
    vite: { types: "../../.sst/web-env.d.ts" },
    cdk: {
      bucket: { encryption: BucketEncryption.S3_MANAGED, enforceSSL: true },
      distribution: {
        comment: "DotMac CRM: portal, /api and /webhooks",
        // Distribution-wide error pages would also rewrite the API's 403/404 answers, so the SPA
        // fallback is a viewer-request function on the portal behaviour instead.
        errorResponses: [],
        defaultBehavior: {
          functionAssociations: [
            {
              eventType: FunctionEventType.VIEWER_REQUEST,
              function: new CloudFrontFunction(stack, "SpaRouting", {
                code: FunctionCode.fromInline(spaRouting),
                runtime: FunctionRuntime.JS_2_0,
              }),
            },
          ],
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        },
        additionalBehaviors: { "/api/*": toApi, "/webhooks/*": toApi },
      },
    },
  });
  // SST's own viewer-request function (".html" suffixing) is replaced above; drop the orphan.
  site.node.tryRemoveChild("CloudFrontFunction");
  return site;
}
