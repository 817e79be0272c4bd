import { createSignal, For, Match, Show, Switch } from "solid-js";
import { errorMessage, JSON_HEADERS, send } from "../../api";
import { portalLabel, type Role } from "../../components/access";
import { AlertIcon } from "../../components/icons";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { Badge } from "../../components/ui";
import { t } from "../../i18n";
import { endpoint } from "./shared";

export function RolesTable(props: { items: Role[]; onEdit: (role: Role) => void; onChanged: () => void }) {
  const [error, setError] = createSignal<string>();
  const [toggling, setToggling] = createSignal<string>();

  const setMfa = async (role: Role, mfaRequired: boolean, box: HTMLInputElement) => {
    setToggling(role.name);
    setError(undefined);
    try {
      await send(endpoint[":name"].$patch({ param: { name: role.name }, json: { mfaRequired } }));
      props.onChanged();
    } catch (failure) {
      box.checked = !mfaRequired;
      setError(`Could not change ${role.name}: ${errorMessage(failure)}`);
    } finally {
      setToggling(undefined);
    }
  };

  const remove = async (role: Role) => {
    setError(undefined);
    try {
      await send(endpoint[":name"].$delete({ param: { name: role.name } }, JSON_HEADERS));
      props.onChanged();
    } catch (failure) {
      setError(`Could not delete ${role.name}: ${errorMessage(failure)}`);
    }
  };

  return (
    <>
      <Show when={error()}>
        <div class="alert alert-error alert-row" role="alert">
          <AlertIcon />
          <span>{error()}</span>
        </div>
      </Show>
      <div class="table-wrap">
        <table class="table table-stack roles-table">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Portal</th>
              <th scope="col">Permissions</th>
              <th scope="col">Holders</th>
              <th scope="col">MFA required</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.items}>
              {(role) => (
                <tr>
                  <th scope="row" class="row-title">
                    <div>
                      <code>{role.name}</code>{" "}
                      <Show when={role.builtin}>
                        <Badge tone="info">Built-in</Badge>
                      </Show>
                      <span class="sub">{role.description}</span>
                    </div>
                  </th>
                  <td data-label="Portal">{portalLabel[role.portal]}</td>
                  <td data-label="Permissions">
                    <Switch>
                      <Match when={role.permissions.includes("*")}>Everything</Match>
                      <Match when={role.permissions.length === 0}>
                        <span class="muted">None</span>
                      </Match>
                      <Match when={true}>
                        <details class="role-keys">
                          <summary>{t("count.permission", role.permissions.length)}</summary>
                          <ul>
                            <For each={role.permissions}>
                              {(p) => (
                                <li>
                                  <code>{p}</code>
                                </li>
                              )}
                            </For>
                          </ul>
                        </details>
                      </Match>
                    </Switch>
                  </td>
                  <td data-label="Holders">{role.holders}</td>
                  <td data-label="MFA required">
                    <label class="check" for={`mfa-${role.name}`}>
                      <input
                        id={`mfa-${role.name}`}
                        class="check-box"
                        type="checkbox"
                        checked={role.mfaRequired}
                        disabled={toggling() === role.name}
                        aria-label={`Require MFA for ${role.name}`}
                        onChange={(e) => setMfa(role, e.currentTarget.checked, e.currentTarget)}
                      />
                      <span aria-hidden="true">{role.mfaRequired ? "Required" : "Optional"}</span>
                    </label>
                  </td>
                  <td data-label="Actions" class="nowrap">
                    <Show when={!role.builtin} fallback={<span class="muted">Keys set in code</span>}>
                      <div class="button-row">
                        <button
                          type="button"
                          class="btn btn-secondary"
                          aria-label={`Edit ${role.name}`}
                          onClick={() => props.onEdit(role)}
                        >
                          Edit
                        </button>
                        <ConfirmAction
                          label="Delete"
                          prompt={
                            <>
                              Delete {role.name}?{" "}
                              {role.holders > 0
                                ? `${t("count.account", role.holders)} will lose it.`
                                : "No one holds it."}
                            </>
                          }
                          confirmLabel="Confirm delete"
                          busyLabel="Deleting…"
                          danger
                          run={() => remove(role)}
                        />
                      </div>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}
