import { useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { ApiError, api } from "../api";
import { LogoMark } from "../components/icons";
import { Spinner } from "../components/ui";
import { useTitle } from "../format";
import { setUser } from "../session";

export function Login() {
  useTitle("Sign in");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let passwordInput: HTMLInputElement | undefined;

  // The server answers where to go (`redirectTo`): it alone decides whether `next` is safe.
  const next = () => {
    const value = params.next;
    return Array.isArray(value) ? value[0] : value;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.login(email().trim(), password(), next());
      if ("mfaRequired" in result) throw new ApiError(401, "Two-factor sign-in is not available on this page yet");
      setUser(result.user);
      navigate(result.redirectTo, { replace: true });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Something went wrong; please try again.");
      setPassword("");
      passwordInput?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="auth">
      <main class="auth-card" id="main">
        <div class="auth-brand">
          <LogoMark class="logo-mark logo-lg" />
          <span class="brand-name">DotMac CRM</span>
        </div>
        <h1 class="auth-title">Sign in</h1>
        <p class="auth-sub">Staff portal for your ISP operations team.</p>
        <Show when={params.reason === "password-changed" && !error()}>
          <p class="alert alert-info" role="status">
            Your password was changed and every device was signed out. Sign in with your new password.
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
        <form class="form" onSubmit={submit}>
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
            <label for="password">Password</label>
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
      </main>
      <p class="auth-foot">DotMac CRM · Omni-channel CRM and field service for ISPs</p>
    </div>
  );
}
