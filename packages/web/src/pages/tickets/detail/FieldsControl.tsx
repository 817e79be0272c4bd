import { createSignal, For, Show } from "solid-js";
import { ApiError, errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import {
  type PatchInput,
  type Ticket,
  type TicketPriority,
  type TicketType,
  ticketApi,
} from "../../../components/tickets/api";
import { priorityLabel, ticketPriorities } from "../../../components/tickets/labels";

/** `2026-11-26T09:00` for a datetime-local input, in the browser's time zone. */
const localInput = (iso: string | null) => {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** Priority, type, team, region and due date, each saved as it changes. */
export function FieldsControl(props: {
  ticket: Ticket;
  types: TicketType[];
  readOnly: boolean;
  onChanged: (ticket: Ticket) => void;
}) {
  const [error, setError] = createSignal<string>();
  const [saved, setSaved] = createSignal<string>();
  const patch = async (what: string, body: PatchInput) => {
    setError(undefined);
    setSaved(undefined);
    try {
      props.onChanged(await ticketApi.patch(props.ticket.id, body));
      setSaved(`${what} saved.`);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.fields.length > 0
          ? failure.fields.map((f) => `${f.path}: ${f.message}`).join("; ")
          : errorMessage(failure),
      );
    }
  };
  const saveText = (field: "serviceTeam" | "region", what: string) => (event: SubmitEvent) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get(field) ?? "").trim();
    void patch(what, { [field]: value || null });
  };
  return (
    <div class="tk-fields">
      <div class="field">
        <label for="tk-priority">Priority</label>
        <select
          id="tk-priority"
          value={props.ticket.priority}
          disabled={props.readOnly}
          onChange={(e) => patch("Priority", { priority: e.currentTarget.value as TicketPriority })}
        >
          <For each={ticketPriorities}>{(p) => <option value={p}>{priorityLabel(p)}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for="tk-type">Type</label>
        <select
          id="tk-type"
          value={props.ticket.ticketTypeId ?? ""}
          disabled={props.readOnly}
          onChange={(e) => patch("Type", { ticketTypeId: e.currentTarget.value || null })}
        >
          <option value="">No type</option>
          <For each={props.types}>
            {(t) => (
              <option value={t.id} selected={t.id === props.ticket.ticketTypeId}>
                {t.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <form class="field" onSubmit={saveText("serviceTeam", "Team")}>
        <label for="tk-team">Team</label>
        <span class="tk-inline">
          <input
            id="tk-team"
            name="serviceTeam"
            maxLength={100}
            value={props.ticket.serviceTeam ?? ""}
            disabled={props.readOnly}
          />
          <Show when={!props.readOnly}>
            <button type="submit" class="btn btn-secondary btn-small" aria-label="Save team">
              Save
            </button>
          </Show>
        </span>
      </form>
      <form class="field" onSubmit={saveText("region", "Region")}>
        <label for="tk-region">Region</label>
        <span class="tk-inline">
          <input
            id="tk-region"
            name="region"
            maxLength={100}
            value={props.ticket.region ?? ""}
            disabled={props.readOnly}
          />
          <Show when={!props.readOnly}>
            <button type="submit" class="btn btn-secondary btn-small" aria-label="Save region">
              Save
            </button>
          </Show>
        </span>
      </form>
      <form
        class="field"
        onSubmit={(event) => {
          event.preventDefault();
          const due = String(new FormData(event.currentTarget).get("dueAt") ?? "");
          void patch("Due date", { dueAt: due ? new Date(due).toISOString() : null });
        }}
      >
        <label for="tk-due">Due</label>
        <span class="tk-inline">
          <input
            id="tk-due"
            name="dueAt"
            type="datetime-local"
            value={localInput(props.ticket.dueAt)}
            disabled={props.readOnly}
          />
          <Show when={!props.readOnly}>
            <button type="submit" class="btn btn-secondary btn-small" aria-label="Save due date">
              Save
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
