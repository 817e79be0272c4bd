import type { Navigator } from "@solidjs/router";
import { createSignal, type JSX, onMount, Show } from "solid-js";
import { authApi, errorMessage, type PortalName, portalBase, type Restriction } from "../api";
import { t } from "../i18n";
import { setMe } from "../session";
import { LogoMark } from "./icons";
import { Preferences } from "./Preferences";
import { Spinner } from "./ui";

/** How each portal introduces itself on its sign-in pages. */
export const portalCopy = (portal: PortalName) => ({
  name: t(`nav.portals.${portal}`),
  sub: t(`nav.portalSub.${portal}`),
});

/** The centred card every sign-in, recovery and set-up page uses. */
export function AuthCard(props: {
  portal: PortalName;
  title: string;
  sub?: JSX.Element;
  wide?: boolean;
  children: JSX.Element;
}) {
  return (
    <div class="auth">
      <Preferences class="auth-prefs" />
      <main class={props.wide ? "auth-card auth-card-wide" : "auth-card"} id="main">
        <div class="auth-brand">
          <LogoMark class="logo-mark logo-lg" />
          <span class="brand-name">{t("app.name")}</span>
          <Show when={props.portal !== "staff"}>
            <span class="portal-tag">{portalCopy(props.portal).name}</span>
          </Show>
        </div>
        <h1 class="auth-title">{props.title}</h1>
        <Show when={props.sub}>
          <p class="auth-sub">{props.sub}</p>
        </Show>
        {props.children}
      </main>
      <p class="auth-foot">{t("app.tagline")}</p>
    </div>
  );
}

/**
 * After any sign-in (password, code, emailed link): load what the portal needs, then go where the
 * server said, unless the account must first set up MFA or choose a new password.
 */
export async function landAfterSignIn(
  portal: PortalName,
  result: { redirectTo: string; restriction: Restriction },
  navigate: Navigator,
): Promise<void> {
  setMe((await authApi(portal).me()) ?? null);
  const base = portalBase(portal);
  if (result.restriction === "mfa_setup") navigate(`${base}/mfa-setup`, { replace: true });
  else if (result.restriction === "password_change") navigate(`${base}/change-password`, { replace: true });
  else navigate(result.redirectTo, { replace: true });
}

/**
 * The second sign-in step: the authenticator code, or a recovery code. `verify` gets the code; its
 * error is shown here. `onStartOver` (if given) offers to go back to the first step.
 */
export function MfaCodeForm(props: { verify: (code: string) => Promise<void>; onStartOver?: () => void }) {
  const [code, setCode] = createSignal("");
  const [useRecovery, setUseRecovery] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let input: HTMLInputElement | undefined;
  onMount(() => input?.focus());

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      await props.verify(code().trim());
    } catch (failure) {
      setError(errorMessage(failure));
      setCode("");
      input?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p class="auth-sub">
        <Show when={useRecovery()} fallback={t("auth.codeHint")}>
          {t("auth.recoveryHint")}
        </Show>
      </p>
      <Show when={error()}>
        <div class="alert alert-error" role="alert" id="code-error">
          {error()}
        </div>
      </Show>
      <form class="form" onSubmit={submit}>
        <div class="field">
          <label for="code">{useRecovery() ? t("auth.recoveryCode") : t("auth.authCode")}</label>
          <input
            id="code"
            name="code"
            type="text"
            class="code-input"
            autocomplete="one-time-code"
            inputmode={useRecovery() ? "text" : "numeric"}
            pattern={useRecovery() ? undefined : "[0-9]{6}"}
            maxLength={useRecovery() ? 20 : 6}
            required
            ref={input}
            value={code()}
            onInput={(e) => setCode(e.currentTarget.value)}
            aria-invalid={error() ? "true" : undefined}
            aria-describedby={error() ? "code-error" : undefined}
          />
        </div>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy()} aria-busy={busy()}>
          <Show when={busy()} fallback={t("auth.verify")}>
            <Spinner />
            {t("auth.verifying")}
          </Show>
        </button>
      </form>
      <div class="auth-alt auth-alt-row">
        <button
          type="button"
          class="btn-link"
          onClick={() => {
            setUseRecovery(!useRecovery());
            setCode("");
            setError(undefined);
            queueMicrotask(() => input?.focus());
          }}
        >
          {useRecovery() ? t("auth.useApp") : t("auth.useRecovery")}
        </button>
        <Show when={props.onStartOver}>
          {(startOver) => (
            <button type="button" class="btn-link" onClick={() => startOver()()}>
              {t("auth.startOver")}
            </button>
          )}
        </Show>
      </div>
    </>
  );
}
