import { useNavigate } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import { authApi, type PortalName, portalBase } from "../api";
import { homeOf, MfaEnrol } from "../components/account/mfa";
import { AuthCard } from "../components/auth";
import { Spinner } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";
import { loadSession, me, setMe, setUser } from "../session";

/** Two-factor set-up on its own page: where a role or portal that requires it sends an account without it. */
export function MfaSetupPage(props: { portal: PortalName }) {
  useTitle(t("account.mfaSetup.title"));
  const navigate = useNavigate();
  const [ready, setReady] = createSignal(false);

  onMount(async () => {
    const current = await loadSession(props.portal).catch(() => null);
    if (!current) navigate(`${portalBase(props.portal)}/login`, { replace: true });
    else if (current.user.mfaEnabled) navigate(homeOf(props.portal), { replace: true });
    else setReady(true);
  });

  const done = async () => {
    setMe((await authApi(props.portal).me()) ?? null);
    navigate(homeOf(props.portal), { replace: true });
  };

  const signOut = async () => {
    await authApi(props.portal).logout();
    setUser(null);
    navigate(`${portalBase(props.portal)}/login`, { replace: true });
  };

  return (
    <AuthCard
      portal={props.portal}
      wide
      title={t("account.mfaSetup.title")}
      sub={me()?.restriction === "mfa_setup" ? t("account.mfaSetup.required") : t("account.mfaSetup.sub")}
    >
      <Show when={ready()} fallback={<Spinner label={t("account.mfaSetup.loading")} />}>
        <MfaEnrol portal={props.portal} onDone={done} />
      </Show>
      <p class="auth-alt">
        <button type="button" class="btn-link" onClick={signOut}>
          {t("account.mfaSetup.signOut")}
        </button>
      </p>
    </AuthCard>
  );
}

/** The Profile section: status, and turning MFA on, off, or replacing the recovery codes. */
