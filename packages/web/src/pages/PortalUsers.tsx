import { createMemo, Show } from "solid-js";
import { UserIcon } from "../components/icons";
import { type Column, DataTable, loadedTable } from "../components/kit/DataTable";
import { PageHeader } from "../components/kit/PageHeader";
import type { OuterPortal } from "../components/PortalShell";
import { Badge, Panel, RelativeTime } from "../components/ui";
import { useNow, useTitle } from "../format";
import { t } from "../i18n";
import { createLoad } from "../lib/load";
import { type PortalUser, portalApi } from "../portal-api";
import { user } from "../session";

const roleWord = (role: string) =>
  role === "reseller_admin" || role === "reseller_member" ? t(`portal.users.roles.${role}`) : role;

/** The accounts of the reseller's organisations, or of the vendor's organisation. */
export function PortalUsersPage(props: { portal: Exclude<OuterPortal, "customer"> }) {
  useTitle(t("portal.users.title"));
  const now = useNow();
  const users = createLoad(() => (props.portal === "reseller" ? portalApi.reseller.users() : portalApi.vendor.users()));
  const columns = createMemo((): Column<PortalUser>[] => [
    {
      id: "name",
      header: t("portal.users.col.name"),
      rowHeader: true,
      cell: (u) => (
        <div>
          {u.displayName}{" "}
          <Show when={u.id === user()?.id}>
            <Badge tone="info">{t("portal.you")}</Badge>
          </Show>
          <Show when={u.deactivatedAt}>
            <Badge tone="neutral">{t("portal.users.deactivated")}</Badge>
          </Show>
          <span class="sub">{u.email}</span>
        </div>
      ),
    },
    {
      id: "role",
      header: t("portal.users.col.role"),
      cell: (u) =>
        u.roles.map(roleWord).join(", ") || (
          <span class="muted">{props.portal === "vendor" ? t("portal.users.vendorUser") : t("kit.none")}</span>
        ),
    },
    {
      id: "mfa",
      header: t("portal.users.col.mfa"),
      cell: (u) => (
        <Badge tone={u.mfaEnabled ? "success" : "neutral"}>
          {u.mfaEnabled ? t("portal.users.on") : t("portal.users.off")}
        </Badge>
      ),
    },
    {
      id: "login",
      header: t("portal.users.col.login"),
      class: "nowrap",
      cell: (u) => <RelativeTime at={u.lastLoginAt} now={now()} fallback={t("portal.users.never")} />,
    },
  ]);

  return (
    <div class="page">
      <PageHeader
        title={t("portal.users.title")}
        sub={props.portal === "reseller" ? t("portal.users.subReseller") : t("portal.users.subVendor")}
        refreshedAt={users.refreshedAt()}
        onRefresh={users.refresh}
        refreshing={users.loading()}
      />
      <Panel
        id="users-title"
        title={t("portal.users.accounts")}
        sub={users.data() ? t("count.account", users.data()?.length ?? 0) : undefined}
      >
        <DataTable
          class="portal-users-table"
          labelledBy="users-title"
          columns={columns()}
          {...loadedTable(users)}
          rowKey={(u) => u.id}
          errorTitle={t("portal.users.loadFailed")}
          skeletonRows={2}
          empty={{ icon: <UserIcon />, title: t("portal.users.empty") }}
        />
      </Panel>
    </div>
  );
}
