import { createEffect, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { errorMessage, JSON_HEADERS, send } from "../../api";
import {
  type Detail,
  endpoint,
  type PermissionGroups,
  portalLabel,
  type Role,
  RolePicker,
  StatusBadges,
} from "../../components/access";
import { ErrorAlert } from "../../components/kit/Alert";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { ErrorState, RelativeTime, Skeleton } from "../../components/ui";
import { t } from "../../i18n";

export function UserDrawer(props: {
  ref: (el: HTMLDialogElement) => void;
  id: string | undefined;
  roles: Role[];
  groups: PermissionGroups;
  now: number;
  onChanged: () => void;
  onClose: () => void;
}) {
  const [user, setUser] = createSignal<Detail>();
  const [loadError, setLoadError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [saving, setSaving] = createSignal<string>();

  const load = async (id: string) => {
    setLoadError(undefined);
    try {
      const res = await send(endpoint[":id"].$get({ param: { id } }));
      setUser((await res.json()).user);
    } catch (failure) {
      setLoadError(errorMessage(failure));
    }
  };

  createEffect(
    on(
      () => props.id,
      (id) => {
        setUser(undefined);
        setError(undefined);
        setNotice(undefined);
        if (id) void load(id);
      },
    ),
  );

  /** Runs one change, shows what happened, reloads the account and tells the list. */
  const act = async (what: string, done: string, change: (id: string) => Promise<unknown>) => {
    const id = props.id;
    if (!id) return;
    setSaving(what);
    setError(undefined);
    setNotice(undefined);
    try {
      await change(id);
      setNotice(done);
      await load(id);
      props.onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(undefined);
    }
  };

  const saveRoles = (event: SubmitEvent) => {
    event.preventDefault();
    const roles = new FormData(event.currentTarget as HTMLFormElement).getAll("roles").map(String);
    void act("roles", "Roles saved.", (id) => send(endpoint[":id"].roles.$put({ param: { id }, json: { roles } })));
  };

  const saveName = (event: SubmitEvent) => {
    event.preventDefault();
    const displayName = String(new FormData(event.currentTarget as HTMLFormElement).get("displayName") ?? "").trim();
    void act("name", "Name saved.", (id) => send(endpoint[":id"].$patch({ param: { id }, json: { displayName } })));
  };

  const addGrant = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const permission = String(new FormData(form).get("permission") ?? "");
    if (!permission) {
      setError("Choose a permission to grant.");
      return;
    }
    void act("grant", `Granted ${permission}.`, async (id) => {
      await send(endpoint[":id"].grants.$post({ param: { id }, json: { permission } }));
      form.reset();
    });
  };

  const held = () => new Set(user()?.grants.map((g) => g.permission) ?? []);

  return (
    <dialog class="dialog drawer" ref={props.ref} aria-labelledby="user-drawer-title" onClose={() => props.onClose()}>
      <div class="dialog-head drawer-head">
        <h2 id="user-drawer-title" class="panel-title">
          {user()?.displayName ?? "User"}
        </h2>
        <button type="button" class="btn btn-secondary btn-small" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
      <div class="dialog-body drawer-body">
        <Switch>
          <Match when={loadError()}>
            <ErrorState
              title="Could not load this user"
              detail={loadError() ?? ""}
              onRetry={() => props.id && load(props.id)}
            />
          </Match>
          <Match when={user()}>
            {(u) => (
              <>
                <dl class="kv user-facts">
                  <div>
                    <dt>Email</dt>
                    <dd>{u().email}</dd>
                  </div>
                  <div>
                    <dt>Portal</dt>
                    <dd>{portalLabel[u().portal]}</dd>
                  </div>
                  <div>
                    <dt>Status</dt>
                    <dd>
                      <StatusBadges user={u()} />
                    </dd>
                  </div>
                  <div>
                    <dt>Last sign-in</dt>
                    <dd>
                      <RelativeTime at={u().lastLoginAt} now={props.now} fallback="Never" />
                    </dd>
                  </div>
                  <div>
                    <dt>Sessions</dt>
                    <dd>{t("count.activeSession", u().activeSessions)}</dd>
                  </div>
                </dl>

                <div role="status" aria-live="polite" class={notice() ? "alert alert-success" : "sr-only"}>
                  {notice()}
                </div>
                <ErrorAlert message={error()} />

                <section class="drawer-section" aria-labelledby="drawer-name">
                  <h3 id="drawer-name" class="drawer-section-title">
                    Name
                  </h3>
                  <form class="field inline-form" onSubmit={saveName}>
                    <label for="drawer-display-name" class="sr-only">
                      Display name
                    </label>
                    <input
                      id="drawer-display-name"
                      name="displayName"
                      required
                      maxLength={200}
                      value={u().displayName}
                    />
                    <button type="submit" class="btn btn-secondary" disabled={saving() === "name"}>
                      {saving() === "name" ? "Saving…" : "Save name"}
                    </button>
                  </form>
                </section>

                <section class="drawer-section" aria-labelledby="drawer-roles">
                  <h3 id="drawer-roles" class="drawer-section-title">
                    Roles
                  </h3>
                  <form onSubmit={saveRoles}>
                    <RolePicker
                      roles={props.roles}
                      portal={u().portal}
                      selected={u().roles}
                      name="roles"
                      idPrefix="drawer-role"
                      quietLegend
                    />
                    <Show when={props.roles.some((r) => r.portal === u().portal)}>
                      <button type="submit" class="btn btn-primary" disabled={saving() === "roles"}>
                        {saving() === "roles" ? "Saving…" : "Save roles"}
                      </button>
                    </Show>
                  </form>
                </section>

                <Show when={u().portal === "staff"}>
                  <section class="drawer-section" aria-labelledby="drawer-grants">
                    <h3 id="drawer-grants" class="drawer-section-title">
                      Direct grants
                    </h3>
                    <p class="muted">Permissions held on top of the roles above.</p>
                    <Show when={u().grants.length > 0} fallback={<p class="muted">No direct grants.</p>}>
                      <ul class="grant-list">
                        <For each={u().grants}>
                          {(g) => (
                            <li>
                              <code>{g.permission}</code>
                              <button
                                type="button"
                                class="btn btn-secondary btn-small"
                                aria-label={`Remove grant ${g.permission}`}
                                disabled={saving() === `revoke:${g.permission}`}
                                onClick={() =>
                                  act(`revoke:${g.permission}`, `Removed ${g.permission}.`, (id) =>
                                    send(
                                      endpoint[":id"].grants[":permission"].$delete(
                                        { param: { id, permission: g.permission } },
                                        JSON_HEADERS,
                                      ),
                                    ),
                                  )
                                }
                              >
                                Remove
                              </button>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                    <form class="field inline-form" onSubmit={addGrant}>
                      <label for="drawer-grant" class="sr-only">
                        Permission to grant
                      </label>
                      <select id="drawer-grant" name="permission">
                        <option value="">Choose a permission…</option>
                        <For each={props.groups}>
                          {(group) => (
                            <optgroup label={group.area}>
                              <For each={group.permissions.filter((p) => !held().has(p))}>
                                {(p) => <option value={p}>{p}</option>}
                              </For>
                            </optgroup>
                          )}
                        </For>
                      </select>
                      <button type="submit" class="btn btn-secondary" disabled={saving() === "grant"}>
                        {saving() === "grant" ? "Granting…" : "Grant"}
                      </button>
                    </form>
                  </section>
                </Show>

                <section class="drawer-section" aria-labelledby="drawer-security">
                  <h3 id="drawer-security" class="drawer-section-title">
                    Sign-in and security
                  </h3>
                  <label class="check" for="drawer-must-change">
                    <input
                      id="drawer-must-change"
                      class="check-box"
                      type="checkbox"
                      checked={u().mustChangePassword}
                      disabled={u().invited || saving() === "password"}
                      onChange={(e) => {
                        const mustChangePassword = e.currentTarget.checked;
                        void act(
                          "password",
                          mustChangePassword
                            ? "They must choose a new password next."
                            : "Password change no longer required.",
                          (id) => send(endpoint[":id"].$patch({ param: { id }, json: { mustChangePassword } })),
                        );
                      }}
                    />
                    <span>
                      Require a password change
                      <span class="sub">
                        {u().invited
                          ? "They have not chosen a password yet."
                          : "They must choose a new password before doing anything else."}
                      </span>
                    </span>
                  </label>
                  <div class="button-row drawer-actions">
                    <Show when={u().invited && !u().deactivatedAt}>
                      <button
                        type="button"
                        class="btn btn-secondary"
                        disabled={saving() === "invite"}
                        onClick={() =>
                          act("invite", `A fresh invitation is on its way to ${u().email}.`, (id) =>
                            send(endpoint[":id"].invitation.$post({ param: { id } }, JSON_HEADERS)),
                          )
                        }
                      >
                        {saving() === "invite" ? "Sending…" : "Resend invitation"}
                      </button>
                    </Show>
                    <Show when={u().mfaEnabled}>
                      <ConfirmAction
                        label="Reset MFA"
                        prompt="Turn their two-factor sign-in off and end their sessions?"
                        confirmLabel="Confirm reset"
                        busyLabel="Resetting…"
                        danger
                        run={() =>
                          act("mfa", "MFA is off; they set it up again if a role requires it.", (id) =>
                            send(endpoint[":id"].mfa.reset.$post({ param: { id } }, JSON_HEADERS)),
                          )
                        }
                      />
                    </Show>
                    <Show
                      when={u().deactivatedAt}
                      fallback={
                        <ConfirmAction
                          label="Deactivate"
                          prompt="They can no longer sign in, and every session ends now."
                          confirmLabel="Confirm deactivate"
                          busyLabel="Deactivating…"
                          danger
                          run={() =>
                            act("deactivate", "Deactivated.", (id) =>
                              send(endpoint[":id"].deactivate.$post({ param: { id } }, JSON_HEADERS)),
                            )
                          }
                        />
                      }
                    >
                      <button
                        type="button"
                        class="btn btn-secondary"
                        disabled={saving() === "reactivate"}
                        onClick={() =>
                          act("reactivate", "Reactivated: they can sign in again.", (id) =>
                            send(endpoint[":id"].reactivate.$post({ param: { id } }, JSON_HEADERS)),
                          )
                        }
                      >
                        {saving() === "reactivate" ? "Reactivating…" : "Reactivate"}
                      </button>
                    </Show>
                  </div>
                </section>
              </>
            )}
          </Match>
          <Match when={true}>
            <div class="loading" aria-hidden="true">
              <Skeleton class="sk-line sk-short" />
              <For each={[1, 2, 3]}>{() => <Skeleton class="sk-row" />}</For>
            </div>
          </Match>
        </Switch>
      </div>
    </dialog>
  );
}
