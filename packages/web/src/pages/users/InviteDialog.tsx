import { createMemo, createSignal, For } from "solid-js";
import { read } from "../../api";
import { endpoint, type PortalName, portalLabel, portalNames, type Role, RolePicker } from "../../components/access";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { t } from "../../i18n";

/** Invites an account to any portal; the roles offered follow the portal chosen. */
export function InviteDialog(props: { ref: (el: HTMLDialogElement) => void; roles: Role[]; onInvited: () => void }) {
  const [portal, setPortal] = createSignal<PortalName>("staff");
  const [sent, setSent] = createSignal<string>();
  let dialog: HTMLDialogElement | undefined;
  // What the dialog shows once the invitation is on its way (a memo: built once per invitation).
  const done = createMemo(() => {
    const email = sent();
    return email === undefined ? undefined : (
      <div class="form">
        <div class="alert alert-success" role="status">
          {t("admin.invite.sent", { email })}
        </div>
        <div class="dialog-actions">
          <button type="button" class="btn btn-primary" onClick={() => dialog?.close()}>
            {t("admin.invite.done")}
          </button>
        </div>
      </div>
    );
  });

  return (
    <DialogForm
      id="invite"
      ref={(el) => {
        dialog = el;
        props.ref(el);
      }}
      title={t("admin.invite.title")}
      submitLabel={t("admin.invite.submit")}
      busyLabel={t("admin.invite.busy")}
      submit={async (form) => {
        const data = new FormData(form);
        const json = {
          portal: portal(),
          email: String(data.get("email") ?? "").trim(),
          displayName: String(data.get("displayName") ?? "").trim(),
          roles: data.getAll("roles").map(String),
        };
        setSent((await read(endpoint.$post({ json }))).user.email);
        props.onInvited();
      }}
      onClose={() => {
        setSent(undefined);
        setPortal("staff");
      }}
      done={done()}
    >
      {(errors) => (
        <>
          <Field id="invite-portal" label={t("admin.portal")} error={errors.field("portal")}>
            {(aria) => (
              <select
                {...aria}
                name="portal"
                value={portal()}
                onChange={(e) => setPortal(e.currentTarget.value as PortalName)}
              >
                <For each={portalNames}>{(p) => <option value={p}>{portalLabel(p)}</option>}</For>
              </select>
            )}
          </Field>
          <Field id="invite-email" label={t("admin.invite.email")} error={errors.field("email")}>
            {(aria) => <input {...aria} name="email" type="email" required maxLength={320} autocomplete="off" />}
          </Field>
          <Field id="invite-name" label={t("admin.invite.name")} error={errors.field("displayName")}>
            {(aria) => <input {...aria} name="displayName" required maxLength={200} autocomplete="off" />}
          </Field>
          <RolePicker
            roles={props.roles}
            portal={portal()}
            selected={[]}
            name="roles"
            idPrefix="invite-role"
            error={errors.field("roles")}
          />
        </>
      )}
    </DialogForm>
  );
}
