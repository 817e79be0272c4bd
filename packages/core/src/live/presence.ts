import { errorMessage } from "../platform/errors";
import type { PresenceState } from "./protocol";

/** A connection opened or pinged within this long means the user is online; older rows are expired. */
export const STALE_AFTER_MS = 11 * 60 * 1000;

export type PresenceHook = (userId: string, state: PresenceState) => void | Promise<void>;

const hooks: PresenceHook[] = [];

/**
 * Registers what follows an agent's connection-derived presence (routing keeps agents' capacity and
 * manual status; it is wired here at start-up). Called on connect and ping ("online"), on a `presence`
 * frame ("online" / "away"), and with "offline" when a user's last connection closes or expires.
 * Returns a function that removes the hook.
 */
export function onPresence(hook: PresenceHook): () => void {
  hooks.push(hook);
  return () => {
    const at = hooks.indexOf(hook);
    if (at >= 0) hooks.splice(at, 1);
  };
}

/**
 * The inbox's agent presence follows the connection: connect and ping are heartbeats, the last
 * connection closing is offline at once ("away" is the agent's own choice, kept by the inbox).
 */
const inboxPresence: PresenceHook = async (userId, state) => {
  const { Presence } = await import("../inbox");
  if (state === "online") await Presence.heartbeat(userId);
  else if (state === "offline") await Presence.offline(userId);
};

/** Runs every hook; one that throws is logged and does not stop the others or the socket. */
export async function notifyPresence(userId: string, state: PresenceState): Promise<void> {
  for (const hook of [inboxPresence, ...hooks]) {
    try {
      await hook(userId, state);
    } catch (error) {
      console.error(`presence hook failed for ${userId}: ${errorMessage(error)}`);
    }
  }
}
