import { createSignal, For, Show } from "solid-js";
import { errorMessage, JSON_HEADERS, send } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { ConfirmAction } from "../../../components/kit/ConfirmAction";
import { formatMinutes } from "../../../components/SlaPanel";
import { type CalendarInfo, capital, type Policy, sla, type TicketType } from "./shared";

export function PoliciesTable(props: {
  items: Policy[];
  types: TicketType[];
  calendars: CalendarInfo[];
  canWrite: boolean;
  onEdit: (p: Policy) => void;
  onChanged: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const typeName = (id: string | null) =>
    id ? (props.types.find((t) => t.id === id)?.name ?? "Unknown type") : "Any type";
  const calendarName = (id: string | null) =>
    id ? (props.calendars.find((c) => c.id === id)?.name ?? "Unknown") : "Default";
  const scope = (p: Policy) => `${typeName(p.ticketTypeId)}, ${p.priority ?? "any priority"}`;
  const remove = async (p: Policy) => {
    setError(undefined);
    try {
      await send(sla.policies[":id"].$delete({ param: { id: p.id } }, JSON_HEADERS));
      props.onChanged();
    } catch (failure) {
      setError(`Could not delete the policy for ${scope(p)}: ${errorMessage(failure)}`);
    }
  };
  return (
    <>
      <ErrorAlert message={error()} />
      <div class="table-wrap">
        <table class="table table-stack sla-policies">
          <thead>
            <tr>
              <th scope="col">Ticket type</th>
              <th scope="col">Priority</th>
              <th scope="col">First response</th>
              <th scope="col">Resolution</th>
              <th scope="col">At risk from</th>
              <th scope="col">Calendar</th>
              <Show when={props.canWrite}>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.items}>
              {(p) => (
                <tr>
                  <th scope="row" class="row-title">
                    {typeName(p.ticketTypeId)}
                  </th>
                  <td data-label="Priority">
                    <Show when={p.priority} fallback={<span class="muted">Any</span>}>
                      {(x) => capital(x())}
                    </Show>
                  </td>
                  <td data-label="First response">{formatMinutes(p.firstResponseMinutes)}</td>
                  <td data-label="Resolution">{formatMinutes(p.resolutionMinutes)}</td>
                  <td data-label="At risk from">{p.warnAtPercent} %</td>
                  <td data-label="Calendar">{calendarName(p.calendarId)}</td>
                  <Show when={props.canWrite}>
                    <td data-label="Actions" class="nowrap">
                      <div class="button-row">
                        <button
                          type="button"
                          class="btn btn-secondary btn-small"
                          aria-label={`Edit the policy for ${scope(p)}`}
                          onClick={() => props.onEdit(p)}
                        >
                          Edit
                        </button>
                        <ConfirmAction
                          label="Delete"
                          prompt={<>Delete? Its tickets fall back to a broader policy.</>}
                          confirmLabel="Confirm delete"
                          busyLabel="Deleting…"
                          danger
                          run={() => remove(p)}
                        />
                      </div>
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

// ——— Calendars ———
