import { useNavigate } from "@solidjs/router";
import { createSignal } from "solid-js";
import { authApi, errorMessage, fieldMessage, type PortalName, portalBase } from "../../api";
import { useNow } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { setUser } from "../../session";
import { ErrorAlert } from "../kit/Alert";
import { Field, invalid } from "../kit/DialogForm";
import { Panel } from "../ui";
import { MfaSection } from "./mfa";
import { SessionsTable } from "./sessions";

/**
 * Current, new and confirmation. The server's refusals land on the field they name (a wrong
 * current password, a rule the new one breaks); a mismatch is caught before sending.
 */
export function PasswordForm(props: { portal: PortalName; onChanged: () => void }) {
  const [failure, setFailure] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const current = String(data.get("current") ?? "");
    const next = String(data.get("next") ?? "");
    setFailure(undefined);
    if (next !== String(data.get("confirm") ?? "")) {
      setFailure(invalid("confirm", t("account.password.mismatch")));
      return;
    }
    setBusy(true);
    try {
      await authApi(props.portal).changePassword(current, next);
      props.onChanged();
    } catch (error) {
      setFailure(() => error);
    } finally {
      setBusy(false);
    }
  };
  const onField = (path: string) => fieldMessage(failure(), path);
  // Above the fields: what to do when the refusal names one of them, else the server's whole message.
  const general = () => {
    const error = failure();
    if (error === undefined) return undefined;
    return ["current", "next", "confirm"].some((p) => onField(p)) ? t("kit.form.fix") : errorMessage(error);
  };

  return (
    <form class="form profile-form" onSubmit={submit}>
      <ErrorAlert message={general()} />
      <Field id="current-password" label={t("account.password.current")} error={onField("current")}>
        {(aria) => <input {...aria} name="current" type="password" autocomplete="current-password" required />}
      </Field>
      <Field
        id="new-password"
        label={t("account.password.new")}
        hint={t("account.password.hint")}
        error={onField("next")}
      >
        {(aria) => <input {...aria} name="next" type="password" autocomplete="new-password" required minLength={12} />}
      </Field>
      <Field id="confirm-password" label={t("account.password.confirm")} error={onField("confirm")}>
        {(aria) => <input {...aria} name="confirm" type="password" autocomplete="new-password" required />}
      </Field>
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy()} aria-busy={busy()}>
          {busy() ? t("account.password.busy") : t("account.password.submit")}
        </button>
      </div>
    </form>
  );
}

/**
 * A signed-in account's security, in any portal: change the password, two-factor authentication,
 * and the sessions where it is signed in (ending any of them).
 */
export function AccountSecurity(props: { portal: PortalName }) {
  const navigate = useNavigate();
  const now = useNow();
  const sessions = createLoad(() => authApi(props.portal).sessions());

  /** Every session ended (password changed) or this one did: back to sign-in. */
  const signedOut = (reason: string) => {
    setUser(null);
    navigate(`${portalBase(props.portal)}/login?reason=${reason}`, { replace: true });
  };

  return (
    <>
      <Panel id="password-title" title={t("account.password.title")} sub={t("account.password.sub")}>
        <PasswordForm portal={props.portal} onChanged={() => signedOut("password-changed")} />
      </Panel>

      <MfaSection portal={props.portal} />

      <Panel id="sessions-title" title={t("account.sessions.title")} sub={t("account.sessions.sub")}>
        <SessionsTable
          portal={props.portal}
          items={sessions.data()}
          loading={sessions.loading()}
          error={sessions.error()}
          onRetry={sessions.refresh}
          now={now}
          onRevoked={(current) => (current ? signedOut("signed-out") : void sessions.refresh())}
        />
      </Panel>
    </>
  );
}
