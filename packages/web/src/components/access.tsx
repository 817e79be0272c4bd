import type { InferRequestType, InferResponseType } from "hono/client";
import { For, Show } from "solid-js";
import { client } from "../api";
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

export const portalLabel: Record<PortalName, string> = {
  staff: "Staff",
  customer: "Customer",
  reseller: "Reseller",
  vendor: "Vendor",
};
export const portalNames = Object.keys(portalLabel) as PortalName[];
export const statusLabel: Record<StatusName, string> = {
  active: "Active",
  invited: "Invited",
  deactivated: "Deactivated",
};
export const statusTone = { active: "success", invited: "info", deactivated: "danger" } as const;

/** The status badges of an account: one for its state, one when its second factor is on. */
export function StatusBadges(props: { user: Summary }) {
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
export function RolePicker(props: {
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
