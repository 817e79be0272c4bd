import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Match, Show, Switch } from "solid-js";
import { ApiError, authApi, type LoginResult, type PortalName, portalBase } from "../api";
import { LogoMark } from "../components/icons";
import { Spinner } from "../components/ui";
import { useTitle } from "../format";
import { setMe } from "../session";

/** How each portal introduces itself on its sign-in page. */
export const portalCopy: Record<PortalName, { name: string; sub: string }> = {
  staff: { name: "Staff", sub: "Staff portal for your ISP operations team." },
  customer: { name: "Customer", sub: "See your service, bills and support requests." },
  reseller: { name: "Reseller", sub: "Manage your organisations and their subscribers." },
  vendor: { name: "Vendor", sub: "Contractor access to your projects and work." },
};

type SignedIn = Exclude<LoginResult, { mfaRequired: true }>;

/**
 * The sign-in page of one portal: email and password, then the six-digit code when the account has
 * two-factor authentication on (or a recovery code). The server decides where to go (`redirectTo`);
 * an account that must first set up MFA or choose a new password is sent to that page instead.
 */
export function Login(props: { portal?: PortalName }) {
  const portal = () => props.portal ?? "staff";
  const base = () => portalBase(portal());
  const auth = () => authApi(portal());
  useTitle(`Sign in · ${portalCopy[portal()].name}`);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [code, setCode] = createSignal("");
  const [mfaToken, setMfaToken] = createSignal<string>();
  const [useRecovery, setUseRecovery] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let passwordInput: HTMLInputElement | undefined;
  let codeInput: HTMLInputElement | undefined;

  // The server answers where to go (`redirectTo`): it alone decides whether `next` is safe.
  const next = () => {
    const value = params.next;
    return Array.isArray(value) ? value[0] : value;
  };

  const finish = async (result: SignedIn) => {
    // Load what the portal needs (permissions, restriction) before the first page renders.
    setMe((await auth().me()) ?? null);
    if (result.restriction === "mfa_setup") navigate(`${base()}/mfa-setup`, { replace: true });
    else if (result.restriction === "password_change") navigate(`${base()}/change-password`, { replace: true });
    else navigate(result.redirectTo, { replace: true });
  };

  const attempt = async (step: () => Promise<void>, onError: () => void) => {
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      await step();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Something went wrong; please try again.");
      onError();
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = (event: SubmitEvent) => {
    event.preventDefault();
    void attempt(
      async () => {
        const result = await auth().login(email().trim(), password(), next());
        if ("mfaRequired" in result) {
          setMfaToken(result.mfaToken);
          setPassword("");
          queueMicrotask(() => codeInput?.focus());
          return;
        }
        await finish(result);
      },
      () => {
        setPassword("");
        passwordInput?.focus();
      },
    );
  };

  const submitCode = (event: SubmitEvent) => {
    event.preventDefault();
    const token = mfaToken();
    if (!token) return;
    void attempt(
      async () => finish(await auth().verifyMfa(token, code().trim(), next())),
      () => {
        // An expired challenge means starting again with the password.
        if (error()?.includes("password again")) setMfaToken(undefined);
        setCode("");
        codeInput?.focus();
      },
    );
  };

  const startOver = () => {
    setMfaToken(undefined);
    setCode("");
    setError(undefined);
    setUseRecovery(false);
  };

  return (
    <div class="auth">
      <main class="auth-card" id="main">
        <div class="auth-brand">
          <LogoMark class="logo-mark logo-lg" />
          <span class="brand-name">DotMac CRM</span>
          <Show when={portal() !== "staff"}>
            <span class="portal-tag">{portalCopy[portal()].name}</span>
          </Show>
        </div>
        <Switch>
          <Match when={!mfaToken()}>
            <h1 class="auth-title">Sign in</h1>
            <p class="auth-sub">{portalCopy[portal()].sub}</p>
            <Show when={params.reason === "password-changed" && !error()}>
              <p class="alert alert-info" role="status">
                Your password was changed and every device was signed out. Sign in with your new password.
              </p>
            </Show>
            <Show when={params.reason === "password-reset" && !error()}>
              <p class="alert alert-info" role="status">
                Your password is set. Sign in with it now.
              </p>
            </Show>
            <Show when={params.reason === "signed-out" && !error()}>
              <p class="alert alert-info" role="status">
                This device was signed out.
              </p>
            </Show>
            <Show when={params.next && !error()}>
              <p class="alert alert-info">Sign in to continue to the page you asked for.</p>
            </Show>
            <Show when={error()}>
              <div class="alert alert-error" role="alert" id="login-error">
                {error()}
              </div>
            </Show>
            <form class="form" onSubmit={submitPassword}>
              <div class="field">
                <label for="email">Email</label>
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
                  <label for="password">Password</label>
                  <A class="field-link" href={`${base()}/forgot-password`}>
                    Forgot password?
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
                <Show when={busy()} fallback="Sign in">
                  <Spinner />
                  Signing in…
                </Show>
              </button>
            </form>
            <Show when={portal() === "customer"}>
              <p class="auth-alt">
                No password? <A href="/customer/magic-link">Email me a sign-in link</A>
              </p>
            </Show>
          </Match>
          <Match when={mfaToken()}>
            <h1 class="auth-title">Two-factor authentication</h1>
            <p class="auth-sub">
              <Show when={useRecovery()} fallback="Enter the 6-digit code from your authenticator app.">
                Enter one of the recovery codes you saved when you set up two-factor authentication. Each works once.
              </Show>
            </p>
            <Show when={error()}>
              <div class="alert alert-error" role="alert" id="code-error">
                {error()}
              </div>
            </Show>
            <form class="form" onSubmit={submitCode}>
              <div class="field">
                <label for="code">{useRecovery() ? "Recovery code" : "Authentication code"}</label>
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
                  ref={codeInput}
                  value={code()}
                  onInput={(e) => setCode(e.currentTarget.value)}
                  aria-invalid={error() ? "true" : undefined}
                  aria-describedby={error() ? "code-error" : undefined}
                />
              </div>
              <button type="submit" class="btn btn-primary btn-block" disabled={busy()} aria-busy={busy()}>
                <Show when={busy()} fallback="Verify">
                  <Spinner />
                  Verifying…
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
                  queueMicrotask(() => codeInput?.focus());
                }}
              >
                {useRecovery() ? "Use the app code instead" : "Use a recovery code"}
              </button>
              <button type="button" class="btn-link" onClick={startOver}>
                Start over
              </button>
            </div>
          </Match>
        </Switch>
      </main>
      <p class="auth-foot">DotMac CRM · Omni-channel CRM and field service for ISPs</p>
    </div>
  );
}
