import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { authClient, type PortalName, portalBase, send } from "../api";
import { BrokenLink, DoneMessage, NewPasswordForm, takeFragmentToken } from "../components/account/password";
import { AuthCard } from "../components/auth";
import { useTitle } from "../format";
import { t } from "../i18n";

/**
 * The page a password-reset email links to (`/reset-password#token=…`): choose a new password.
 * Setting it signs every device out; the user then signs in with it.
 */
export function ResetPasswordPage(props: { portal: PortalName }) {
  useTitle(t("account.reset.title"));
  const token = takeFragmentToken();
  const base = portalBase(props.portal);
  const [done, setDone] = createSignal(false);

  const reset = async (password: string) => {
    if (!token) return;
    await send(authClient(props.portal).password.reset.$post({ json: { token, password } }), { on401: "throw" });
    setDone(true);
  };

  return (
    <AuthCard
      portal={props.portal}
      title={t("account.reset.title")}
      sub={done() ? t("account.reset.done") : t("account.reset.sub")}
    >
      <Show
        when={token}
        fallback={
          <>
            <BrokenLink>{t("account.reset.broken")}</BrokenLink>
            <A class="btn btn-primary btn-block" href={`${base}/forgot-password`}>
              {t("account.reset.newLink")}
            </A>
          </>
        }
      >
        <Show when={!done()} fallback={<DoneMessage portal={props.portal}>{t("account.reset.set")}</DoneMessage>}>
          <NewPasswordForm
            submitLabel={t("account.reset.submit")}
            busyLabel={t("account.reset.busy")}
            onSubmit={reset}
          />
          <p class="auth-alt">
            {t("account.reset.expired")} <A href={`${base}/forgot-password`}>{t("account.reset.newOne")}</A>
          </p>
        </Show>
      </Show>
    </AuthCard>
  );
}
