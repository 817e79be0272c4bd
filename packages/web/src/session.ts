import { createSignal } from "solid-js";
import { authApi, type Me, type PortalName, portalBase, portalOfPage, type User } from "./api";

/** undefined: not known yet; null: signed out. One portal per page load: the one the path belongs to. */
const [me, setMeSignal] = createSignal<Me | null | undefined>(undefined);

/** The signed-in user of this page's portal. */
export const user = (): User | null | undefined => {
  const current = me();
  return current ? current.user : current;
};

/** Who is signed in, with their permissions and any restriction (after sign-in, or null after sign-out). */
export function setMe(value: Me | null): void {
  setMeSignal(value);
}

export { me };

/** Signing out (or a 401) forgets the user. */
export function setUser(value: null): void {
  setMeSignal(value);
}

/** Whether the signed-in staff user holds a permission key (`*` for administrators; v1's hierarchy rule). */
export function can(key: string): boolean {
  const held = new Set(me()?.permissions ?? []);
  if (held.has("*") || held.has(key)) return true;
  const parts = key.split(":");
  const action = parts.at(-1) ?? "";
  const writes = new Set(["create", "update", "delete", "write"]);
  if (parts.length === 3) {
    if (action === "read" && held.has(`${parts[0]}:read`)) return true;
    if (writes.has(action) && held.has(`${parts[0]}:write`)) return true;
    if (writes.has(action) && held.has(`${parts[0]}:${parts[1]}:write`)) return true;
    if (action === "take" && held.has(`${parts[0]}:${parts[1]}:assign`)) return true;
  }
  return parts.length === 2 && writes.has(action) && held.has(`${parts[0]}:write`);
}

/** Whether the signed-in staff user has the admin role (its permissions are `*`): admin-only pages. */
export function isAdmin(): boolean {
  return me()?.permissions.includes("*") ?? false;
}

/** Learns who is signed in, once per page load (the login and logout flows keep it current after). */
export async function loadSession(portal: PortalName = portalOfPage(window.location.pathname)): Promise<Me | null> {
  const known = me();
  if (known !== undefined) return known;
  const current = (await authApi(portal).me()) ?? null;
  setMeSignal(current);
  return current;
}

/** The login URL of this page's portal that brings the user back to the current page. */
export function loginHref(): string {
  const base = portalBase(portalOfPage(window.location.pathname));
  const here = window.location.pathname + window.location.search;
  const login = `${base}/login`;
  return here === "/" || here === `${base}/` || here.startsWith(login)
    ? login
    : `${login}?next=${encodeURIComponent(here)}`;
}
