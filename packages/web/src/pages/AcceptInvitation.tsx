import { createSignal, Show } from "solid-js";
import { authClient, type PortalName, send } from "../api";
import { BrokenLink, DoneMessage, NewPasswordForm, takeFragmentToken } from "../components/account/password";
import { AuthCard } from "../components/auth";
import { useTitle } from "../format";

/**
 * The page an invitation email links to (`/accept-invitation#token=…`): the invitee chooses their
 * password (and may correct their name), then signs in with it.
 */
export function AcceptInvitationPage(props: { portal: PortalName }) {
  useTitle("Accept your invitation");
  const token = takeFragmentToken();
  const [displayName, setDisplayName] = createSignal("");
  const [done, setDone] = createSignal(false);

  const accept = async (password: string) => {
    if (!token) return;
    const name = displayName().trim();
    const json = name ? { token, password, displayName: name } : { token, password };
    await send(authClient(props.portal).invitations.accept.$post({ json }), { on401: "throw" });
    setDone(true);
  };

  return (
    <AuthCard
      portal={props.portal}
      title="Accept your invitation"
      sub={done() ? "Welcome aboard." : "Choose the password you will sign in with."}
    >
      <Show
        when={token}
        fallback={
          <BrokenLink>
            This invitation link is incomplete or was already opened. Ask your administrator to send a new invitation.
          </BrokenLink>
        }
      >
        <Show
          when={!done()}
          fallback={
            <DoneMessage portal={props.portal}>Your account is ready. Sign in with your new password.</DoneMessage>
          }
        >
          <NewPasswordForm submitLabel="Accept and set password" busyLabel="Setting up…" onSubmit={accept}>
            <div class="field">
              <label for="display-name">Your name (optional)</label>
              <input
                id="display-name"
                name="display-name"
                type="text"
                autocomplete="name"
                maxLength={200}
                aria-describedby="display-name-hint"
                value={displayName()}
                onInput={(e) => setDisplayName(e.currentTarget.value)}
              />
              <span class="field-hint" id="display-name-hint">
                Leave empty to keep the name your administrator entered.
              </span>
            </div>
          </NewPasswordForm>
        </Show>
      </Show>
    </AuthCard>
  );
}
