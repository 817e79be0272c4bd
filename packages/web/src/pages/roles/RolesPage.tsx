import { createMemo, createSignal } from "solid-js";
import { read } from "../../api";
import type { Role } from "../../components/access";
import { PlusIcon, ShieldIcon } from "../../components/icons";
import { ErrorAlert } from "../../components/kit/Alert";
import { DataTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { RoleDialog } from "./RoleDialog";
import { roleColumns } from "./RolesTable";
import { endpoint } from "./shared";

/** Roles: the built-in ones (keys in code, MFA switchable) and custom ones built from permission keys. */
export function RolesPage() {
  useTitle(t("admin.rolesPage.title"));
  const [session, setSession] = createSignal<{ role: Role | undefined }>({ role: undefined });
  const [error, setError] = createSignal<string>();
  const [toggling, setToggling] = createSignal<string>();
  let dialog: HTMLDialogElement | undefined;

  const data = createLoad(async () => {
    const [roles, keys] = await Promise.all([read(endpoint.$get()), read(endpoint.permissions.$get())]);
    return { roles: roles.items, groups: keys.groups };
  });

  const openDialog = (role?: Role) => {
    setSession({ role });
    dialog?.showModal();
  };
  const columns = createMemo(() =>
    roleColumns({ onEdit: openDialog, onChanged: data.refresh, onError: setError, toggling, setToggling }),
  );

  return (
    <div class="page">
      <PageHeader
        title={t("admin.rolesPage.title")}
        sub={t("admin.rolesPage.sub")}
        refreshedAt={data.refreshedAt()}
        onRefresh={data.refresh}
        refreshing={data.loading()}
        actions={
          <button type="button" class="btn btn-primary" onClick={() => openDialog()}>
            <PlusIcon />
            {t("admin.rolesPage.create")}
          </button>
        }
      />

      <RoleDialog
        ref={(el) => {
          dialog = el;
        }}
        session={session()}
        groups={data.data()?.groups ?? []}
        onSaved={data.refresh}
      />

      <Panel id="roles-title" title={t("admin.rolesPage.list")} sub={t("admin.rolesPage.listSub")}>
        <ErrorAlert message={error()} />
        <DataTable
          class="roles-table"
          labelledBy="roles-title"
          columns={columns()}
          rows={data.data()?.roles}
          rowKey={(role) => role.name}
          loading={data.loading()}
          error={data.error()}
          errorTitle={t("admin.rolesPage.loadFailed")}
          onRetry={data.refresh}
          empty={{ icon: <ShieldIcon />, title: t("admin.rolesPage.empty") }}
        />
      </Panel>
    </div>
  );
}
