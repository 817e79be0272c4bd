import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { authClient, errorMessage, type PortalName, portalBase, send } from "../api";
import { AuthCard } from "../components/auth";
import { Spinner } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";

/**
 * Asks for a password-reset email. The answer is the same whether or not the email has an account
 * (the server says so too), so the page never reveals who has one.
 */
export function ForgotPasswordPage(props: { portal: PortalName }) {
  useTitle(t("account.forgot.pageTitle"));
  const base = portalBase(props.portal);
  const [email, setEmail] = createSignal("");
  const [sentTo, setSentTo] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      const address = email().trim();
      await send(authClient(props.portal).password.forgot.$post({ json: { email: address } }), { on401: "throw" });
      setSentTo(address);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard
      portal={props.portal}
      title={t("account.forgot.title")}
      sub={sentTo() ? t("account.forgot.checkInbox") : t("account.forgot.sub")}
    >
      <Show
        when={!sentTo()}
        fallback={
          <>
            <p class="alert alert-success" role="status">
              {t("account.forgot.sent", { email: sentTo() ?? "" })}
            </p>
            <p class="auth-alt">
              <button type="button" class="btn-link" onClick={() => setSentTo(undefined)}>
                {t("account.forgot.other")}
              </button>
            </p>
          </>
        }
      >
        <Show when={error()}>
          <div class="alert alert-error" role="alert" id="forgot-error">
            {error()}
          </div>
        </Show>
        <form class="form" onSubmit={submit}>
          <div class="field">
            <label for="email">{t("account.forgot.email")}</label>
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
              aria-describedby={error() ? "forgot-error" : undefined}
            />
          </div>
          <button type="submit" class="btn btn-primary btn-block" disabled={busy()} aria-busy={busy()}>
            <Show when={busy()} fallback={t("account.forgot.submit")}>
              <Spinner />
              {t("account.forgot.busy")}
            </Show>
          </button>
        </form>
      </Show>
      <p class="auth-alt">
        {t("account.forgot.remembered")} <A href={`${base}/login`}>{t("account.forgot.back")}</A>
      </p>
    </AuthCard>
  );
}
