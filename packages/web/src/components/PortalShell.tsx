import { A, type RouteSectionProps, useNavigate } from "@solidjs/router";
import { createSignal, For, type JSX, Match, onMount, Show, Switch } from "solid-js";
import { authApi, type PortalName, portalBase } from "../api";
import { loadSession, loginHref, setUser, user } from "../session";
import { ActivityIcon, DatabaseIcon, LogOutIcon, LogoMark, ShieldIcon, UserIcon } from "./icons";
import { ErrorState, Spinner } from "./ui";

export type OuterPortal = Exclude<PortalName, "staff">;

export const portalLabels: Record<OuterPortal, string> = {
  customer: "Customer portal",
  reseller: "Reseller portal",
  vendor: "Vendor portal",
};

interface NavItem {
  href: string;
  label: string;
  icon: () => JSX.Element;
  end?: boolean;
}

/** Each portal's sections; the first is the portal's home. */
const navOf: Record<OuterPortal, NavItem[]> = {
  customer: [
    { href: "/customer", label: "My service", icon: ActivityIcon, end: true },
    { href: "/customer/security", label: "Security", icon: ShieldIcon },
  ],
  reseller: [
    { href: "/reseller", label: "Organisations", icon: DatabaseIcon, end: true },
    { href: "/reseller/subscribers", label: "Subscribers", icon: ActivityIcon },
    { href: "/reseller/users", label: "Users", icon: UserIcon },
    { href: "/reseller/security", label: "Security", icon: ShieldIcon },
  ],
  vendor: [
    { href: "/vendor", label: "Organisation", icon: DatabaseIcon, end: true },
    { href: "/vendor/users", label: "Users", icon: UserIcon },
    { href: "/vendor/security", label: "Security", icon: ShieldIcon },
  ],
};

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [name];
  return letters
    .map((p) => p?.[0] ?? "")
    .join("")
    .toUpperCase();
}

/**
 * The signed-in customer, reseller or vendor portal: checks this portal's session before showing
 * anything, sends a visitor without one to the portal's login (and back after), and an account that
 * must first set up two-factor authentication or change its password to that page.
 */
export function PortalShell(props: RouteSectionProps & { portal: OuterPortal }) {
  const navigate = useNavigate();
  const base = () => portalBase(props.portal);
  const [state, setState] = createSignal<"checking" | "ready" | "error">("checking");
  const [problem, setProblem] = createSignal("");
  const [signingOut, setSigningOut] = createSignal(false);
  const [signOutError, setSignOutError] = createSignal<string>();
  let main: HTMLElement | undefined;

  const check = async () => {
    setState("checking");
    try {
      const current = await loadSession(props.portal);
      if (!current) navigate(loginHref(), { replace: true });
      else if (current.restriction === "mfa_setup") navigate(`${base()}/mfa-setup`, { replace: true });
      else if (current.restriction === "password_change") navigate(`${base()}/change-password`, { replace: true });
      else setState("ready");
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      setState("error");
    }
  };
  onMount(check);

  const signOut = async () => {
    setSigningOut(true);
    setSignOutError(undefined);
    try {
      await authApi(props.portal).logout();
      setUser(null);
      navigate(`${base()}/login`, { replace: true });
    } catch (error) {
      setSigningOut(false);
      setSignOutError(`Could not sign out: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const skip = (event: MouseEvent) => {
    event.preventDefault();
    main?.focus();
    main?.scrollIntoView();
  };

  return (
    <Switch>
      <Match when={state() === "checking"}>
        <div class="boot">
          <Spinner label={`Loading the ${portalLabels[props.portal].toLowerCase()}`} />
        </div>
      </Match>
      <Match when={state() === "error"}>
        <div class="boot">
          <ErrorState
            title={`The ${portalLabels[props.portal].toLowerCase()} could not start`}
            detail={problem()}
            onRetry={check}
          />
        </div>
      </Match>
      <Match when={state() === "ready"}>
        <a class="skip-link" href="#main" on:click={skip}>
          Skip to content
        </a>
        <header class="topbar">
          <A href={base()} class="brand" end>
            <LogoMark />
            <span class="brand-name">DotMac CRM</span>
            <span class="portal-name">{portalLabels[props.portal]}</span>
          </A>
          <div class="topbar-end">
            <div class="user-chip" title={user()?.email}>
              <span class="avatar" aria-hidden="true">
                {initials(user()?.displayName || user()?.email || "?")}
              </span>
              <span class="user-text">
                <span class="user-name">{user()?.displayName}</span>
                <span class="user-email">{user()?.email}</span>
              </span>
            </div>
            <button
              type="button"
              class="btn btn-topbar"
              onClick={signOut}
              disabled={signingOut()}
              aria-label={signingOut() ? "Signing out" : "Sign out"}
            >
              <LogOutIcon />
              <span class="hide-narrow">{signingOut() ? "Signing out…" : "Sign out"}</span>
            </button>
          </div>
        </header>
        <Show when={signOutError()}>
          <div class="alert alert-error banner" role="alert">
            {signOutError()}
          </div>
        </Show>
        <div class="layout">
          <nav class="sidenav" aria-label="Main">
            <ul class="nav-list">
              <For each={navOf[props.portal]}>
                {(item) => (
                  <li>
                    <A href={item.href} class="nav-link" activeClass="active" end={item.end ?? false}>
                      <item.icon />
                      {item.label}
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </nav>
          <main id="main" class="main" tabindex="-1" ref={main}>
            {props.children}
          </main>
        </div>
      </Match>
    </Switch>
  );
}
