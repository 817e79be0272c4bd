import { A, type RouteSectionProps, useNavigate } from "@solidjs/router";
import { createSignal, Match, onMount, Show, Switch } from "solid-js";
import { authApi } from "../api";
import { can, loadSession, loginHref, setUser, user } from "../session";
import { ActivityIcon, BookIcon, KeyIcon, LogOutIcon, LogoMark, ShieldIcon, UserIcon } from "./icons";
import { ErrorState, Spinner } from "./ui";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [name];
  return letters
    .map((p) => p?.[0] ?? "")
    .join("")
    .toUpperCase();
}

/**
 * The signed-in app: checks the session before showing anything, then the top bar, the section
 * navigation and the page. Without a session it sends the user to the login page and back here after.
 */
export function Shell(props: RouteSectionProps) {
  const navigate = useNavigate();
  const [state, setState] = createSignal<"checking" | "ready" | "error">("checking");
  const [problem, setProblem] = createSignal("");
  const [signingOut, setSigningOut] = createSignal(false);
  const [signOutError, setSignOutError] = createSignal<string>();
  let main: HTMLElement | undefined;

  const check = async () => {
    setState("checking");
    try {
      const current = await loadSession("staff");
      if (!current) navigate(loginHref(), { replace: true });
      // A restricted session can do nothing else until the user has set up MFA or a new password.
      else if (current.restriction === "mfa_setup") navigate("/mfa-setup", { replace: true });
      else if (current.restriction === "password_change") navigate("/change-password", { replace: true });
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
      await authApi("staff").logout();
      setUser(null);
      navigate("/login", { replace: true });
    } catch (error) {
      setSigningOut(false);
      setSignOutError(`Could not sign out: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  // A native listener, so the router's link handling never sees the in-page jump.
  const skip = (event: MouseEvent) => {
    event.preventDefault();
    main?.focus();
    main?.scrollIntoView();
  };

  return (
    <Switch>
      <Match when={state() === "checking"}>
        <div class="boot">
          <Spinner label="Loading DotMac CRM" />
        </div>
      </Match>
      <Match when={state() === "error"}>
        <div class="boot">
          <ErrorState title="DotMac CRM could not start" detail={problem()} onRetry={check} />
        </div>
      </Match>
      <Match when={state() === "ready"}>
        <a class="skip-link" href="#main" on:click={skip}>
          Skip to content
        </a>
        <header class="topbar">
          <A href="/status" class="brand" end>
            <LogoMark />
            <span class="brand-name">DotMac CRM</span>
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
            <button type="button" class="btn btn-topbar" onClick={signOut} disabled={signingOut()}>
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
            <p class="nav-heading" id="nav-operations">
              Operations
            </p>
            <ul class="nav-list" aria-labelledby="nav-operations">
              <Show when={can("system:monitoring:read")}>
                <li>
                  <A href="/status" class="nav-link" activeClass="active">
                    <ActivityIcon />
                    System status
                  </A>
                </li>
              </Show>
            </ul>
            <p class="nav-heading" id="nav-administration">
              Administration
            </p>
            <ul class="nav-list" aria-labelledby="nav-administration">
              <Show when={can("auth:manage")}>
                <li>
                  <A href="/users" class="nav-link" activeClass="active">
                    <UserIcon />
                    Users
                  </A>
                </li>
              </Show>
              <Show when={can("rbac:roles:read")}>
                <li>
                  <A href="/roles" class="nav-link" activeClass="active">
                    <ShieldIcon />
                    Roles
                  </A>
                </li>
              </Show>
              <Show when={can("audit:read")}>
                <li>
                  <A href="/audit" class="nav-link" activeClass="active">
                    <ShieldIcon />
                    Audit log
                  </A>
                </li>
              </Show>
              <Show when={can("auth:manage")}>
                <li>
                  <A href="/api-keys" class="nav-link" activeClass="active">
                    <KeyIcon />
                    API keys
                  </A>
                </li>
              </Show>
            </ul>
            <p class="nav-heading" id="nav-account">
              Account
            </p>
            <ul class="nav-list" aria-labelledby="nav-account">
              <li>
                <A href="/profile" class="nav-link" activeClass="active">
                  <UserIcon />
                  Profile
                </A>
              </li>
            </ul>
            <p class="nav-heading" id="nav-developers">
              Developers
            </p>
            <ul class="nav-list" aria-labelledby="nav-developers">
              <li>
                <a href="/api/docs" class="nav-link" rel="external">
                  <BookIcon />
                  API reference
                </a>
              </li>
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
