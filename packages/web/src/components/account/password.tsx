import { A } from "@solidjs/router";
import { createSignal, type JSX, Show } from "solid-js";
import { errorMessage, type PortalName, portalBase } from "../../api";
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import { Spinner } from "../ui";

export const MIN_PASSWORD = 12;

/**
 * The `#token=…` of an emailed link, read once; the fragment is then dropped from the address bar
 * (and so from history, bookmarks and screen shares). Fragments never reach a server or a Referer.
 */
export function takeFragmentToken(): string | undefined {
  // `#token=…` (the emailed links) or a bare `#<token>` (the visit-tracking link).
  const hash = window.location.hash.slice(1);
  const token = hash.includes("=") ? (new URLSearchParams(hash).get("token") ?? undefined) : hash;
  if (window.location.hash) {
    window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  }
  return token || undefined;
}

/**
 * New password and its confirmation, with the 12-character rule shown. `onSubmit` gets the password;
 * its error (an invalid link, a rule the server enforces) is shown in the form's alert.
 */
export function NewPasswordForm(props: {
  submitLabel: string;
  busyLabel: string;
  onSubmit: (password: string) => Promise<void>;
  children?: JSX.Element;
}) {
  const [password, setPassword] = createSignal("");
  const [confirm, setConfirm] = createSignal("");
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let passwordInput: HTMLInputElement | undefined;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    if (password().length < MIN_PASSWORD) {
      setError(t("account.newPassword.tooShort", { n: formatNumber(MIN_PASSWORD) }));
      passwordInput?.focus();
      return;
    }
    if (password() !== confirm()) {
      setError(t("account.newPassword.mismatch"));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit(password());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={submit}>
      <Show when={error()}>
        <div class="alert alert-error" role="alert" id="password-error">
          {error()}
        </div>
      </Show>
      {props.children}
      <div class="field">
        <label for="new-password">{t("account.password.new")}</label>
        <input
          id="new-password"
          name="new-password"
          type="password"
          autocomplete="new-password"
          required
          autofocus
          minLength={MIN_PASSWORD}
          maxLength={1024}
          ref={passwordInput}
          aria-describedby="new-password-hint"
          aria-invalid={error() ? "true" : undefined}
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <span class="field-hint" id="new-password-hint">
          {t("account.newPassword.hint", { n: formatNumber(MIN_PASSWORD) })}
        </span>
      </div>
      <div class="field">
        <label for="confirm-password">{t("account.password.confirm")}</label>
        <input
          id="confirm-password"
          name="confirm-password"
          type="password"
          autocomplete="new-password"
          required
          aria-invalid={error() ? "true" : undefined}
          value={confirm()}
          onInput={(e) => setConfirm(e.currentTarget.value)}
        />
      </div>
      <button type="submit" class="btn btn-primary btn-block" disabled={busy()} aria-busy={busy()}>
        <Show when={busy()} fallback={props.submitLabel}>
          <Spinner />
          {props.busyLabel}
        </Show>
      </button>
    </form>
  );
}

/** The end of a recovery: what happened and the way to the portal's sign-in page. */
export function DoneMessage(props: { portal: PortalName; children: JSX.Element }) {
  return (
    <>
      <p class="alert alert-success" role="status">
        {props.children}
      </p>
      <A class="btn btn-primary btn-block" href={`${portalBase(props.portal)}/login?reason=password-reset`}>
        {t("account.newPassword.signIn")}
      </A>
    </>
  );
}

/** Where the link is missing its token (cut off by a mail client, or opened twice). */
export function BrokenLink(props: { children: JSX.Element }) {
  return (
    <div class="alert alert-error" role="alert">
      {props.children}
    </div>
  );
}
