import { useSearchParams } from "@solidjs/router";
import type { InferRequestType, InferResponseType } from "hono/client";
import { createEffect, createSignal, For, Match, on, onMount, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../api";
import { AlertIcon, FilterIcon, PlusIcon, RefreshIcon, UserIcon } from "../components/icons";
import { ConfirmAction } from "../components/kit/ConfirmAction";
import { Badge, EmptyState, ErrorState, Panel, RelativeTime, Skeleton } from "../components/ui";
import { useNow, useTitle } from "../format";
import { t } from "../i18n";

const endpoint = client.api.v1.users;
const rolesEndpoint = client.api.v1.roles;
type Query = NonNullable<InferRequestType<typeof endpoint.$get>["query"]>;
type Page = InferResponseType<typeof endpoint.$get, 200>;
type Summary = Page["items"][number];
type Detail = InferResponseType<(typeof endpoint)[":id"]["$get"], 200>["user"];
type PortalName = Summary["portal"];
type StatusName = Summary["status"];
export type Role = InferResponseType<typeof rolesEndpoint.$get, 200>["items"][number];
export type PermissionGroups = InferResponseType<typeof rolesEndpoint.permissions.$get, 200>["groups"];

const PAGE_SIZE = 50;
/** The CSRF check wants JSON as the declared type of every cookie-authenticated write, even an empty one. */
export const JSON_HEADERS = { headers: { "content-type": "application/json" } };

export const portalLabel: Record<PortalName, string> = {
  staff: "Staff",
  customer: "Customer",
  reseller: "Reseller",
  vendor: "Vendor",
};
const portalNames = Object.keys(portalLabel) as PortalName[];
const statusLabel: Record<StatusName, string> = { active: "Active", invited: "Invited", deactivated: "Deactivated" };
const statusTone = { active: "success", invited: "info", deactivated: "danger" } as const;

function ErrorAlert(props: { message: string | undefined }) {
  return (
    <Show when={props.message}>
      <div class="alert alert-error alert-row" role="alert">
        <AlertIcon />
        <span>{props.message}</span>
      </div>
    </Show>
  );
}

/** The status badges of an account: one for its state, one when its second factor is on. */
function StatusBadges(props: { user: Summary }) {
  return (
    <span class="user-badges">
      <Badge tone={statusTone[props.user.status]}>{statusLabel[props.user.status]}</Badge>
      <Show when={props.user.mfaEnabled}>
        <Badge tone="neutral">MFA on</Badge>
      </Show>
      <Show when={props.user.mustChangePassword}>
        <Badge tone="warning">Must change password</Badge>
      </Show>
    </span>
  );
}

/** Role checkboxes for one portal's accounts; a portal without roles says so. */
function RolePicker(props: {
  roles: Role[];
  portal: PortalName;
  selected: string[];
  name: string;
  idPrefix: string;
  /** When a heading right above already says "Roles". */
  quietLegend?: boolean;
}) {
  const usable = () => props.roles.filter((r) => r.portal === props.portal);
  return (
    <fieldset class="field scope-list">
      <legend class={props.quietLegend ? "sr-only" : undefined}>Roles</legend>
      <Show
        when={usable().length > 0}
        fallback={<p class="muted">{portalLabel[props.portal]} accounts have no roles.</p>}
      >
        <div class="role-checks">
          <For each={usable()}>
            {(role) => (
              <label class="check" for={`${props.idPrefix}-${role.name}`}>
                <input
                  id={`${props.idPrefix}-${role.name}`}
                  class="check-box"
                  type="checkbox"
                  name={props.name}
                  value={role.name}
                  checked={props.selected.includes(role.name)}
                />
                <span>
                  <code>{role.name}</code>
                  <Show when={role.mfaRequired}> (MFA required)</Show>
                  <span class="sub">{role.description || (role.builtin ? "Built-in role" : "Custom role")}</span>
                </span>
              </label>
            )}
          </For>
        </div>
      </Show>
    </fieldset>
  );
}

function InviteDialog(props: {
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
function UserDrawer(props: {
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

interface Filters {
  portal: string;
  role: string;
  status: string;
  q: string;
}

function UsersTable(props: { items: Summary[]; now: number; onOpen: (id: string) => void }) {
  return (
    <div class="table-wrap">
      <table class="table table-stack users-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Portal</th>
            <th scope="col">Roles</th>
            <th scope="col">Status</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.items}>
            {(u) => (
              <tr>
                <th scope="row" class="row-title">
                  <div>
                    {u.displayName}
                    <span class="sub">{u.email}</span>
                  </div>
                </th>
                <td data-label="Portal">{portalLabel[u.portal]}</td>
                <td data-label="Roles">
                  <Show when={u.roles.length > 0} fallback={<span class="muted">None</span>}>
                    <div class="scope-badges">
                      <For each={u.roles}>
                        {(r) => (
                          <Badge tone="neutral">
                            <code class="action-code">{r}</code>
                          </Badge>
                        )}
                      </For>
                    </div>
                  </Show>
                </td>
                <td data-label="Status">
                  <StatusBadges user={u} />
                </td>
                <td data-label="Last sign-in" class="nowrap">
                  <RelativeTime at={u.lastLoginAt} now={props.now} fallback="Never" />
                </td>
                <td data-label="Actions" class="nowrap">
                  <button
                    type="button"
                    class="btn btn-secondary"
                    aria-label={`Manage ${u.displayName}`}
                    onClick={() => props.onOpen(u.id)}
                  >
                    Manage
                  </button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** Accounts of every portal: find them, invite people, and manage roles, grants and sign-in. */
export function UsersPage() {
  useTitle("Users");
  const now = useNow();
  const [params, setParams] = useSearchParams<Record<keyof Filters, string>>();
  const filters = (): Filters => ({
    portal: params.portal ?? "",
    role: params.role ?? "",
    status: params.status ?? "",
    q: params.q ?? "",
  });
  const [items, setItems] = createSignal<Summary[]>();
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();
  const [moreError, setMoreError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [announcement, setAnnouncement] = createSignal("");
  const [roles, setRoles] = createSignal<Role[]>([]);
  const [groups, setGroups] = createSignal<PermissionGroups>([]);
  const [rolesError, setRolesError] = createSignal<string>();
  const [open, setOpen] = createSignal<string>();
  let inviteDialog: HTMLDialogElement | undefined;
  let drawer: HTMLDialogElement | undefined;
  let opener: HTMLElement | undefined;
  let generation = 0;

  const query = (after?: string): Query => {
    const f = filters();
    const q: Record<string, string> = { limit: String(PAGE_SIZE) };
    if (f.portal) q.portal = f.portal;
    if (f.role) q.role = f.role;
    if (f.status) q.status = f.status;
    if (f.q.trim()) q.q = f.q.trim();
    if (after) q.cursor = after;
    return q as Query;
  };

  const load = async () => {
    const mine = ++generation;
    setLoading(true);
    setMoreError(undefined);
    try {
      const page = await (await send(endpoint.$get({ query: query() }))).json();
      if (mine !== generation) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setError(undefined);
      setAnnouncement(`${page.items.length}${page.nextCursor ? "+" : ""} users shown.`);
    } catch (failure) {
      if (mine !== generation) return;
      setItems(undefined);
      setError(errorMessage(failure));
    } finally {
      if (mine === generation) setLoading(false);
    }
  };

  const loadMore = async () => {
    const after = cursor();
    if (!after || loadingMore()) return;
    const mine = generation;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await (await send(endpoint.$get({ query: query(after) }))).json();
      if (mine !== generation) return;
      setItems((list) => [...(list ?? []), ...page.items]);
      setCursor(page.nextCursor);
      setAnnouncement(`${page.items.length} more users loaded.`);
    } catch (failure) {
      setMoreError(errorMessage(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  const loadRoles = async () => {
    try {
      const [r, p] = await Promise.all([
        send(rolesEndpoint.$get()).then((res) => res.json()),
        send(rolesEndpoint.permissions.$get()).then((res) => res.json()),
      ]);
      setRoles(r.items);
      setGroups(p.groups);
      setRolesError(undefined);
    } catch (failure) {
      setRolesError(errorMessage(failure));
    }
  };

  onMount(loadRoles);
  createEffect(
    on(
      () => JSON.stringify(filters()),
      () => void load(),
    ),
  );

  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: keyof Filters) => String(data.get(name) ?? "").trim() || undefined;
    setParams({ portal: value("portal"), role: value("role"), status: value("status"), q: value("q") });
  };
  const clear = () => setParams({ portal: undefined, role: undefined, status: undefined, q: undefined });
  const filtered = () => Object.values(filters()).some(Boolean);

  const openUser = (id: string) => {
    opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    setOpen(id);
    drawer?.showModal();
  };
  const closeUser = () => {
    drawer?.close();
    setOpen(undefined);
    opener?.focus();
  };

  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Users</h1>
          <p class="page-sub">Accounts of every portal: staff, customers, resellers and vendors.</p>
        </div>
        <div class="page-actions">
          <button type="button" class="btn btn-primary" onClick={() => inviteDialog?.showModal()}>
            <PlusIcon />
            Invite user
          </button>
        </div>
      </div>
      <p class="sr-only" role="status" aria-live="polite">
        {announcement()}
      </p>
      <Show when={rolesError()}>
        <div class="alert alert-warning alert-row" role="alert">
          <AlertIcon />
          <span>Roles could not be loaded, so they cannot be changed here: {rolesError()}</span>
        </div>
      </Show>

      <InviteDialog
        ref={(el) => {
          inviteDialog = el;
        }}
        roles={roles()}
        onInvited={load}
        onClose={() => inviteDialog?.close()}
      />
      <UserDrawer
        ref={(el) => {
          drawer = el;
        }}
        id={open()}
        roles={roles()}
        groups={groups()}
        now={now()}
        onChanged={load}
        onClose={closeUser}
      />

      <form class="panel filter-bar" onSubmit={apply} aria-label="Filter users">
        <div class="field">
          <label for="u-portal">Portal</label>
          <select id="u-portal" name="portal" value={filters().portal}>
            <option value="">All portals</option>
            <For each={portalNames}>{(p) => <option value={p}>{portalLabel[p]}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="u-role">Role</label>
          <select id="u-role" name="role" value={filters().role}>
            <option value="">Any role</option>
            <For each={roles()}>{(r) => <option value={r.name}>{r.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="u-status">Status</label>
          <select id="u-status" name="status" value={filters().status}>
            <option value="">Any status</option>
            <For each={Object.keys(statusLabel) as StatusName[]}>
              {(s) => <option value={s}>{statusLabel[s]}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="u-q">Search</label>
          <input id="u-q" name="q" type="search" value={filters().q} placeholder="Name or email" />
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            <FilterIcon />
            Apply filters
          </button>
          <Show when={filtered()}>
            <button type="button" class="btn btn-secondary" onClick={clear}>
              Clear
            </button>
          </Show>
        </div>
      </form>

      <Switch>
        <Match when={error()}>
          <ErrorState title="Could not load the users" detail={error() ?? ""} onRetry={load} busy={loading()} />
        </Match>
        <Match when={items()}>
          {(list) => (
            <Panel
              id="users-title"
              title={<>Accounts</>}
              sub={filtered() ? "Matching the filters above, by email." : "Every account, by email."}
            >
              <Show
                when={list().length > 0}
                fallback={
                  <EmptyState icon={<UserIcon />} title={filtered() ? "No users match these filters" : "No users yet"}>
                    {filtered() ? "Clear a filter to see more." : "Invite someone to get started."}
                  </EmptyState>
                }
              >
                <UsersTable items={list()} now={now()} onOpen={openUser} />
                <div class="load-more">
                  <ErrorAlert message={moreError() && `Could not load more: ${moreError()}`} />
                  <Show
                    when={cursor()}
                    fallback={
                      <p class="muted">{list().length === 1 ? "1 user" : `All ${list().length} users`} shown.</p>
                    }
                  >
                    <button type="button" class="btn btn-secondary" onClick={loadMore} disabled={loadingMore()}>
                      <RefreshIcon spinning={loadingMore()} />
                      {loadingMore() ? "Loading…" : "Load more"}
                    </button>
                  </Show>
                </div>
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
