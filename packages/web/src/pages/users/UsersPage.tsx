import { useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, Match, on, onMount, Show, Switch } from "solid-js";
import { errorMessage, send } from "../../api";
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
import { AlertIcon, FilterIcon, PlusIcon, RefreshIcon, UserIcon } from "../../components/icons";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { EmptyState, ErrorState, Panel, Skeleton } from "../../components/ui";
import { useNow, useTitle } from "../../format";
import { InviteDialog } from "./InviteDialog";
import { UserDrawer } from "./UserDrawer";
import { type Filters, UsersTable } from "./UsersTable";

export function UsersPage() {
  useTitle("Users");
  const now = useNow();
  const [params, setParams] = useSearchParams<Record<keyof Filters, string>>();
  const filters = (): Filters => ({
    portal: params.portal ?? "",
    role: params.role ?? "",
    status: params.status ?? "",
    q: params.q ?? "",
  });
  const [items, setItems] = createSignal<Summary[]>();
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();
  const [moreError, setMoreError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [announcement, setAnnouncement] = createSignal("");
  const [roles, setRoles] = createSignal<Role[]>([]);
  const [groups, setGroups] = createSignal<PermissionGroups>([]);
  const [rolesError, setRolesError] = createSignal<string>();
  const [open, setOpen] = createSignal<string>();
  let inviteDialog: HTMLDialogElement | undefined;
  let drawer: HTMLDialogElement | undefined;
  let opener: HTMLElement | undefined;
  let generation = 0;

  const query = (after?: string): Query => {
    const f = filters();
    const q: Record<string, string> = { limit: String(PAGE_SIZE) };
    if (f.portal) q.portal = f.portal;
    if (f.role) q.role = f.role;
    if (f.status) q.status = f.status;
    if (f.q.trim()) q.q = f.q.trim();
    if (after) q.cursor = after;
    return q as Query;
  };

  const load = async () => {
    const mine = ++generation;
    setLoading(true);
    setMoreError(undefined);
    try {
      const page = await (await send(endpoint.$get({ query: query() }))).json();
      if (mine !== generation) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setError(undefined);
      setAnnouncement(`${page.items.length}${page.nextCursor ? "+" : ""} users shown.`);
    } catch (failure) {
      if (mine !== generation) return;
      setItems(undefined);
      setError(errorMessage(failure));
    } finally {
      if (mine === generation) setLoading(false);
    }
  };

  const loadMore = async () => {
    const after = cursor();
    if (!after || loadingMore()) return;
    const mine = generation;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await (await send(endpoint.$get({ query: query(after) }))).json();
      if (mine !== generation) return;
      setItems((list) => [...(list ?? []), ...page.items]);
      setCursor(page.nextCursor);
      setAnnouncement(`${page.items.length} more users loaded.`);
    } catch (failure) {
      setMoreError(errorMessage(failure));
    } finally {
      setLoadingMore(false);
    }
  };

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
  createEffect(
    on(
      () => JSON.stringify(filters()),
      () => void load(),
    ),
  );

  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: keyof Filters) => String(data.get(name) ?? "").trim() || undefined;
    setParams({ portal: value("portal"), role: value("role"), status: value("status"), q: value("q") });
  };
  const clear = () => setParams({ portal: undefined, role: undefined, status: undefined, q: undefined });
  const filtered = () => Object.values(filters()).some(Boolean);

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

      <form class="panel filter-bar" onSubmit={apply} aria-label="Filter users">
        <div class="field">
          <label for="u-portal">Portal</label>
          <select id="u-portal" name="portal" value={filters().portal}>
            <option value="">All portals</option>
            <For each={portalNames}>{(p) => <option value={p}>{portalLabel[p]}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="u-role">Role</label>
          <select id="u-role" name="role" value={filters().role}>
            <option value="">Any role</option>
            <For each={roles()}>{(r) => <option value={r.name}>{r.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="u-status">Status</label>
          <select id="u-status" name="status" value={filters().status}>
            <option value="">Any status</option>
            <For each={Object.keys(statusLabel) as StatusName[]}>
              {(s) => <option value={s}>{statusLabel[s]}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="u-q">Search</label>
          <input id="u-q" name="q" type="search" value={filters().q} placeholder="Name or email" />
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            <FilterIcon />
            Apply filters
          </button>
          <Show when={filtered()}>
            <button type="button" class="btn btn-secondary" onClick={clear}>
              Clear
            </button>
          </Show>
        </div>
      </form>

      <Switch>
        <Match when={error()}>
          <ErrorState title="Could not load the users" detail={error() ?? ""} onRetry={load} busy={loading()} />
        </Match>
        <Match when={items()}>
          {(list) => (
            <Panel
              id="users-title"
              title={<>Accounts</>}
              sub={filtered() ? "Matching the filters above, by email." : "Every account, by email."}
            >
              <Show
                when={list().length > 0}
                fallback={
                  <EmptyState icon={<UserIcon />} title={filtered() ? "No users match these filters" : "No users yet"}>
                    {filtered() ? "Clear a filter to see more." : "Invite someone to get started."}
                  </EmptyState>
                }
              >
                <UsersTable items={list()} now={now()} onOpen={openUser} />
                <div class="load-more">
                  <ErrorAlert message={moreError() && `Could not load more: ${moreError()}`} />
                  <Show
                    when={cursor()}
                    fallback={
                      <p class="muted">{list().length === 1 ? "1 user" : `All ${list().length} users`} shown.</p>
                    }
                  >
                    <button type="button" class="btn btn-secondary" onClick={loadMore} disabled={loadingMore()}>
                      <RefreshIcon spinning={loadingMore()} />
                      {loadingMore() ? "Loading…" : "Load more"}
                    </button>
                  </Show>
                </div>
              </Show>
            </Panel>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <For each={[1, 2, 3, 4]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
