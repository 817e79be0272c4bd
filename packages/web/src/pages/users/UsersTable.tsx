import { For, Show } from "solid-js";
import { portalLabel, StatusBadges, type Summary } from "../../components/access";
import type { Column } from "../../components/kit/DataTable";
import { Badge, RelativeTime } from "../../components/ui";
import { t } from "../../i18n";

/** The users list's columns; the server answers by email and the table keeps that order. */
export function userColumns(now: () => number, onOpen: (id: string) => void): Column<Summary>[] {
  return [
    {
      id: "name",
      header: t("admin.users.col.name"),
      rowHeader: true,
      cell: (u) => (
        <div>
          {u.displayName}
          <span class="sub">{u.email}</span>
        </div>
      ),
    },
    { id: "portal", header: t("admin.users.col.portal"), cell: (u) => portalLabel(u.portal) },
    {
      id: "roles",
      header: t("admin.users.col.roles"),
      cell: (u) => (
        <Show when={u.roles.length > 0} fallback={<span class="muted">{t("admin.users.none")}</span>}>
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
      ),
    },
    { id: "status", header: t("admin.users.col.status"), cell: (u) => <StatusBadges user={u} /> },
    {
      id: "login",
      header: t("admin.users.col.login"),
      class: "nowrap",
      cell: (u) => <RelativeTime at={u.lastLoginAt} now={now()} fallback={t("admin.users.never")} />,
    },
    {
      id: "actions",
      header: <span class="sr-only">{t("admin.users.col.actions")}</span>,
      label: t("admin.users.col.actions"),
      class: "nowrap",
      cell: (u) => (
        <button
          type="button"
          class="btn btn-secondary"
          aria-label={t("admin.users.manageUser", { name: u.displayName })}
          onClick={() => onOpen(u.id)}
        >
          {t("admin.users.manage")}
        </button>
      ),
    },
  ];
}
