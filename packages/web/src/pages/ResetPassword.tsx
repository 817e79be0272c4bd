import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { authClient, type PortalName, portalBase, send } from "../api";
import { BrokenLink, DoneMessage, NewPasswordForm, takeFragmentToken } from "../components/account/password";
import { AuthCard } from "../components/auth";
import { useTitle } from "../format";

export function ResetPasswordPage(props: { portal: PortalName }) {
  useTitle("Choose a new password");
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
      title="Choose a new password"
      sub={done() ? "All done." : "Pick a password you do not use anywhere else."}
    >
      <Show
        when={token}
        fallback={
          <>
            <BrokenLink>This link is incomplete or was already opened. Ask for a new one.</BrokenLink>
            <A class="btn btn-primary btn-block" href={`${base}/forgot-password`}>
              Email me a new link
            </A>
          </>
        }
      >
        <Show
          when={!done()}
          fallback={
            <DoneMessage portal={props.portal}>
              Your password is set and every device was signed out. Sign in with your new password.
            </DoneMessage>
          }
        >
          <NewPasswordForm submitLabel="Set password" busyLabel="Saving…" onSubmit={reset} />
          <p class="auth-alt">
            Link expired? <A href={`${base}/forgot-password`}>Email me a new one</A>
          </p>
        </Show>
      </Show>
    </AuthCard>
  );
}
