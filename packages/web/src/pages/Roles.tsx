import { createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../api";
import { AlertIcon, PlusIcon, ShieldIcon } from "../components/icons";
import { ConfirmAction } from "../components/kit/ConfirmAction";
import { Badge, EmptyState, ErrorState, Panel, Skeleton } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";
import { JSON_HEADERS, type PermissionGroups, portalLabel, type Role } from "./Users";

const endpoint = client.api.v1.roles;

/** What each area of keys covers, for the picker's headings. */
const areaLabel: Record<string, string> = {
  audit: "Audit log",
  auth: "Users and sign-in",
  system: "System",
  rbac: "Roles and permissions",
  customer: "Customers",
  subscribers: "Subscribers",
  network: "Network",
  operations: "Operations",
  support: "Support",
  crm: "CRM",
  project: "Projects",
  vendor: "Vendor",
  vendors: "Vendor quotes",
  inventory: "Inventory",
  gis: "Maps (GIS)",
  reports: "Reports",
  field: "Field service",
};

/** The permission picker: one collapsible group per area, with how many of its keys are chosen. */
function PermissionPicker(props: { groups: PermissionGroups; selected: Set<string> }) {
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
function RoleDialog(props: {
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

function RolesTable(props: { items: Role[]; onEdit: (role: Role) => void; onChanged: () => void }) {
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

/** Roles: the built-in ones (keys in code, MFA switchable) and custom ones built from permission keys. */
export function RolesPage() {
  useTitle("Roles and permissions");
  const [items, setItems] = createSignal<Role[]>();
  const [groups, setGroups] = createSignal<PermissionGroups>([]);
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [session, setSession] = createSignal<{ role: Role | undefined }>({ role: undefined });
  let dialog: HTMLDialogElement | undefined;

  const load = async () => {
    setLoading(true);
    try {
      const [roles, keys] = await Promise.all([
        send(endpoint.$get()).then((res) => res.json()),
        send(endpoint.permissions.$get()).then((res) => res.json()),
      ]);
      setItems(roles.items);
      setGroups(keys.groups);
      setError(undefined);
    } catch (failure) {
      setItems(undefined);
      setError(errorMessage(failure));
    } finally {
      setLoading(false);
    }
  };
  onMount(load);

  const openDialog = (role?: Role) => {
    setSession({ role });
    dialog?.showModal();
  };

  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Roles and permissions</h1>
          <p class="page-sub">
            A role is a named set of permission keys. Built-in roles get their keys from the code; administrators hold
            every key.
          </p>
        </div>
        <div class="page-actions">
          <button type="button" class="btn btn-primary" onClick={() => openDialog()}>
            <PlusIcon />
            Create role
          </button>
        </div>
      </div>

      <RoleDialog
        ref={(el) => {
          dialog = el;
        }}
        session={session()}
        groups={groups()}
        onSaved={load}
        onClose={() => dialog?.close()}
      />

      <Switch>
        <Match when={error()}>
          <ErrorState title="Could not load the roles" detail={error() ?? ""} onRetry={load} busy={loading()} />
        </Match>
        <Match when={items()}>
          {(list) => (
            <Panel id="roles-title" title={<>Roles</>} sub="Built-in roles first, then custom roles by name.">
              <Show when={list().length > 0} fallback={<EmptyState icon={<ShieldIcon />} title="No roles yet" />}>
                <RolesTable items={list()} onEdit={openDialog} onChanged={load} />
              </Show>
            </Panel>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <For each={[1, 2, 3, 4]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
