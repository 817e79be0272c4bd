import { useNavigate } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import { authApi, type PortalName, portalBase } from "../api";
import { homeOf, MfaEnrol } from "../components/account/mfa";
import { AuthCard } from "../components/auth";
import { Spinner } from "../components/ui";
import { useTitle } from "../format";
import { loadSession, me, setMe, setUser } from "../session";

export function MfaSetupPage(props: { portal: PortalName }) {
  useTitle("Set up two-factor authentication");
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
      title="Set up two-factor authentication"
      sub={
        <Show when={me()?.restriction === "mfa_setup"} fallback="Protect your account with a code from your phone.">
          Your account requires a second step at sign-in. Set it up to continue.
        </Show>
      }
    >
      <Show when={ready()} fallback={<Spinner label="Loading" />}>
        <MfaEnrol portal={props.portal} onDone={done} />
      </Show>
      <p class="auth-alt">
        <button type="button" class="btn-link" onClick={signOut}>
          Sign out instead
        </button>
      </p>
    </AuthCard>
  );
}

/** The Profile section: status, and turning MFA on, off, or replacing the recovery codes. */
