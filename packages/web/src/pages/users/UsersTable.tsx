import { For, Show } from "solid-js";
import { portalLabel, StatusBadges, type Summary } from "../../components/access";
import { Badge, RelativeTime } from "../../components/ui";

export interface Filters {
  portal: string;
  role: string;
  status: string;
  q: string;
}

export function UsersTable(props: { items: Summary[]; now: number; onOpen: (id: string) => void }) {
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
