import { createSignal, For, Show } from "solid-js";
import { errorMessage, send } from "../../api";
import type { PermissionGroups, Role } from "../../components/access";
import { AlertIcon } from "../../components/icons";
import { areaLabel, endpoint } from "./shared";

/** The permission picker: one collapsible group per area, with how many of its keys are chosen. */
export function PermissionPicker(props: { groups: PermissionGroups; selected: Set<string> }) {
  const [chosen, setChosen] = createSignal(new Set(props.selected));
  const toggle = (key: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  return (
    <fieldset class="field scope-list permission-picker">
      <legend>Permissions ({chosen().size} chosen)</legend>
      <For each={props.groups}>
        {(group) => {
          const count = () => group.permissions.filter((p) => chosen().has(p)).length;
          return (
            <details class="permission-group" open={count() > 0}>
              <summary>
                <span>{areaLabel[group.area] ?? group.area}</span> <code class="muted">{group.area}:…</code>{" "}
                <span class="muted">
                  {count()} of {group.permissions.length}
                </span>
              </summary>
              <div class="permission-keys">
                <For each={group.permissions}>
                  {(key) => (
                    <label class="check">
                      <input
                        class="check-box"
                        type="checkbox"
                        name="permissions"
                        value={key}
                        checked={chosen().has(key)}
                        onChange={(e) => toggle(key, e.currentTarget.checked)}
                      />
                      <code>{key}</code>
                    </label>
                  )}
                </For>
              </div>
            </details>
          );
        }}
      </For>
    </fieldset>
  );
}

/** Create a custom role, or edit one (its name stays). */
export function RoleDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  /** A fresh object per opening, so the form starts from the role's values (or empty) every time. */
  session: { role: Role | undefined };
  groups: PermissionGroups;
  onSaved: () => void;
  onClose: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const description = String(data.get("description") ?? "").trim();
    const permissions = data.getAll("permissions").map(String);
    const mfaRequired = data.get("mfaRequired") === "on";
    setBusy(true);
    setError(undefined);
    try {
      const editing = props.session.role;
      if (editing) {
        await send(
          endpoint[":name"].$patch({ param: { name: editing.name }, json: { description, permissions, mfaRequired } }),
        );
      } else {
        const name = String(data.get("name") ?? "").trim();
        await send(endpoint.$post({ json: { name, description, permissions, mfaRequired } }));
      }
      props.onSaved();
      props.onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      class="dialog dialog-wide"
      ref={props.ref}
      aria-labelledby="role-dialog-title"
      onClose={() => {
        setError(undefined);
        props.onClose();
      }}
    >
      <div class="dialog-head">
        <h2 id="role-dialog-title" class="panel-title">
          {props.session.role ? `Edit role ${props.session.role.name}` : "Create a role"}
        </h2>
      </div>
      <Show when={props.session} keyed>
        {({ role }) => (
          <form class="form dialog-body" onSubmit={submit}>
            <Show when={!role}>
              <div class="field">
                <label for="role-name">Name</label>
                <input
                  id="role-name"
                  name="name"
                  required
                  pattern="[a-z][a-z0-9_]{1,49}"
                  maxLength={50}
                  autocomplete="off"
                  aria-describedby="role-name-hint"
                />
                <span id="role-name-hint" class="field-hint">
                  Lower-case letters, digits and _, starting with a letter (e.g. billing_desk).
                </span>
              </div>
            </Show>
            <div class="field">
              <label for="role-description">Description</label>
              <input id="role-description" name="description" maxLength={500} value={role?.description ?? ""} />
            </div>
            <label class="check" for="role-mfa">
              <input
                id="role-mfa"
                class="check-box"
                type="checkbox"
                name="mfaRequired"
                checked={role?.mfaRequired ?? false}
              />
              <span>
                Require two-factor sign-in
                <span class="sub">Holders must set up MFA before they can do anything else.</span>
              </span>
            </label>
            <PermissionPicker groups={props.groups} selected={new Set(role?.permissions ?? [])} />
            <Show when={error()}>
              <div class="alert alert-error alert-row" role="alert">
                <AlertIcon />
                <span>{error()}</span>
              </div>
            </Show>
            <div class="dialog-actions">
              <button type="button" class="btn btn-secondary" onClick={() => props.onClose()}>
                Cancel
              </button>
              <button type="submit" class="btn btn-primary" disabled={busy()}>
                {busy() ? "Saving…" : role ? "Save role" : "Create role"}
              </button>
            </div>
          </form>
        )}
      </Show>
    </dialog>
  );
}
