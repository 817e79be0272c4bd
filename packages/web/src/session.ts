import { createSignal } from "solid-js";
import { api, type User } from "./api";

/** undefined: not known yet; null: signed out. */
const [user, setUser] = createSignal<User | null | undefined>(undefined);

export { setUser, user };

/** Learns who is signed in, once per page load (the login and logout flows keep it current after). */
export async function loadSession(): Promise<User | null> {
  const known = user();
  if (known !== undefined) return known;
  const me = (await api.me()) ?? null;
  setUser(me);
  return me;
}

/** The login URL that brings the user back to the current page. */
export function loginHref(): string {
  const here = window.location.pathname + window.location.search;
  return here === "/" || here.startsWith("/login") ? "/login" : `/login?next=${encodeURIComponent(here)}`;
}
