import "./tech.css";
import { A, type RouteSectionProps, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, Match, on, onCleanup, onMount, Show, Switch } from "solid-js";
import { authApi } from "../api";
import { Spinner } from "../components/ui";
import { t } from "../i18n";
import { loadSession, loginHref, setUser, user } from "../session";
import { controlled, online, registerWorker } from "./device";
import { loadProfile } from "./location";
import { mine, sending, startOutbox } from "./outbox";

/** The service worker's offline copy of API reads (src/tech/sw.ts): this device's, dropped at sign-out. */
const API_CACHE = "tech-api";

/** Puts the app's manifest and theme colour in the page head while /tech is shown (the portal's stay clean). */
function useInstallable(): void {
  const link = Object.assign(document.createElement("link"), { rel: "manifest", href: "/tech/manifest.webmanifest" });
  const theme = Object.assign(document.createElement("meta"), { name: "theme-color", content: "#0f1b33" });
  document.head.append(link, theme);
  onCleanup(() => {
    link.remove();
    theme.remove();
  });
}

/**
 * The technician app's frame at /tech: the staff session (a field technician signs in on /login and
 * lands here), a slim top bar with the outbox's state, and the page. It works offline: who is signed
 * in comes from the service worker's copy of /auth/me when the network is away.
 */
export function TechApp(props: RouteSectionProps) {
  const navigate = useNavigate();
  const [state, setState] = createSignal<"checking" | "ready" | "offline">("checking");
  useInstallable();
  onMount(registerWorker);
  // Who is signed in, read again once the worker holds the page, so it opens offline signed in.
  createEffect(
    on(
      controlled,
      () =>
        void authApi("staff")
          .me()
          .catch(() => undefined),
      { defer: true },
    ),
  );

  onMount(async () => {
    try {
      const current = await loadSession("staff");
      if (!current) return navigate(loginHref(), { replace: true });
      if (current.restriction)
        return navigate(`/${current.restriction === "mfa_setup" ? "mfa-setup" : "change-password"}`);
      setState("ready");
      startOutbox();
      void loadProfile();
    } catch {
      // Offline on a phone that never kept a copy of the session: nothing to show until it is online.
      setState("offline");
    }
  });

  const signOut = async () => {
    await authApi("staff").logout();
    await globalThis.caches?.delete(API_CACHE);
    setUser(null);
    navigate("/login?reason=signed-out", { replace: true });
  };

  const waiting = () => mine().length;
  const refused = () => mine().filter((entry) => entry.state === "failed").length;

  return (
    <div class="tech">
      <header class="tech-bar">
        <A href="/tech/" class="tech-brand">
          {t("tech.appName")}
        </A>
        <Show when={state() === "ready"}>
          <A
            href="/tech/outbox"
            class="tech-sync"
            classList={{ "tech-sync-waiting": waiting() > 0, "tech-sync-failed": refused() > 0 }}
            aria-live="polite"
            data-testid="outbox-status"
          >
            <Show when={waiting() > 0} fallback={t("tech.allSent")}>
              <Show when={sending() && online()}>
                <Spinner />
              </Show>
              {t("tech.waiting", waiting())}
              <Show when={refused() > 0}>
                <span class="tech-sync-refused"> · {t("tech.failedCount", refused())}</span>
              </Show>
            </Show>
          </A>
        </Show>
      </header>
      <Show when={!online()}>
        <p class="tech-offline" role="status">
          {t("tech.offline")}
        </p>
      </Show>
      <main class="tech-main" id="main">
        <Switch>
          <Match when={state() === "checking"}>
            <div class="tech-center">
              <Spinner label={t("tech.loading")} />
            </div>
          </Match>
          <Match when={state() === "offline"}>
            <p class="tech-center">{t("tech.notCached")}</p>
          </Match>
          <Match when={state() === "ready" && user()}>{props.children}</Match>
        </Switch>
      </main>
      <Show when={state() === "ready"}>
        <footer class="tech-foot">
          <span>{user()?.displayName}</span>
          {/* Claims and their receipts live in the full portal (online only), reached from the phone. */}
          <a href="/expenses">{t("tech.expenses")}</a>
          <button type="button" class="btn-link" onClick={signOut} disabled={!online() || mine().length > 0}>
            {t("tech.signOut")}
          </button>
        </footer>
      </Show>
    </div>
  );
}
