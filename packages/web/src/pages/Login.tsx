import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Match, Show, Switch } from "solid-js";
import { authApi, errorMessage, type PortalName, portalBase } from "../api";
import { AuthCard, landAfterSignIn, MfaCodeForm, portalCopy } from "../components/auth";
import { Spinner } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";

/**
 * The sign-in page of one portal: email and password, then the six-digit code when the account has
 * two-factor authentication on (or a recovery code). The server decides where to go (`redirectTo`);
 * an account that must first set up MFA or choose a new password is sent to that page instead.
 */
export function Login(props: { portal?: PortalName }) {
  const portal = () => props.portal ?? "staff";
  const base = () => portalBase(portal());
  const auth = () => authApi(portal());
  useTitle(t("auth.signInTitle", { portal: portalCopy(portal()).name }));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [mfaToken, setMfaToken] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let passwordInput: HTMLInputElement | undefined;

  // The server answers where to go (`redirectTo`): it alone decides whether `next` is safe.
  const next = () => {
    const value = params.next;
    return Array.isArray(value) ? value[0] : value;
  };

  const submitPassword = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await auth().login(email().trim(), password(), next());
      if ("mfaRequired" in result) setMfaToken(result.mfaToken);
      else await landAfterSignIn(portal(), result, navigate);
    } catch (failure) {
      setError(errorMessage(failure));
      passwordInput?.focus();
    } finally {
      // The password is never kept: not after a failure, nor while the code is asked for.
      setPassword("");
      setBusy(false);
    }
  };

  const verifyCode = async (code: string) => {
    const token = mfaToken();
    if (!token) return;
    try {
      await landAfterSignIn(portal(), await auth().verifyMfa(token, code, next()), navigate);
    } catch (failure) {
      // An expired challenge means starting again with the password.
      if (errorMessage(failure).includes("password again")) {
        setMfaToken(undefined);
        setError(errorMessage(failure));
      }
      throw failure;
    }
  };

  return (
    <AuthCard portal={portal()} title={mfaToken() ? t("auth.twoFactor") : t("auth.signIn")}>
      <Switch>
        <Match when={!mfaToken()}>
          <p class="auth-sub">{portalCopy(portal()).sub}</p>
          <Show when={params.reason === "password-changed" && !error()}>
            <p class="alert alert-info" role="status">
              {t("auth.passwordChanged")}
            </p>
          </Show>
          <Show when={params.reason === "password-reset" && !error()}>
            <p class="alert alert-info" role="status">
              {t("auth.passwordReset")}
            </p>
          </Show>
          <Show when={params.reason === "signed-out" && !error()}>
            <p class="alert alert-info" role="status">
              {t("auth.signedOut")}
            </p>
          </Show>
          <Show when={params.next && !error()}>
            <p class="alert alert-info">{t("auth.continueTo")}</p>
          </Show>
          <Show when={error()}>
            <div class="alert alert-error" role="alert" id="login-error">
              {error()}
            </div>
          </Show>
          <form class="form" onSubmit={submitPassword}>
            <div class="field">
              <label for="email">{t("auth.email")}</label>
              <input
                id="email"
                name="email"
                type="email"
                autocomplete="username"
                inputmode="email"
                required
                autofocus
                value={email()}
                onInput={(e) => setEmail(e.currentTarget.value)}
                aria-invalid={error() ? "true" : undefined}
              />
            </div>
            <div class="field">
              <div class="field-row">
                <label for="password">{t("auth.password")}</label>
                <A class="field-link" href={`${base()}/forgot-password`}>
                  {t("auth.forgot")}
                </A>
              </div>
              <input
                id="password"
                name="password"
                type="password"
                autocomplete="current-password"
                required
                ref={passwordInput}
                value={password()}
                onInput={(e) => setPassword(e.currentTarget.value)}
                aria-invalid={error() ? "true" : undefined}
              />
            </div>
            <button type="submit" class="btn btn-primary btn-block" disabled={busy()} aria-busy={busy()}>
              <Show when={busy()} fallback={t("auth.signIn")}>
                <Spinner />
                {t("auth.signingIn")}
              </Show>
            </button>
          </form>
          <Show when={portal() === "customer"}>
            <p class="auth-alt">
              {t("auth.noPassword")} <A href="/customer/magic-link">{t("auth.magicLink")}</A>
            </p>
          </Show>
        </Match>
        <Match when={mfaToken()}>
          <MfaCodeForm verify={verifyCode} onStartOver={() => setMfaToken(undefined)} />
        </Match>
      </Switch>
    </AuthCard>
  );
}
