import { createMemo, createSignal, For, Show } from "solid-js";
import { read } from "../../api";
import {
  endpoint,
  PAGE_SIZE,
  portalLabel,
  portalNames,
  type Query,
  rolesEndpoint,
  type Summary,
  statusLabel,
  statusNames,
} from "../../components/access";
import { AlertIcon, PlusIcon, UserIcon } from "../../components/icons";
import { LiveRegion } from "../../components/kit/Alert";
import { DataTable, pagedTable } from "../../components/kit/DataTable";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { useNow, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad, createPagedList } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { InviteDialog } from "./InviteDialog";
import { UserDrawer } from "./UserDrawer";
import { userColumns } from "./UsersTable";

const filterKeys = ["portal", "role", "status", "q"] as const;

/** Accounts of every portal: filters in the address bar, a paged table, an invitation and a drawer per account. */
export function UsersPage() {
  useTitle(t("admin.users.title"));
  const now = useNow();
  const filters = useUrlFilters(filterKeys);
  const [announcement, setAnnouncement] = createSignal("");
  const [open, setOpen] = createSignal<string>();
  let inviteDialog: HTMLDialogElement | undefined;
  let drawer: HTMLDialogElement | undefined;
  let opener: HTMLElement | undefined;

  const query = (after?: string): Query => {
    const f = filters.values();
    const q: Record<string, string> = { limit: String(PAGE_SIZE) };
    for (const key of filterKeys) if (f[key]) q[key] = f[key];
    if (after) q.cursor = after;
    return q as Query;
  };
  const list = createPagedList<Summary>((cursor) => read(endpoint.$get({ query: query(cursor) })), {
    key: filters.values,
    onPage: (items, first) =>
      setAnnouncement(first ? t("admin.users.shown", items.length) : t("admin.users.moreLoaded", items.length)),
  });
  const roles = createLoad(async () => {
    const [r, p] = await Promise.all([read(rolesEndpoint.$get()), read(rolesEndpoint.permissions.$get())]);
    return { roles: r.items, groups: p.groups };
  });

  const openUser = (id: string) => {
    opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    setOpen(id);
    drawer?.showModal();
  };
  const closeUser = () => {
    setOpen(undefined);
    opener?.focus();
  };
  const columns = createMemo(() => userColumns(now, openUser));

  return (
    <div class="page">
      <PageHeader
        title={t("admin.users.title")}
        sub={t("admin.users.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
        actions={
          <button type="button" class="btn btn-primary" onClick={() => inviteDialog?.showModal()}>
            <PlusIcon />
            {t("admin.users.invite")}
          </button>
        }
      />
      <LiveRegion message={announcement()} />
      <Show when={roles.error()}>
        <div class="alert alert-warning alert-row" role="alert">
          <AlertIcon />
          <span>{t("admin.users.rolesFailed", { error: roles.error() ?? "" })}</span>
        </div>
      </Show>

      <InviteDialog
        ref={(el) => {
          inviteDialog = el;
        }}
        roles={roles.data()?.roles ?? []}
        onInvited={list.refresh}
      />
      <UserDrawer
        ref={(el) => {
          drawer = el;
        }}
        id={open()}
        roles={roles.data()?.roles ?? []}
        groups={roles.data()?.groups ?? []}
        now={now()}
        onChanged={list.refresh}
        onClose={closeUser}
      />

      <FilterBar
        id="user-filters"
        label={t("admin.users.filterLabel")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, filterKeys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="u-portal">{t("admin.portal")}</label>
          <select id="u-portal" name="portal" value={filters.values().portal}>
            <option value="">{t("admin.allPortals")}</option>
            <For each={portalNames}>{(p) => <option value={p}>{portalLabel(p)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="u-role">{t("admin.users.role")}</label>
          <select id="u-role" name="role" value={filters.values().role}>
            <option value="">{t("admin.users.anyRole")}</option>
            <For each={roles.data()?.roles ?? []}>{(r) => <option value={r.name}>{r.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="u-status">{t("admin.users.status")}</label>
          <select id="u-status" name="status" value={filters.values().status}>
            <option value="">{t("admin.users.anyStatus")}</option>
            <For each={statusNames}>{(s) => <option value={s}>{statusLabel(s)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="u-q">{t("admin.users.search")}</label>
          <input
            id="u-q"
            name="q"
            type="search"
            value={filters.values().q}
            placeholder={t("admin.users.searchPlaceholder")}
          />
        </div>
      </FilterBar>

      <Panel
        id="users-title"
        title={t("admin.users.accounts")}
        sub={filters.isFiltered() ? t("admin.users.accountsFiltered") : t("admin.users.accountsAll")}
      >
        <DataTable
          class="users-table"
          labelledBy="users-title"
          columns={columns()}
          rowKey={(u) => u.id}
          errorTitle={t("admin.users.loadFailed")}
          empty={{
            icon: <UserIcon />,
            title: filters.isFiltered() ? t("admin.users.emptyFilteredTitle") : t("admin.users.emptyTitle"),
            body: filters.isFiltered() ? t("admin.users.emptyFilteredBody") : t("admin.users.emptyBody"),
          }}
          {...pagedTable(list, (count) => t("admin.users.allShown", count))}
        />
      </Panel>
    </div>
  );
}
