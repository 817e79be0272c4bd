import type { InferRequestType, InferResponseType } from "hono/client";
import { For, Show } from "solid-js";
import { client } from "../api";
import { t } from "../i18n";
import { Badge } from "./ui";

export const endpoint = client.api.v1.users;
export const rolesEndpoint = client.api.v1.roles;
export type Query = NonNullable<InferRequestType<typeof endpoint.$get>["query"]>;
export type Page = InferResponseType<typeof endpoint.$get, 200>;
export type Summary = Page["items"][number];
export type Detail = InferResponseType<(typeof endpoint)[":id"]["$get"], 200>["user"];
export type PortalName = Summary["portal"];
export type StatusName = Summary["status"];
export type Role = InferResponseType<typeof rolesEndpoint.$get, 200>["items"][number];
export type PermissionGroups = InferResponseType<typeof rolesEndpoint.permissions.$get, 200>["groups"];

export const PAGE_SIZE = 50;

export const portalNames: PortalName[] = ["staff", "customer", "reseller", "vendor"];
export const portalLabel = (portal: PortalName): string => t(`nav.portals.${portal}`);
export const statusNames: StatusName[] = ["active", "invited", "deactivated"];
export const statusLabel = (status: StatusName): string => t(`admin.status.${status}`);
export const statusTone = { active: "success", invited: "info", deactivated: "danger" } as const;

/** The status badges of an account: one for its state, one when its second factor is on. */
export function StatusBadges(props: { user: Summary }) {
  return (
    <span class="user-badges">
      <Badge tone={statusTone[props.user.status]}>{statusLabel(props.user.status)}</Badge>
      <Show when={props.user.mfaEnabled}>
        <Badge tone="neutral">{t("admin.badges.mfaOn")}</Badge>
      </Show>
      <Show when={props.user.mustChangePassword}>
        <Badge tone="warning">{t("admin.badges.mustChange")}</Badge>
      </Show>
    </span>
  );
}

/** Role checkboxes for one portal's accounts; a portal without roles says so. */
export function RolePicker(props: {
  roles: Role[];
  portal: PortalName;
  selected: string[];
  name: string;
  idPrefix: string;
  /** The server's message for the roles, if it refused them. */
  error?: string | undefined;
}) {
  const usable = () => props.roles.filter((r) => r.portal === props.portal);
  return (
    <fieldset class="field scope-list" aria-describedby={props.error ? `${props.idPrefix}-error` : undefined}>
      <legend>{t("admin.roles.legend")}</legend>
      <Show
        when={usable().length > 0}
        fallback={<p class="muted">{t("admin.roles.none", { portal: portalLabel(props.portal) })}</p>}
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
                  <Show when={role.mfaRequired}>{t("admin.roles.mfaRequired")}</Show>
                  <span class="sub">
                    {role.description || (role.builtin ? t("admin.roles.builtin") : t("admin.roles.custom"))}
                  </span>
                </span>
              </label>
            )}
          </For>
        </div>
      </Show>
      <Show when={props.error}>
        <span id={`${props.idPrefix}-error`} class="field-error">
          {props.error}
        </span>
      </Show>
    </fieldset>
  );
}
