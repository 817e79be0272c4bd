import { ExpirationPlugin } from "workbox-expiration";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";

/**
 * The technician app's service worker, served as /tech/sw.js so its scope is /tech/ and nothing else:
 * the staff portal, the other portals and /technicians are never controlled by it.
 *
 * - Precache: the portal's HTML, the entry, the /tech chunks and their words (the list is written in
 *   at build time by the `dotmac:tech-pwa` plugin in vite.config.ts), so the app opens offline.
 * - Navigations under /tech/ answer the precached index.html (the app routes on the client).
 * - The reads the app needs offline (who is signed in, the jobs, their materials and worklogs) go to
 *   the network first and fall back to the last answer kept here. Writes are never touched: they go
 *   through the app's IndexedDB outbox, which retries them.
 */
interface Worker {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(
    type: "install" | "activate",
    listener: (event: { waitUntil(p: Promise<unknown>): void }) => void,
  ): void;
}
declare const self: Worker;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL("/index.html"), { allowlist: [/^\/tech\//] }));

/** The API reads kept for offline use (GET only; a write is never answered from a cache). */
const OFFLINE_READS = [
  /^\/api\/v1\/auth\/me$/,
  /^\/api\/v1\/dispatch\/me$/,
  /^\/api\/v1\/work-orders(\/[^/]+)?$/,
  /^\/api\/v1\/inventory\/work-orders\/[^/]+\/materials$/,
  /^\/api\/v1\/timecost\/work-orders\/[^/]+\/worklogs$/,
];

// The app deletes this cache on sign-out (tech/TechApp.tsx, the same name).
const API_CACHE = "tech-api";

registerRoute(
  ({ url, request }) =>
    request.method === "GET" &&
    url.origin === self.location.origin &&
    OFFLINE_READS.some((pattern) => pattern.test(url.pathname)),
  new NetworkFirst({
    cacheName: API_CACHE,
    // A phone on one bar of signal waits this long before it shows what it kept.
    networkTimeoutSeconds: 6,
    // The API varies on cookies; the cache is this device's, for the one signed-in technician.
    matchOptions: { ignoreVary: true },
    plugins: [new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 7 * 24 * 3600 })],
  }),
);

self.addEventListener("install", () => void self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
