import { A } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { errorMessage } from "../api";
import { AlertIcon, DatabaseIcon } from "../components/icons";
import { PageHeader } from "../components/kit/PageHeader";
import { Badge, EmptyState, ErrorState, Panel, Skeleton } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";
import { type OrganizationNode, portalApi, organizationStatusWords as statusWords } from "../portal-api";
import { user } from "../session";

const typeWords: Record<OrganizationNode["accountType"], string> = {
  customer: "Customer",
  reseller: "Reseller",
  vendor: "Vendor",
  partner: "Partner",
};

/** Indentation steps stop at six: deeper levels line up with the sixth. */
const depthClass = (depth: number) => `tree-depth-${Math.min(depth, 6)}`;

function CreateDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  tree: OrganizationNode[];
  parentId: string | undefined;
  onClose: () => void;
  onCreated: (org: OrganizationNode) => void;
}) {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;

  const close = () => {
    setError(undefined);
    form?.reset();
    props.onClose();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      const created = await portalApi.reseller.createOrganization({
        name: String(data.get("name") ?? ""),
        parentId: String(data.get("parentId") ?? ""),
        accountType: data.get("accountType") === "reseller" ? "reseller" : "customer",
      });
      form?.reset();
      props.onCreated(created);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog class="dialog" ref={props.ref} aria-labelledby="create-org-title" onClose={close}>
      <div class="dialog-head">
        <h2 id="create-org-title" class="panel-title">
          Create an organisation
        </h2>
      </div>
      <form class="form dialog-body" ref={form} onSubmit={submit}>
        <div class="field">
          <label for="org-name">Name</label>
          <input id="org-name" name="name" required maxLength={200} autocomplete="organization" />
        </div>
        <div class="field">
          <label for="org-parent">Belongs to</label>
          <select id="org-parent" name="parentId" required>
            <For each={props.tree}>
              {(org) => (
                <option value={org.id} selected={org.id === props.parentId}>
                  {`${"— ".repeat(org.depth)}${org.name}`}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="org-type">Type</label>
          <select id="org-type" name="accountType" aria-describedby="org-type-hint">
            <option value="customer">Customer (a business you serve)</option>
            <option value="reseller">Reseller (sells on your behalf)</option>
          </select>
          <span class="field-hint" id="org-type-hint">
            It appears in your tree at once; subscribers are linked to it by your provider.
          </span>
        </div>
        <Show when={error()}>
          <div class="alert alert-error alert-row" role="alert">
            <AlertIcon />
            <span>{error()}</span>
          </div>
        </Show>
        <div class="dialog-actions">
          <button type="button" class="btn btn-secondary" onClick={() => close()}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {busy() ? "Creating…" : "Create organisation"}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** The reseller's organisation and everything below it, with subscriber counts; admins add children. */
export function ResellerOrganizationsPage() {
  useTitle("Organisations");
  const [tree, { refetch, mutate }] = createResource(() => portalApi.reseller.organizations());
  const [parentId, setParentId] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const isAdmin = () => user()?.roles.includes("reseller_admin") ?? false;
  let dialog: HTMLDialogElement | undefined;

  const openCreate = (parent?: string) => {
    setParentId(parent ?? tree()?.[0]?.id);
    setNotice(undefined);
    dialog?.showModal();
  };

  const created = async (org: OrganizationNode) => {
    dialog?.close();
    setNotice(`${org.name} was created.`);
    const next = await portalApi.reseller.organizations().catch(() => undefined);
    if (next) mutate(next);
    else refetch();
  };

  return (
    <div class="page">
      <PageHeader
        title={<>Organisations</>}
        sub={<>Your organisation and every organisation below it, with their subscribers.</>}
      />
      <Show when={notice()}>
        <div class="alert alert-success" role="status">
          {notice()}
        </div>
      </Show>
      <Switch>
        <Match when={tree.error}>
          <ErrorState title="Could not load your organisations" detail={errorMessage(tree.error)} onRetry={refetch} />
        </Match>
        <Match when={tree()}>
          {(list) => (
            <Panel id="tree-title" title={<>Organisation tree</>} sub={t("count.organisation", list().length)}>
              <Show
                when={list().length > 0}
                fallback={<EmptyState icon={<DatabaseIcon />} title="No organisations to show" />}
              >
                <div class="table-wrap">
                  <table class="table table-stack org-tree">
                    <thead>
                      <tr>
                        <th scope="col">Organisation</th>
                        <th scope="col">Type</th>
                        <th scope="col">Status</th>
                        <th scope="col">Subscribers</th>
                        <Show when={isAdmin()}>
                          <th scope="col">
                            <span class="sr-only">Actions</span>
                          </th>
                        </Show>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={list()}>
                        {(org) => (
                          <tr>
                            <th scope="row" class={`row-title tree-name ${depthClass(org.depth)}`}>
                              <span class="tree-label">
                                <Show when={org.depth > 0}>
                                  <span class="tree-branch" aria-hidden="true">
                                    └
                                  </span>
                                </Show>
                                {org.name}
                                <Show when={org.depth === 0}>
                                  {" "}
                                  <Badge tone="info">You</Badge>
                                </Show>
                              </span>
                            </th>
                            <td data-label="Type">{typeWords[org.accountType]}</td>
                            <td data-label="Status">
                              <Badge tone={org.status === "active" ? "success" : "warning"}>
                                {statusWords[org.status]}
                              </Badge>
                            </td>
                            <td data-label="Subscribers">
                              <A href={`/reseller/subscribers?organizationId=${org.id}`} class="count-link">
                                {t("count.subscriber", org.subscriberCount)}
                              </A>
                            </td>
                            <Show when={isAdmin()}>
                              <td data-label="Actions" class="nowrap">
                                <button
                                  type="button"
                                  class="btn btn-secondary btn-small"
                                  onClick={() => openCreate(org.id)}
                                  aria-label={`Add an organisation under ${org.name}`}
                                >
                                  Add below
                                </button>
                              </td>
                            </Show>
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
            <For each={[1, 2, 3]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
      </Switch>
      <Show when={isAdmin()}>
        <CreateDialog
          ref={(el) => {
            dialog = el;
          }}
          tree={tree() ?? []}
          parentId={parentId()}
          onClose={() => dialog?.close()}
          onCreated={created}
        />
      </Show>
    </div>
  );
}
