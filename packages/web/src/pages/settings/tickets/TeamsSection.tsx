import { createResource, createSignal } from "solid-js";
import { client, errorMessage, read, send } from "../../../api";
import { UserIcon } from "../../../components/icons";
import { ConfirmAction } from "../../../components/kit/ConfirmAction";
import { type Column, DataTable } from "../../../components/kit/DataTable";
import { DialogForm, Field } from "../../../components/kit/DialogForm";
import type { Team } from "../../../components/tickets/api";
import { useTeams } from "../../../components/tickets/teams";
import { Panel } from "../../../components/ui";
import { t } from "../../../i18n";
import { can } from "../../../session";

const endpoint = client.api.v1.teams;

/** Settings › teams: the managed list ticket forms and filters pick from (add, rename, remove). */
export function TeamsSection() {
  const [teams, { refetch }] = createResource(async () => (await read(endpoint.$get())).items);
  const shared = useTeams();
  const [editing, setEditing] = createSignal<Team>();
  const [error, setError] = createSignal<string>();
  const canWrite = () => can("system:settings:write");
  let dialog: HTMLDialogElement | undefined;

  const reload = async () => {
    await refetch();
    // The pickers on other screens of this page load read the same list.
    await shared.refetch();
  };
  const open = (team?: Team) => {
    setEditing(team);
    dialog?.showModal();
  };

  const columns: Column<Team>[] = [
    {
      id: "name",
      header: t("teams.name"),
      rowHeader: true,
      cell: (team) => team.name,
      compare: (a, b) => a.name.localeCompare(b.name),
    },
    {
      id: "description",
      header: t("teams.description"),
      class: "tk-wrap-cell",
      cell: (team) => team.description ?? <span class="muted">—</span>,
    },
    {
      id: "actions",
      header: t("teams.actions"),
      cell: (team) =>
        canWrite() ? (
          <span class="button-row">
            <button
              type="button"
              class="btn btn-secondary btn-small"
              aria-label={t("teams.editNamed", { name: team.name })}
              onClick={() => open(team)}
            >
              {t("teams.edit")}
            </button>
            <ConfirmAction
              label={t("teams.remove")}
              prompt={t("teams.removePrompt", { name: team.name })}
              confirmLabel={t("teams.removeConfirm")}
              danger
              quiet
              small
              onError={(failure) => setError(errorMessage(failure))}
              run={async () => {
                await send(
                  endpoint[":id"].$delete(
                    { param: { id: team.id } },
                    { headers: { "content-type": "application/json" } },
                  ),
                );
                await reload();
              }}
            />
          </span>
        ) : (
          <span class="muted">—</span>
        ),
    },
  ];

  return (
    <Panel
      id="ts-teams"
      title={t("teams.title")}
      sub={t("teams.sub")}
      actions={
        canWrite() ? (
          <button type="button" class="btn btn-primary" onClick={() => open()}>
            {t("teams.add")}
          </button>
        ) : undefined
      }
    >
      <DataTable
        class="ts-teams-table"
        labelledBy="ts-teams"
        columns={columns}
        rows={teams()}
        rowKey={(team) => team.id}
        loading={teams.loading}
        error={teams.error ? errorMessage(teams.error) : error()}
        errorTitle={t("teams.loadFailed")}
        onRetry={() => void reload()}
        empty={{ icon: <UserIcon />, title: t("teams.empty"), body: t("teams.emptyBody") }}
      />
      <DialogForm
        id="ts-team-dialog"
        ref={(el) => {
          dialog = el;
        }}
        title={editing() ? t("teams.edit") : t("teams.add")}
        submitLabel={t("teams.save")}
        onClose={() => setEditing(undefined)}
        submit={async (form) => {
          const data = new FormData(form);
          const name = String(data.get("name") ?? "").trim();
          const description = String(data.get("description") ?? "").trim() || null;
          const current = editing();
          if (current) {
            await read(endpoint[":id"].$patch({ param: { id: current.id }, json: { name, description } }));
          } else {
            await read(endpoint.$post({ json: { name, description } }));
          }
          await reload();
        }}
      >
        {(errors) => (
          <>
            <Field id="ts-team-name" label={t("teams.name")} error={errors.field("name")}>
              {(aria) => (
                <input
                  {...aria}
                  name="name"
                  required
                  maxLength={100}
                  placeholder={t("teams.namePlaceholder")}
                  value={editing()?.name ?? ""}
                />
              )}
            </Field>
            <Field
              id="ts-team-description"
              label={t("teams.description")}
              hint={t("teams.descriptionHint")}
              error={errors.field("description")}
            >
              {(aria) => <input {...aria} name="description" maxLength={500} value={editing()?.description ?? ""} />}
            </Field>
          </>
        )}
      </DialogForm>
    </Panel>
  );
}
