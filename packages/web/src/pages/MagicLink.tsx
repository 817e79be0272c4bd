import { A, useNavigate } from "@solidjs/router";
import { createSignal, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import { authApi, client, errorMessage, type PortalName, portalBase, send } from "../api";
import { BrokenLink, takeFragmentToken } from "../components/account/password";
import { AuthCard, landAfterSignIn, MfaCodeForm } from "../components/auth";
import { Spinner } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";

const magicLink = client.api.v1.customer.auth["magic-link"];

/**
 * Customer sign-in without a password. Without a token: ask for a link by email (the same answer
 * whether or not the email has an account). With `#token=…` from that email: sign in with it, and
 * ask for the authenticator code when the account has two-factor authentication on.
 */
export function MagicLinkPage(props: { portal: PortalName }) {
  useTitle(t("account.magic.pageTitle"));
  const navigate = useNavigate();
  const base = portalBase(props.portal);
  const initial = takeFragmentToken();
  const [hadToken, setHadToken] = createSignal(false);
  const [email, setEmail] = createSignal("");
  const [sentTo, setSentTo] = createSignal<string>();
  const [verifying, setVerifying] = createSignal(Boolean(initial));
  const [mfaToken, setMfaToken] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const verify = async (token: string) => {
    setHadToken(true);
    setSentTo(undefined);
    setVerifying(true);
    setError(undefined);
    try {
      const result = await (await send(magicLink.verify.$post({ json: { token } }), { on401: "throw" })).json();
      if ("mfaRequired" in result) setMfaToken(result.mfaToken);
      else await landAfterSignIn(props.portal, result, navigate);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setVerifying(false);
    }
  };

  // The link may also be opened in the tab that asked for it: only the fragment changes then.
  const onHashChange = () => {
    const token = takeFragmentToken();
    if (token) void verify(token);
  };
  onMount(() => {
    window.addEventListener("hashchange", onHashChange);
    if (initial) void verify(initial);
  });
  onCleanup(() => window.removeEventListener("hashchange", onHashChange));

  const run = async (event: SubmitEvent, step: () => Promise<void>) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      await step();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const request = (event: SubmitEvent) =>
    run(event, async () => {
      const address = email().trim();
      await send(magicLink.$post({ json: { email: address } }), { on401: "throw" });
      setSentTo(address);
    });

  const verifyCode = async (code: string) => {
    const pending = mfaToken();
    if (pending) await landAfterSignIn(props.portal, await authApi(props.portal).verifyMfa(pending, code), navigate);
  };

  const errorAlert = () => (
    <Show when={error()}>
      <BrokenLink>{error()}</BrokenLink>
    </Show>
  );

  return (
    <AuthCard portal={props.portal} title={mfaToken() ? t("auth.twoFactor") : t("account.magic.title")}>
      <Switch>
        <Match when={verifying()}>
          <p class="auth-sub" role="status">
            <Spinner /> {t("account.magic.signingIn")}
          </p>
        </Match>
        <Match when={mfaToken()}>
          <MfaCodeForm verify={verifyCode} />
        </Match>
        <Match when={sentTo()}>
          <p class="auth-sub">{t("account.magic.checkInbox")}</p>
          <p class="alert alert-success" role="status">
            {t("account.magic.sent", { email: sentTo() ?? "" })}
          </p>
          <p class="auth-alt">
            <button type="button" class="btn-link" onClick={() => setSentTo(undefined)}>
              {t("account.magic.other")}
            </button>
          </p>
        </Match>
        <Match when={true}>
          <p class="auth-sub">{hadToken() ? t("account.magic.askAgain") : t("account.magic.ask")}</p>
          {errorAlert()}
          <form class="form" onSubmit={request}>
            <div class="field">
              <label for="email">{t("account.magic.email")}</label>
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
            <button type="submit" class="btn btn-primary btn-block" disabled={busy()} aria-busy={busy()}>
              <Show when={busy()} fallback={t("account.magic.submit")}>
                <Spinner />
                {t("account.magic.busy")}
              </Show>
            </button>
          </form>
        </Match>
      </Switch>
      <p class="auth-alt">
        {t("account.magic.havePassword")} <A href={`${base}/login`}>{t("account.magic.withPassword")}</A>
      </p>
    </AuthCard>
  );
}
