import { createSignal, For, Show } from "solid-js";
import { ApiError, errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { DateInput } from "../../../components/kit/DateInput";
import {
  type PatchInput,
  type Ticket,
  type TicketPriority,
  type TicketType,
  ticketApi,
} from "../../../components/tickets/api";
import { priorityLabel, ticketPriorities } from "../../../components/tickets/labels";
import { useTeams } from "../../../components/tickets/teams";
import { t } from "../../../i18n";

/** Priority, type, team, region and due date, each saved as it changes. */
export function FieldsControl(props: {
  ticket: Ticket;
  types: TicketType[];
  readOnly: boolean;
  onChanged: (ticket: Ticket) => void;
}) {
  const teams = useTeams();
  const [error, setError] = createSignal<string>();
  const [saved, setSaved] = createSignal<string>();
  const patch = async (what: string, body: PatchInput) => {
    setError(undefined);
    setSaved(undefined);
    try {
      props.onChanged(await ticketApi.patch(props.ticket.id, body));
      setSaved(t("ticket.fieldSaved", { field: what }));
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.fields.length > 0
          ? failure.fields.map((f) => `${f.path}: ${f.message}`).join("; ")
          : errorMessage(failure),
      );
    }
  };
  const saveText = (field: "region", what: string) => (event: SubmitEvent) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get(field) ?? "").trim();
    void patch(what, { [field]: value || null });
  };
  return (
    <div class="tk-fields">
      <div class="field">
        <label for="tk-priority">{t("ticket.priority")}</label>
        <select
          id="tk-priority"
          value={props.ticket.priority}
          disabled={props.readOnly}
          onChange={(e) => patch(t("ticket.priority"), { priority: e.currentTarget.value as TicketPriority })}
        >
          <For each={ticketPriorities}>{(p) => <option value={p}>{priorityLabel(p)}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for="tk-type">{t("ticket.type")}</label>
        <select
          id="tk-type"
          value={props.ticket.ticketTypeId ?? ""}
          disabled={props.readOnly}
          onChange={(e) => patch(t("ticket.type"), { ticketTypeId: e.currentTarget.value || null })}
        >
          <option value="">{t("ticket.noType")}</option>
          <For each={props.types}>
            {(t) => (
              <option value={t.id} selected={t.id === props.ticket.ticketTypeId}>
                {t.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <div class="field">
        <label for="tk-team">{t("ticket.team")}</label>
        <select
          id="tk-team"
          value={props.ticket.teamId ?? ""}
          disabled={props.readOnly}
          onChange={(e) => patch(t("ticket.team"), { teamId: e.currentTarget.value || null })}
        >
          <option value="">{t("ticket.noTeam")}</option>
          <For each={teams.teams()}>
            {(team) => (
              <option value={team.id} selected={team.id === props.ticket.teamId}>
                {team.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <form class="field" onSubmit={saveText("region", t("ticket.region"))}>
        <label for="tk-region">{t("ticket.region")}</label>
        <span class="tk-inline">
          <input
            id="tk-region"
            name="region"
            maxLength={100}
            value={props.ticket.region ?? ""}
            disabled={props.readOnly}
          />
          <Show when={!props.readOnly}>
            <button type="submit" class="btn btn-secondary btn-small" aria-label={t("ticket.saveRegion")}>
              {t("ticket.save")}
            </button>
          </Show>
        </span>
      </form>
      <form
        class="field"
        onSubmit={(event) => {
          event.preventDefault();
          const due = String(new FormData(event.currentTarget).get("dueAt") ?? "");
          void patch(t("ticket.due"), { dueAt: due || null });
        }}
      >
        <label for="tk-due">{t("ticket.due")}</label>
        <span class="tk-inline tk-due">
          <DateInput id="tk-due" name="dueAt" kind="datetime" value={props.ticket.dueAt} disabled={props.readOnly} />
          <Show when={!props.readOnly}>
            <button type="submit" class="btn btn-secondary btn-small" aria-label={t("ticket.saveDue")}>
              {t("ticket.save")}
            </button>
          </Show>
        </span>
      </form>
      <p class="sr-only" role="status" aria-live="polite">
        {saved()}
      </p>
      <ErrorAlert message={error()} />
    </div>
  );
}
