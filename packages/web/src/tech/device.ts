import { createSignal } from "solid-js";

/** Whether the phone has a network (the browser's view; the outbox finds out for sure when it sends). */
const [online, setOnline] = createSignal(navigator.onLine);
window.addEventListener("online", () => setOnline(true));
window.addEventListener("offline", () => setOnline(false));

/** Bumps when the service worker takes control: reads made before it did were not kept for offline. */
const [controlled, setControlled] = createSignal(0);

/** Registers /tech/sw.js (scope /tech/); a build without it (the Vite dev server) just runs online. */
let registered = false;
export function registerWorker(): void {
  const container = navigator.serviceWorker;
  if (!container || registered) return;
  registered = true;
  container.addEventListener("controllerchange", () => setControlled((n) => n + 1));
  container.register("/tech/sw.js", { scope: "/tech/" }).catch(() => undefined);
}

export { controlled, online };
