import type { InferResponseType } from "hono/client";
import { createSignal } from "solid-js";
import { ApiError, client, read, send } from "../api";
import { user } from "../session";
import { record } from "./outbox";
import { setProfileZone } from "./zone";

const dispatch = client.api.v1.dispatch;
export type MyProfile = InferResponseType<typeof dispatch.me.$get, 200>;

/**
 * The technician's own dispatch profile (time zone, location-sharing consent), and the position pings
 * sent while — and only while — they have turned sharing on. Consent is theirs: off by default, it is
 * the server's flag (PUT /dispatch/me/location-sharing), and turning it off stops the watch at once.
 * Pings are outbox changes (`kind: "ping"`, one idempotency ref each), so they wait offline like any
 * other change and go in batches.
 */
const [profile, setProfile] = createSignal<MyProfile | null>(null);
const [fix, setFix] = createSignal<{ latitude: number; longitude: number; accuracy: number; at: number }>();

export { profile };

/** At most one ping per this interval while the phone moves; one at once when sharing starts. */
const PING_EVERY_MS = 2 * 60_000;
/** A fix older than this is not attached to a field event. */
const FRESH_MS = 5 * 60_000;

let watch: number | undefined;
let lastPing = 0;

/** Reads the profile (404: no technician profile, so no sharing and the phone's zone); starts the watch if on. */
export async function loadProfile(): Promise<void> {
  try {
    const mine = await read(dispatch.me.$get({}), { on401: "throw" });
    setProfile(mine);
    setProfileZone(mine.timeZone);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) setProfile(null);
    return;
  }
  follow();
}

/** Turns sharing on or off (the technician's choice, online only: the server keeps the consent). */
export async function setSharing(enabled: boolean): Promise<void> {
  await send(dispatch.me["location-sharing"].$put({ json: { enabled } }));
  const current = profile();
  if (current) setProfile({ ...current, locationSharing: enabled, ...(enabled ? {} : { lastPosition: null }) });
  follow();
}

/** Starts or stops watching the position to match the consent. */
function follow(): void {
  const on = profile()?.locationSharing === true && "geolocation" in navigator;
  if (!on) {
    if (watch !== undefined) navigator.geolocation.clearWatch(watch);
    watch = undefined;
    setFix(undefined);
    return;
  }
  if (watch !== undefined) return;
  lastPing = 0;
  watch = navigator.geolocation.watchPosition(
    (position) => void onPosition(position),
    () => undefined,
    { enableHighAccuracy: true, maximumAge: 60_000 },
  );
}

async function onPosition(position: GeolocationPosition): Promise<void> {
  if (profile()?.locationSharing !== true || !user()) return;
  const { latitude, longitude, accuracy } = position.coords;
  const at = position.timestamp || Date.now();
  setFix({ latitude, longitude, accuracy, at });
  if (at - lastPing < PING_EVERY_MS) return;
  lastPing = at;
  await record("", {
    kind: "ping",
    latitude,
    longitude,
    accuracy: Math.min(Math.round(accuracy), 100_000),
    recordedAt: new Date(at).toISOString(),
  });
}

/** Where the phone is, for a field event: only while sharing is on and the fix is recent. */
export function here(): { latitude: number; longitude: number } | undefined {
  const current = fix();
  if (!current || profile()?.locationSharing !== true || Date.now() - current.at > FRESH_MS) return undefined;
  return { latitude: current.latitude, longitude: current.longitude };
}
