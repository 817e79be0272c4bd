import { A } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import { DatabaseIcon } from "../components/icons";
import { Notice } from "../components/kit/Alert";
import { type Column, DataTable, loadedTable } from "../components/kit/DataTable";
import { DialogForm, Field } from "../components/kit/DialogForm";
import { PageHeader } from "../components/kit/PageHeader";
import { Badge, Panel } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";
import { createLoad } from "../lib/load";
import { type OrganizationNode, portalApi } from "../portal-api";
import { user } from "../session";

/** Indentation steps stop at six: deeper levels line up with the sixth. */
const depthClass = (depth: number) => `tree-depth-${Math.min(depth, 6)}`;

/** A new organisation under one of the reseller's own; the server's refusals land on their fields. */
function CreateDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  tree: OrganizationNode[];
  parentId: string | undefined;
  onCreated: (org: OrganizationNode) => void;
}) {
  return (
    <DialogForm
      id="create-org"
      ref={props.ref}
      title={t("portal.orgs.dialog.title")}
      submitLabel={t("portal.orgs.dialog.submit")}
      busyLabel={t("portal.orgs.dialog.busy")}
      submit={async (form) => {
        const data = new FormData(form);
        const created = await portalApi.reseller.createOrganization({
          name: String(data.get("name") ?? ""),
          parentId: String(data.get("parentId") ?? ""),
          accountType: data.get("accountType") === "reseller" ? "reseller" : "customer",
        });
        props.onCreated(created);
      }}
    >
      {(errors) => (
        <>
          <Field id="org-name" label={t("portal.orgs.dialog.name")} error={errors.field("name")}>
            {(aria) => <input {...aria} name="name" required maxLength={200} autocomplete="organization" />}
          </Field>
          <Field id="org-parent" label={t("portal.orgs.dialog.parent")} error={errors.field("parentId")}>
            {(aria) => (
              <select {...aria} name="parentId" required>
                <For each={props.tree}>
                  {(org) => (
                    <option value={org.id} selected={org.id === props.parentId}>
                      {`${"— ".repeat(org.depth)}${org.name}`}
                    </option>
                  )}
                </For>
              </select>
            )}
          </Field>
          <Field
            id="org-type"
            label={t("portal.orgs.dialog.type")}
            hint={t("portal.orgs.dialog.typeHint")}
            error={errors.field("accountType")}
          >
            {(aria) => (
              <select {...aria} name="accountType">
                <option value="customer">{t("portal.orgs.dialog.customer")}</option>
                <option value="reseller">{t("portal.orgs.dialog.reseller")}</option>
              </select>
            )}
          </Field>
        </>
      )}
    </DialogForm>
  );
}

/** The reseller's organisation and everything below it, with subscriber counts; admins add children. */
export function ResellerOrganizationsPage() {
  useTitle(t("portal.orgs.title"));
  const tree = createLoad(() => portalApi.reseller.organizations(), { keepOnError: true });
  const [parentId, setParentId] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const isAdmin = () => user()?.roles.includes("reseller_admin") ?? false;
  let dialog: HTMLDialogElement | undefined;

  const openCreate = (parent: string) => {
    setParentId(parent);
    setNotice(undefined);
    dialog?.showModal();
  };

  const created = async (org: OrganizationNode) => {
    setNotice(t("portal.orgs.created", { name: org.name }));
    await tree.refresh();
  };

  const columns = createMemo((): Column<OrganizationNode>[] => [
    {
      id: "org",
      header: t("portal.orgs.col.org"),
      rowHeader: true,
      class: "tree-name",
      cell: (org) => (
        <span class={`tree-label ${depthClass(org.depth)}`}>
          <Show when={org.depth > 0}>
            <span class="tree-branch" aria-hidden="true">
              └
            </span>
          </Show>
          {org.name}
          <Show when={org.depth === 0}>
            {" "}
            <Badge tone="info">{t("portal.you")}</Badge>
          </Show>
        </span>
      ),
    },
    { id: "type", header: t("portal.orgs.col.type"), cell: (org) => t(`portal.accountType.${org.accountType}`) },
    {
      id: "status",
      header: t("portal.orgs.col.status"),
      cell: (org) => (
        <Badge tone={org.status === "active" ? "success" : "warning"}>
          {t(`portal.organizationStatus.${org.status}`)}
        </Badge>
      ),
    },
    {
      id: "subscribers",
      header: t("portal.orgs.col.subscribers"),
      cell: (org) => (
        <A href={`/reseller/subscribers?organizationId=${org.id}`} class="count-link">
          {t("count.subscriber", org.subscriberCount)}
        </A>
      ),
    },
    ...(isAdmin()
      ? [
          {
            id: "actions",
            header: <span class="sr-only">{t("portal.orgs.col.actions")}</span>,
            label: t("portal.orgs.col.actions"),
            class: "nowrap",
            cell: (org: OrganizationNode) => (
              <button
                type="button"
                class="btn btn-secondary btn-small"
                onClick={() => openCreate(org.id)}
                aria-label={t("portal.orgs.addUnder", { name: org.name })}
              >
                {t("portal.orgs.addBelow")}
              </button>
            ),
          },
        ]
      : []),
  ]);

  return (
    <div class="page">
      <PageHeader
        title={t("portal.orgs.title")}
        sub={t("portal.orgs.sub")}
        refreshedAt={tree.refreshedAt()}
        onRefresh={tree.refresh}
        refreshing={tree.loading()}
      />
      <Notice message={notice()} />
      <Panel
        id="tree-title"
        title={t("portal.orgs.tree")}
        sub={tree.data() ? t("count.organisation", tree.data()?.length ?? 0) : undefined}
      >
        <DataTable
          class="org-tree"
          labelledBy="tree-title"
          columns={columns()}
          {...loadedTable(tree)}
          rowKey={(org) => org.id}
          errorTitle={t("portal.orgs.loadFailed")}
          skeletonRows={3}
          empty={{ icon: <DatabaseIcon />, title: t("portal.orgs.empty") }}
        />
      </Panel>
      <Show when={isAdmin()}>
        <CreateDialog
          ref={(el) => {
            dialog = el;
          }}
          tree={tree.data() ?? []}
          parentId={parentId()}
          onCreated={created}
        />
      </Show>
    </div>
  );
}
