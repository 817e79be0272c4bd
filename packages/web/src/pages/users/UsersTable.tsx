import { For, Show } from "solid-js";
import { portalLabel, StatusBadges, type Summary } from "../../components/access";
import type { Column } from "../../components/kit/DataTable";
import { Badge, RelativeTime } from "../../components/ui";

/** The users list's columns; the server answers by email and the table keeps that order. */
export function userColumns(now: () => number, onOpen: (id: string) => void): Column<Summary>[] {
  return [
    {
      id: "name",
      header: "Name",
      rowHeader: true,
      cell: (u) => (
        <div>
          {u.displayName}
          <span class="sub">{u.email}</span>
        </div>
      ),
    },
    { id: "portal", header: "Portal", cell: (u) => portalLabel[u.portal] },
    {
      id: "roles",
      header: "Roles",
      cell: (u) => (
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
      ),
    },
    { id: "status", header: "Status", cell: (u) => <StatusBadges user={u} /> },
    {
      id: "login",
      header: "Last sign-in",
      class: "nowrap",
      cell: (u) => <RelativeTime at={u.lastLoginAt} now={now()} fallback="Never" />,
    },
    {
      id: "actions",
      header: <span class="sr-only">Actions</span>,
      label: "Actions",
      class: "nowrap",
      cell: (u) => (
        <button
          type="button"
          class="btn btn-secondary"
          aria-label={`Manage ${u.displayName}`}
          onClick={() => onOpen(u.id)}
        >
          Manage
        </button>
      ),
    },
  ];
}
