import { useNavigate } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import { authApi, type PortalName, portalBase } from "../api";
import { PasswordForm } from "../components/account/security";
import { AuthCard } from "../components/auth";
import { Spinner } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";
import { loadSession, setUser } from "../session";

/**
 * The page an account lands on after signing in when an administrator requires a new password: the
 * session works for nothing else until it is changed. No token is involved (nothing in any URL);
 * changing it signs every session out, so the user signs in again with the new password.
 */
export function ChangePasswordPage(props: { portal: PortalName }) {
  useTitle(t("account.changePassword.title"));
  const navigate = useNavigate();
  const [ready, setReady] = createSignal(false);
  const login = `${portalBase(props.portal)}/login`;

  onMount(async () => {
    const current = await loadSession(props.portal).catch(() => null);
    if (!current) navigate(login, { replace: true });
    else setReady(true);
  });

  const signOut = async () => {
    await authApi(props.portal).logout();
    setUser(null);
    navigate(login, { replace: true });
  };

  return (
    <AuthCard
      portal={props.portal}
      wide
      title={t("account.changePassword.title")}
      sub={t("account.changePassword.sub")}
    >
      <Show when={ready()} fallback={<Spinner label={t("account.mfaSetup.loading")} />}>
        <PasswordForm
          portal={props.portal}
          onChanged={() => {
            setUser(null);
            navigate(`${login}?reason=password-changed`, { replace: true });
          }}
        />
      </Show>
      <p class="auth-alt">
        <button type="button" class="btn-link" onClick={signOut}>
          {t("account.mfaSetup.signOut")}
        </button>
      </p>
    </AuthCard>
  );
}
