import { A, useNavigate } from "@solidjs/router";
import { createSignal, type JSX, Match, onMount, Show, Switch } from "solid-js";
import { authApi, type PortalName, portalBase } from "../api";
import { t } from "../i18n";
import { loadSession, loginHref, setUser, user } from "../session";
import { LogOutIcon, LogoMark } from "./icons";
import { Preferences } from "./Preferences";
import { ErrorState, Spinner } from "./ui";

const capitalise = (text: string) => `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [name];
  return letters
    .map((p) => p?.[0] ?? "")
    .join("")
    .toUpperCase();
}

/**
 * The signed-in frame of every portal: checks the portal's session before showing anything, sends a
 * visitor without one to the portal's login (and back after), and an account that must first set
 * up two-factor authentication or change its password to that page; then the top bar (brand, user,
 * sign out), the navigation and the page.
 */
export function AppFrame(props: {
  portal: PortalName;
  /** Where the brand links to. */
  home: string;
  /** Shown next to the brand (the portal's name); none for staff. */
  tag?: string;
  /** What is loading, for screen readers, and what could not start. */
  name: string;
  nav: JSX.Element;
  /** Controls at the start of the top bar's end (the staff notification bell). */
  actions?: JSX.Element;
  children: JSX.Element;
}) {
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
      setSignOutError(t("app.signOutFailed", { error: error instanceof Error ? error.message : String(error) }));
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
          <Spinner label={t("app.loading", { name: props.name })} />
        </div>
      </Match>
      <Match when={state() === "error"}>
        <div class="boot">
          <ErrorState
            title={capitalise(t("app.couldNotStart", { name: props.name }))}
            detail={problem()}
            onRetry={check}
          />
        </div>
      </Match>
      <Match when={state() === "ready"}>
        <a class="skip-link" href="#main" on:click={skip}>
          {t("app.skip")}
        </a>
        <header class="topbar">
          <A href={props.home} class="brand" end>
            <LogoMark />
            <span class="brand-name">{t("app.name")}</span>
            <Show when={props.tag}>
              <span class="portal-name">{props.tag}</span>
            </Show>
          </A>
          <div class="topbar-end">
            {props.actions}
            <Preferences />
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
              aria-label={signingOut() ? t("app.signingOut") : t("app.signOut")}
            >
              <LogOutIcon />
              <span class="hide-narrow">{signingOut() ? t("app.signingOutBusy") : t("app.signOut")}</span>
            </button>
          </div>
        </header>
        <Show when={signOutError()}>
          <div class="alert alert-error banner" role="alert">
            {signOutError()}
          </div>
        </Show>
        <div class="layout">
          <nav class="sidenav" aria-label={t("app.mainNav")}>
            {props.nav}
          </nav>
          <main id="main" class="main" tabindex="-1" ref={main}>
            {props.children}
          </main>
        </div>
      </Match>
    </Switch>
  );
}
