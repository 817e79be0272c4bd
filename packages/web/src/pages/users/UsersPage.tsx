import { createSignal, For, onMount, Show } from "solid-js";
import { errorMessage, read, send } from "../../api";
import {
  endpoint,
  PAGE_SIZE,
  type PermissionGroups,
  portalLabel,
  portalNames,
  type Query,
  type Role,
  rolesEndpoint,
  type StatusName,
  type Summary,
  statusLabel,
} from "../../components/access";
import { AlertIcon, PlusIcon, UserIcon } from "../../components/icons";
import { DataTable } from "../../components/kit/DataTable";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { useNow, useTitle } from "../../format";
import { createPagedList } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { InviteDialog } from "./InviteDialog";
import { UserDrawer } from "./UserDrawer";
import { userColumns } from "./UsersTable";

const filterKeys = ["portal", "role", "status", "q"] as const;

export function UsersPage() {
  useTitle("Users");
  const now = useNow();
  const filters = useUrlFilters(filterKeys);
  const [announcement, setAnnouncement] = createSignal("");
  const [roles, setRoles] = createSignal<Role[]>([]);
  const [groups, setGroups] = createSignal<PermissionGroups>([]);
  const [rolesError, setRolesError] = createSignal<string>();
  const [open, setOpen] = createSignal<string>();
  let inviteDialog: HTMLDialogElement | undefined;
  let drawer: HTMLDialogElement | undefined;
  let opener: HTMLElement | undefined;

  const query = (after?: string): Query => {
    const f = filters.values();
    const q: Record<string, string> = { limit: String(PAGE_SIZE) };
    if (f.portal) q.portal = f.portal;
    if (f.role) q.role = f.role;
    if (f.status) q.status = f.status;
    if (f.q) q.q = f.q;
    if (after) q.cursor = after;
    return q as Query;
  };
  const list = createPagedList<Summary>((cursor) => read(endpoint.$get({ query: query(cursor) })), {
    key: filters.values,
    onPage: (items, first) =>
      setAnnouncement(first ? `${items.length} users shown.` : `${items.length} more users loaded.`),
  });
  const load = list.refresh;

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
      <PageHeader
        title={<>Users</>}
        sub={<>Accounts of every portal: staff, customers, resellers and vendors.</>}
        actions={
          <button type="button" class="btn btn-primary" onClick={() => inviteDialog?.showModal()}>
            <PlusIcon />
            Invite user
          </button>
        }
      />
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

      <FilterBar
        id="user-filters"
        label="Filter users"
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, filterKeys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="u-portal">Portal</label>
          <select id="u-portal" name="portal" value={filters.values().portal}>
            <option value="">All portals</option>
            <For each={portalNames}>{(p) => <option value={p}>{portalLabel[p]}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="u-role">Role</label>
          <select id="u-role" name="role" value={filters.values().role}>
            <option value="">Any role</option>
            <For each={roles()}>{(r) => <option value={r.name}>{r.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="u-status">Status</label>
          <select id="u-status" name="status" value={filters.values().status}>
            <option value="">Any status</option>
            <For each={Object.keys(statusLabel) as StatusName[]}>
              {(s) => <option value={s}>{statusLabel[s]}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="u-q">Search</label>
          <input id="u-q" name="q" type="search" value={filters.values().q} placeholder="Name or email" />
        </div>
      </FilterBar>

      <Panel
        id="users-title"
        title="Accounts"
        sub={filters.isFiltered() ? "Matching the filters above, by email." : "Every account, by email."}
      >
        <DataTable
          class="users-table"
          labelledBy="users-title"
          columns={userColumns(now, openUser)}
          rows={list.items()}
          rowKey={(u) => u.id}
          loading={list.loading()}
          error={list.error()}
          errorTitle="Could not load the users"
          onRetry={list.refresh}
          empty={{
            icon: <UserIcon />,
            title: filters.isFiltered() ? "No users match these filters" : "No users yet",
            body: filters.isFiltered() ? "Clear a filter to see more." : "Invite someone to get started.",
          }}
          more={{
            hasMore: list.hasMore(),
            loading: list.loadingMore(),
            error: list.moreError(),
            onMore: list.loadMore,
            allShown: (count) => (count === 1 ? "1 user shown." : `All ${count} users shown.`),
          }}
        />
      </Panel>
    </div>
  );
}
