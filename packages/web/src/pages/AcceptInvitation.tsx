import { createSignal, Show } from "solid-js";
import { authClient, type PortalName, send } from "../api";
import { BrokenLink, DoneMessage, NewPasswordForm, takeFragmentToken } from "../components/account/password";
import { AuthCard } from "../components/auth";
import { useTitle } from "../format";
import { t } from "../i18n";

/**
 * The page an invitation email links to (`/accept-invitation#token=…`): the invitee chooses their
 * password (and may correct their name), then signs in with it.
 */
export function AcceptInvitationPage(props: { portal: PortalName }) {
  useTitle(t("account.invitation.title"));
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
      title={t("account.invitation.title")}
      sub={done() ? t("account.invitation.welcome") : t("account.invitation.sub")}
    >
      <Show when={token} fallback={<BrokenLink>{t("account.invitation.broken")}</BrokenLink>}>
        <Show
          when={!done()}
          fallback={<DoneMessage portal={props.portal}>{t("account.invitation.ready")}</DoneMessage>}
        >
          <NewPasswordForm
            submitLabel={t("account.invitation.submit")}
            busyLabel={t("account.invitation.busy")}
            onSubmit={accept}
          >
            <div class="field">
              <label for="display-name">{t("account.invitation.name")}</label>
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
                {t("account.invitation.nameHint")}
              </span>
            </div>
          </NewPasswordForm>
        </Show>
      </Show>
    </AuthCard>
  );
}
