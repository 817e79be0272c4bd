import { For, Match, Show, Switch } from "solid-js";
import { errorMessage as errorText, JSON_HEADERS, send } from "../../api";
import { portalLabel, type Role } from "../../components/access";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import type { Column } from "../../components/kit/DataTable";
import { Badge } from "../../components/ui";
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import { endpoint } from "./shared";

/** The permissions cell: everything, none, or the keys behind a disclosure. */
function Permissions(props: { role: Role }) {
  return (
    <Switch>
      <Match when={props.role.permissions.includes("*")}>{t("admin.rolesPage.everything")}</Match>
      <Match when={props.role.permissions.length === 0}>
        <span class="muted">{t("admin.rolesPage.none")}</span>
      </Match>
      <Match when={true}>
        <details class="role-keys">
          <summary>{t("count.permission", props.role.permissions.length)}</summary>
          <ul>
            <For each={props.role.permissions}>
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
  );
}

/**
 * The roles table's columns. A change that fails is reported through `onError` (and the MFA box
 * goes back); one that works reloads the list through `onChanged`.
 */
export function roleColumns(handlers: {
  onEdit: (role: Role) => void;
  onChanged: () => void;
  onError: (message: string | undefined) => void;
  toggling: () => string | undefined;
  setToggling: (name: string | undefined) => void;
}): Column<Role>[] {
  const setMfa = async (role: Role, mfaRequired: boolean, box: HTMLInputElement) => {
    handlers.setToggling(role.name);
    handlers.onError(undefined);
    try {
      await send(endpoint[":name"].$patch({ param: { name: role.name }, json: { mfaRequired } }));
      handlers.onChanged();
    } catch (failure) {
      box.checked = !mfaRequired;
      handlers.onError(t("admin.rolesPage.changeFailed", { name: role.name, error: errorText(failure) }));
    } finally {
      handlers.setToggling(undefined);
    }
  };
  const remove = async (role: Role) => {
    handlers.onError(undefined);
    try {
      await send(endpoint[":name"].$delete({ param: { name: role.name } }, JSON_HEADERS));
      handlers.onChanged();
    } catch (failure) {
      handlers.onError(t("admin.rolesPage.deleteFailed", { name: role.name, error: errorText(failure) }));
    }
  };

  return [
    {
      id: "role",
      header: t("admin.rolesPage.col.role"),
      rowHeader: true,
      cell: (role) => (
        <div>
          <code>{role.name}</code>{" "}
          <Show when={role.builtin}>
            <Badge tone="info">{t("admin.rolesPage.builtin")}</Badge>
          </Show>
          <span class="sub">{role.description}</span>
        </div>
      ),
    },
    { id: "portal", header: t("admin.rolesPage.col.portal"), cell: (role) => portalLabel(role.portal) },
    { id: "permissions", header: t("admin.rolesPage.col.permissions"), cell: (role) => <Permissions role={role} /> },
    { id: "holders", header: t("admin.rolesPage.col.holders"), cell: (role) => formatNumber(role.holders) },
    {
      id: "mfa",
      header: t("admin.rolesPage.col.mfa"),
      cell: (role) => (
        <label class="check" for={`mfa-${role.name}`}>
          <input
            id={`mfa-${role.name}`}
            class="check-box"
            type="checkbox"
            checked={role.mfaRequired}
            disabled={handlers.toggling() === role.name}
            aria-label={t("admin.rolesPage.requireMfa", { name: role.name })}
            onChange={(e) => setMfa(role, e.currentTarget.checked, e.currentTarget)}
          />
          <span aria-hidden="true">
            {role.mfaRequired ? t("admin.rolesPage.required") : t("admin.rolesPage.optional")}
          </span>
        </label>
      ),
    },
    {
      id: "actions",
      header: <span class="sr-only">{t("admin.rolesPage.col.actions")}</span>,
      label: t("admin.rolesPage.col.actions"),
      class: "nowrap",
      cell: (role) => (
        <Show when={!role.builtin} fallback={<span class="muted">{t("admin.rolesPage.keysInCode")}</span>}>
          <div class="button-row">
            <button
              type="button"
              class="btn btn-secondary"
              aria-label={t("admin.rolesPage.editRole", { name: role.name })}
              onClick={() => handlers.onEdit(role)}
            >
              {t("admin.rolesPage.edit")}
            </button>
            <ConfirmAction
              label={t("admin.rolesPage.delete")}
              prompt={
                <>
                  {t("admin.rolesPage.deletePrompt", { name: role.name })}{" "}
                  {role.holders > 0 ? t("admin.rolesPage.loseIt", role.holders) : t("admin.rolesPage.noOne")}
                </>
              }
              confirmLabel={t("admin.rolesPage.confirmDelete")}
              busyLabel={t("admin.rolesPage.deleting")}
              danger
              run={() => remove(role)}
            />
          </div>
        </Show>
      ),
    },
  ];
}
