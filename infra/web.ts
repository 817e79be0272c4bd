import { relative, resolve } from "node:path";
import { Duration } from "aws-cdk-lib";
import {
  AllowedMethods,
  type BehaviorOptions,
  CachedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { BucketEncryption } from "aws-cdk-lib/aws-s3";
import type { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { type Api, type Stack, StaticSite } from "sst/constructs";
import {
  cspHeader,
  cspWithOrigin,
  cspWithTiles,
  DEFAULT_TILE_URL,
  downloadCsp,
  ORIGIN_VERIFY_HEADER,
  permissionsPolicyHeader,
  STRICT_TRANSPORT_SECURITY_SECONDS,
} from "../packages/core/src/platform/security-headers";
import { attachmentsDomain, prefixes } from "./storage";

const SITE_PATH = "packages/web";

/** Portal routes have no file extension; the SPA answers them all from index.html. */
const spaRouting = `function handler(event) {
  var request = event.request;
  if (request.uri.split("/").pop().indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

/** Where downloads are served: the attachments bucket's `uploads/` keys, under the same path. */
export const DOWNLOAD_PATH = `/${prefixes.uploads}*`;

const hsts = {
  accessControlMaxAge: Duration.seconds(STRICT_TRANSPORT_SECURITY_SECONDS),
  includeSubdomains: true,
  override: true,
};

/**
 * The portal's headers at the edge: the API's CSP (one definition in core) plus the attachments
 * bucket's origin, which the browser POSTs uploads to; HSTS, nosniff, DENY framing, no referrer.
 */
function portalHeaders(stack: Stack) {
  return new ResponseHeadersPolicy(stack, "PortalHeaders", {
    comment: "DotMac CRM portal: CSP and security headers",
    securityHeadersBehavior: {
      contentSecurityPolicy: {
        // The map tiles' origin: MAP_TILE_URL at deploy time, as the api function gets it.
        contentSecurityPolicy: cspHeader(
          cspWithTiles(
            cspWithOrigin(`https://${attachmentsDomain(stack)}`),
            process.env.MAP_TILE_URL ?? DEFAULT_TILE_URL,
          ),
        ),
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      strictTransportSecurity: hsts,
    },
    customHeadersBehavior: {
      customHeaders: [
        { header: "Permissions-Policy", value: permissionsPolicyHeader(), override: true },
        { header: "Cross-Origin-Opener-Policy", value: "same-origin", override: true },
      ],
    },
  });
}

/**
 * Downloads: presigned GETs (core signs them for the bucket and moves them onto this path) go to the
 * bucket with their signed query, response-content-disposition included. Whatever S3 answers, the
 * browser gets nosniff, a CSP that lets the file do nothing, and `attachment` unless the signed query
 * asked for inline.
 */
function downloads(stack: Stack): BehaviorOptions {
  return {
    origin: new HttpOrigin(attachmentsDomain(stack), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    }),
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
    cachedMethods: CachedMethods.CACHE_GET_HEAD,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    // A custom policy: managed ones drop response-content-disposition on the way to S3.
    originRequestPolicy: new OriginRequestPolicy(stack, "DownloadRequests", {
      comment: "Presigned S3 GETs: the signed query, nothing else",
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      headerBehavior: OriginRequestHeaderBehavior.none(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    }),
    responseHeadersPolicy: new ResponseHeadersPolicy(stack, "DownloadHeaders", {
      comment: "Downloads: nosniff, attachment by default, no active content",
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        contentSecurityPolicy: { contentSecurityPolicy: downloadCsp, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: hsts,
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: "Content-Disposition", value: "attachment", override: false },
          { header: "Cross-Origin-Resource-Policy", value: "same-origin", override: true },
        ],
      },
    }),
  };
}

/** Where the portal opens the live socket on the distribution (core's liveUrl() derives it from PUBLIC_URL). */
export const LIVE_PATH = "/live";

/**
 * The single origin: the portal from its bucket at `/*`, `/api/*` and `/webhooks/*` passed uncached to
 * the HTTP API (so session cookies stay first-party and the portal needs no CORS), and downloads at
 * DOWNLOAD_PATH from the attachments bucket. Requests to the API carry the origin-verify secret, which
 * is what lets the API trust `CloudFront-Viewer-Address` for the client IP.
 * WEB_DIST names an already-built portal and skips the build (the synth test uses a placeholder).
 */
export function web(stack: Stack, deps: { api: Api; originVerify: Secret; live: string }) {
  const apiOrigin = new HttpOrigin(`${deps.api.cdk.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
    protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    // A dynamic reference: the value is resolved by CloudFormation, never written into the template.
    customHeaders: { [ORIGIN_VERIFY_HEADER]: deps.originVerify.secretValue.unsafeUnwrap() },
  });
  const toApi: BehaviorOptions = {
    origin: apiOrigin,
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    // API Gateway routes by its own Host header; everything else (cookies, query, auth) is passed on,
    // with CloudFront's headers, CloudFront-Viewer-Address among them.
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
  };
  // `/live` is the WebSocket API's stage of that name (infra/live.ts): the path passes through as is.
  // The ticket travels in the query string and the upgrade in Sec-WebSocket-* headers, so both go on.
  const toLive: BehaviorOptions = {
    origin: new HttpOrigin(deps.live, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    }),
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
    cachePolicy: CachePolicy.CACHING_DISABLED,
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
          responseHeadersPolicy: portalHeaders(stack),
        },
        additionalBehaviors: {
          "/api/*": toApi,
          "/webhooks/*": toApi,
          [LIVE_PATH]: toLive,
          [DOWNLOAD_PATH]: downloads(stack),
        },
      },
    },
  });
  // SST's own viewer-request function (".html" suffixing) is replaced above; drop the orphan.
  site.node.tryRemoveChild("CloudFrontFunction");
  return site;
}
