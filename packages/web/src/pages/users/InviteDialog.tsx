import { createSignal, For, Show } from "solid-js";
import { errorMessage, send } from "../../api";
import { endpoint, type PortalName, portalLabel, portalNames, type Role, RolePicker } from "../../components/access";
import { ErrorAlert } from "../../components/kit/Alert";

export function InviteDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  roles: Role[];
  onInvited: () => void;
  onClose: () => void;
}) {
  const [portal, setPortal] = createSignal<PortalName>("staff");
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [sent, setSent] = createSignal<string>();
  let form: HTMLFormElement | undefined;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      const json = {
        portal: portal(),
        email: String(data.get("email") ?? "").trim(),
        displayName: String(data.get("displayName") ?? "").trim(),
        roles: data.getAll("roles").map(String),
      };
      const res = await send(endpoint.$post({ json }));
      setSent((await res.json()).user.email);
      props.onInvited();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setError(undefined);
    setSent(undefined);
    setPortal("staff");
    form?.reset();
    props.onClose();
  };

  return (
    <dialog class="dialog" ref={props.ref} aria-labelledby="invite-title" onClose={close}>
      <div class="dialog-head">
        <h2 id="invite-title" class="panel-title">
          Invite a user
        </h2>
      </div>
      <Show
        when={sent()}
        fallback={
          <form class="form dialog-body" ref={form} onSubmit={submit}>
            <div class="field">
              <label for="invite-portal">Portal</label>
              <select
                id="invite-portal"
                name="portal"
                value={portal()}
                onChange={(e) => setPortal(e.currentTarget.value as PortalName)}
              >
                <For each={portalNames}>{(p) => <option value={p}>{portalLabel[p]}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="invite-email">Email</label>
              <input id="invite-email" name="email" type="email" required maxLength={320} autocomplete="off" />
            </div>
            <div class="field">
              <label for="invite-name">Name</label>
              <input id="invite-name" name="displayName" required maxLength={200} autocomplete="off" />
            </div>
            <RolePicker roles={props.roles} portal={portal()} selected={[]} name="roles" idPrefix="invite-role" />
            <ErrorAlert message={error()} />
            <div class="dialog-actions">
              <button type="button" class="btn btn-secondary" onClick={() => close()}>
                Cancel
              </button>
              <button type="submit" class="btn btn-primary" disabled={busy()}>
                {busy() ? "Inviting…" : "Send invitation"}
              </button>
            </div>
          </form>
        }
      >
        <div class="form dialog-body">
          <div class="alert alert-success" role="status">
            Invitation sent to {sent()}. The link works for an hour; you can send a fresh one from their details.
          </div>
          <div class="dialog-actions">
            <button type="button" class="btn btn-primary" onClick={() => close()}>
              Done
            </button>
          </div>
        </div>
      </Show>
    </dialog>
  );
}

/** Everything an administrator can do to one account, in a side drawer. */
