/**
 * The portal's Content-Security-Policy, in one place: the API and the local runtime send it (hono's
 * secureHeaders takes this object) and infra puts the same policy, plus the upload bucket's origin, in
 * the CloudFront response headers policy.
 */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:", "blob:"],
  // Inbox voice notes and videos play from the same signed links as images.
  mediaSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const satisfies Record<string, readonly string[]>;

export type CspDirectives = { [K in keyof typeof contentSecurityPolicy]: readonly string[] };

/** The header value of a policy: `defaultSrc` → `default-src 'self'`, directives joined by `; `. */
export function cspHeader(policy: CspDirectives = contentSecurityPolicy): string {
  return Object.entries(policy)
    .map(([name, sources]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(" ")}`)
    .join("; ");
}

/** The same policy with `origin` allowed where the browser talks to it (presigned uploads, images, audio/video). */
export function cspWithOrigin(origin: string): CspDirectives {
  return {
    ...contentSecurityPolicy,
    connectSrc: [...contentSecurityPolicy.connectSrc, origin],
    imgSrc: [...contentSecurityPolicy.imgSrc, origin],
    mediaSrc: [...contentSecurityPolicy.mediaSrc, origin],
  };
}

/** OpenStreetMap's standard tiles: the default of MAP_TILE_URL (config.ts) and of the edge CSP (infra/web.ts). */
export const DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/** The origin of a map tile URL template (`https://tile.example.org/{z}/{x}/{y}.png` → `https://tile.example.org`). */
export function tileOrigin(template: string): string {
  return new URL(template.replace(/\{[a-z]\}/g, "0")).origin;
}

/** The policy with the map tiles' origin allowed for images (the dispatch board's map). */
export function cspWithTiles(policy: CspDirectives, template: string): CspDirectives {
  return { ...policy, imgSrc: [...policy.imgSrc, tileOrigin(template)] };
}

/** What a downloaded file may do when a browser renders it: nothing (no script, no same-origin access). */
export const downloadCsp = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/**
 * Which powerful features pages may use, for the API and the local runtime (hono's secureHeaders takes
 * this object) and CloudFront (`permissionsPolicyHeader`). Geolocation is allowed to our own origin only:
 * the technician app (/tech) sends positions with the technician's consent (an in-app switch, off by
 * default, and the browser's own prompt). Camera and microphone stay off everywhere (barcodes are read
 * from a photo taken through a file input, which needs no camera permission).
 */
export const permissionsPolicy = { camera: [], microphone: [], geolocation: ["self"] } as const satisfies Record<
  string,
  readonly string[]
>;

/** The header value: `camera=(), microphone=(), geolocation=(self)`. */
export function permissionsPolicyHeader(): string {
  return Object.entries(permissionsPolicy)
    .map(([name, sources]) => `${name}=(${sources.join(" ")})`)
    .join(", ");
}

/** HSTS as the API and CloudFront send it: two years, subdomains included. */
export const STRICT_TRANSPORT_SECURITY_SECONDS = 63_072_000;

/**
 * The header our CloudFront distribution adds to every request it sends to the HTTP API, with a
 * generated secret: the API trusts `CloudFront-Viewer-Address` only beside it (see client-ip.ts).
 */
export const ORIGIN_VERIFY_HEADER = "x-dotmac-origin-verify";
