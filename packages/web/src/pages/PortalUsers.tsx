import { createResource, For, Match, Show, Switch } from "solid-js";
import { UserIcon } from "../components/icons";
import { PageHeader } from "../components/kit/PageHeader";
import type { OuterPortal } from "../components/PortalShell";
import { Badge, EmptyState, ErrorState, Panel, RelativeTime, Skeleton } from "../components/ui";
import { useNow, useTitle } from "../format";
import { t } from "../i18n";
import { portalApi } from "../portal-api";
import { user } from "../session";

const roleWords: Record<string, string> = { reseller_admin: "Administrator", reseller_member: "Member" };

/** The accounts of the reseller's organisations, or of the vendor's organisation. */
export function PortalUsersPage(props: { portal: Exclude<OuterPortal, "customer"> }) {
  useTitle("Users");
  const now = useNow();
  const [users, { refetch }] = createResource(() =>
    props.portal === "reseller" ? portalApi.reseller.users() : portalApi.vendor.users(),
  );

  return (
    <div class="page">
      <PageHeader
        title={<>Users</>}
        sub={
          props.portal === "reseller"
            ? "Everyone who can sign in to the reseller portal for your organisations."
            : "Everyone who can sign in to the vendor portal for your organisation."
        }
      />
      <Switch>
        <Match when={users.error}>
          <ErrorState
            title="Could not load users"
            detail={users.error instanceof Error ? users.error.message : String(users.error)}
            onRetry={refetch}
          />
        </Match>
        <Match when={users()}>
          {(list) => (
            <Panel id="users-title" title={<>Accounts</>} sub={t("count.account", list().length)}>
              <Show when={list().length > 0} fallback={<EmptyState icon={<UserIcon />} title="No accounts yet" />}>
                <div class="table-wrap">
                  <table class="table table-stack portal-users-table">
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Role</th>
                        <th scope="col">Two-factor</th>
                        <th scope="col">Last sign-in</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={list()}>
                        {(u) => (
                          <tr>
                            <th scope="row" class="row-title">
                              <div>
                                {u.displayName}{" "}
                                <Show when={u.id === user()?.id}>
                                  <Badge tone="info">You</Badge>
                                </Show>
                                <Show when={u.deactivatedAt}>
                                  <Badge tone="neutral">Deactivated</Badge>
                                </Show>
                                <span class="sub">{u.email}</span>
                              </div>
                            </th>
                            <td data-label="Role">
                              {u.roles.map((r) => roleWords[r] ?? r).join(", ") || (
                                <span class="muted">{props.portal === "vendor" ? "Vendor user" : "—"}</span>
                              )}
                            </td>
                            <td data-label="Two-factor">
                              <Badge tone={u.mfaEnabled ? "success" : "neutral"}>{u.mfaEnabled ? "On" : "Off"}</Badge>
                            </td>
                            <td data-label="Last sign-in" class="nowrap">
                              <RelativeTime at={u.lastLoginAt} now={now()} fallback="Never" />
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            </Panel>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <For each={[1, 2]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
