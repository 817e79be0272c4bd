import { createEffect, createMemo, createSignal, For, on, Show } from "solid-js";
import { errorMessage, send } from "../../api";
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
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { ErrorState, RelativeTime, Skeleton } from "../../components/ui";
import { t } from "../../i18n";
import { UserActions } from "./UserActions";

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Everything an administrator can do to one account, in a side drawer: its name and roles are the
 * form (one Save, the server's refusals beside the fields); grants and sign-in actions apply at once.
 */
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

  /** After any change: say what happened, reload the account and tell the list. */
  const changed = async (done: string) => {
    setNotice(done);
    if (props.id) await load(props.id);
    props.onChanged();
  };

  const save = async (form: HTMLFormElement) => {
    const current = user();
    if (!current) return;
    setError(undefined);
    setNotice(undefined);
    const data = new FormData(form);
    const displayName = String(data.get("displayName") ?? "").trim();
    const roles = data.getAll("roles").map(String);
    const param = { id: current.id };
    const nameChanged = displayName !== current.displayName;
    const rolesChanged = !sameSet(roles, current.roles);
    if (nameChanged) await send(endpoint[":id"].$patch({ param, json: { displayName } }));
    if (rolesChanged) await send(endpoint[":id"].roles.$put({ param, json: { roles } }));
    await changed(nameChanged || rolesChanged ? t("admin.drawer.saved") : t("admin.drawer.nothing"));
  };

  // Until the account is here, the drawer shows its skeleton or why it could not load, not the form.
  const placeholder = createMemo(() => {
    if (user()) return undefined;
    const failed = loadError();
    return failed ? (
      <ErrorState title={t("admin.drawer.loadFailed")} detail={failed} onRetry={() => props.id && load(props.id)} />
    ) : (
      <div class="loading" aria-hidden="true">
        <Skeleton class="sk-line sk-short" />
        <For each={[1, 2, 3]}>{() => <Skeleton class="sk-row" />}</For>
      </div>
    );
  });

  const facts = (u: Detail) => (
    <>
      <dl class="kv user-facts">
        <div>
          <dt>{t("admin.drawer.email")}</dt>
          <dd>{u.email}</dd>
        </div>
        <div>
          <dt>{t("admin.portal")}</dt>
          <dd>{portalLabel(u.portal)}</dd>
        </div>
        <div>
          <dt>{t("admin.drawer.status")}</dt>
          <dd>
            <StatusBadges user={u} />
          </dd>
        </div>
        <div>
          <dt>{t("admin.drawer.lastSignIn")}</dt>
          <dd>
            <RelativeTime at={u.lastLoginAt} now={props.now} fallback={t("admin.users.never")} />
          </dd>
        </div>
        <div>
          <dt>{t("admin.drawer.sessions")}</dt>
          <dd>{t("count.activeSession", u.activeSessions)}</dd>
        </div>
      </dl>
      <div role="status" aria-live="polite" class={notice() ? "alert alert-success" : "sr-only"}>
        {notice()}
      </div>
      <ErrorAlert message={error()} />
    </>
  );

  return (
    <DialogForm
      id="user-drawer"
      ref={props.ref}
      title={user()?.displayName ?? t("admin.drawer.user")}
      submitLabel={t("admin.drawer.save")}
      submit={save}
      onClose={() => props.onClose()}
      done={placeholder()}
      drawer={{
        before: <Show when={user()}>{(u) => facts(u())}</Show>,
        after: (
          <Show when={user()}>
            {(u) => (
              <UserActions
                user={u()}
                groups={props.groups}
                onDone={changed}
                onError={(failure) => {
                  setNotice(undefined);
                  setError(failure === undefined || typeof failure === "string" ? failure : errorMessage(failure));
                }}
              />
            )}
          </Show>
        ),
      }}
    >
      {(errors) => (
        <Show when={user()} keyed>
          {(u) => (
            <>
              <Field id="drawer-display-name" label={t("admin.drawer.name")} error={errors.field("displayName")}>
                {(aria) => <input {...aria} name="displayName" required maxLength={200} value={u.displayName} />}
              </Field>
              <RolePicker
                roles={props.roles}
                portal={u.portal}
                selected={u.roles}
                name="roles"
                idPrefix="drawer-role"
                error={errors.field("roles")}
              />
            </>
          )}
        </Show>
      )}
    </DialogForm>
  );
}
