import { createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { errorMessage, send } from "../../api";
import type { PermissionGroups, Role } from "../../components/access";
import { PlusIcon, ShieldIcon } from "../../components/icons";
import { PageHeader } from "../../components/kit/PageHeader";
import { EmptyState, ErrorState, Panel, Skeleton } from "../../components/ui";
import { useTitle } from "../../format";
import { RoleDialog } from "./RoleDialog";
import { RolesTable } from "./RolesTable";
import { endpoint } from "./shared";

/** Roles: the built-in ones (keys in code, MFA switchable) and custom ones built from permission keys. */
export function RolesPage() {
  useTitle("Roles and permissions");
  const [items, setItems] = createSignal<Role[]>();
  const [groups, setGroups] = createSignal<PermissionGroups>([]);
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [session, setSession] = createSignal<{ role: Role | undefined }>({ role: undefined });
  let dialog: HTMLDialogElement | undefined;

  const load = async () => {
    setLoading(true);
    try {
      const [roles, keys] = await Promise.all([
        send(endpoint.$get()).then((res) => res.json()),
        send(endpoint.permissions.$get()).then((res) => res.json()),
      ]);
      setItems(roles.items);
      setGroups(keys.groups);
      setError(undefined);
    } catch (failure) {
      setItems(undefined);
      setError(errorMessage(failure));
    } finally {
      setLoading(false);
    }
  };
  onMount(load);

  const openDialog = (role?: Role) => {
    setSession({ role });
    dialog?.showModal();
  };

  return (
    <div class="page">
      <PageHeader
        title={<>Roles and permissions</>}
        sub={
          <>
            A role is a named set of permission keys. Built-in roles get their keys from the code; administrators hold
            every key.
          </>
        }
        actions={
          <button type="button" class="btn btn-primary" onClick={() => openDialog()}>
            <PlusIcon />
            Create role
          </button>
        }
      />

      <RoleDialog
        ref={(el) => {
          dialog = el;
        }}
        session={session()}
        groups={groups()}
        onSaved={load}
        onClose={() => dialog?.close()}
      />

      <Switch>
        <Match when={error()}>
          <ErrorState title="Could not load the roles" detail={error() ?? ""} onRetry={load} busy={loading()} />
        </Match>
        <Match when={items()}>
          {(list) => (
            <Panel id="roles-title" title={<>Roles</>} sub="Built-in roles first, then custom roles by name.">
              <Show when={list().length > 0} fallback={<EmptyState icon={<ShieldIcon />} title="No roles yet" />}>
                <RolesTable items={list()} onEdit={openDialog} onChanged={load} />
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
