import { createSignal, For, Show } from "solid-js";
import { errorMessage, JSON_HEADERS, send } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { ConfirmAction } from "../../../components/kit/ConfirmAction";
import { Badge } from "../../../components/ui";
import { t } from "../../../i18n";
import { type CalendarInfo, hoursSummary, type Policy, sla } from "./shared";

export function CalendarsTable(props: {
  items: CalendarInfo[];
  policies: Policy[];
  canWrite: boolean;
  onEdit: (c: CalendarInfo) => void;
  onChanged: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const remove = async (c: CalendarInfo) => {
    setError(undefined);
    try {
      await send(sla.calendars[":name"].$delete({ param: { name: encodeURIComponent(c.name) } }, JSON_HEADERS));
      props.onChanged();
    } catch (failure) {
      setError(`Could not delete ${c.name}: ${errorMessage(failure)}`);
    }
  };
  const usedBy = (c: CalendarInfo) => props.policies.filter((p) => p.calendarId === c.id).length;
  return (
    <>
      <ErrorAlert message={error()} />
      <div class="table-wrap">
        <table class="table table-stack sla-calendars">
          <thead>
            <tr>
              <th scope="col">Calendar</th>
              <th scope="col">Time zone</th>
              <th scope="col">Hours</th>
              <th scope="col">Holidays</th>
              <Show when={props.canWrite}>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.items}>
              {(c) => (
                <tr>
                  <th scope="row" class="row-title">
                    {c.name}{" "}
                    <Show when={c.isDefault}>
                      <Badge tone="info">Default</Badge>
                    </Show>
                  </th>
                  <td data-label="Time zone">{c.definition.timeZone.replaceAll("_", " ")}</td>
                  <td data-label="Hours">{hoursSummary(c.definition)}</td>
                  <td data-label="Holidays">
                    <Show when={(c.definition.holidays ?? []).length > 0} fallback={<span class="muted">None</span>}>
                      <span title={(c.definition.holidays ?? []).join(", ")}>
                        {t("count.day", (c.definition.holidays ?? []).length)}
                      </span>
                    </Show>
                  </td>
                  <Show when={props.canWrite}>
                    <td data-label="Actions" class="nowrap">
                      <div class="button-row">
                        <button
                          type="button"
                          class="btn btn-secondary btn-small"
                          aria-label={`Edit calendar ${c.name}`}
                          onClick={() => props.onEdit(c)}
                        >
                          Edit
                        </button>
                        <Show when={!c.isDefault && usedBy(c) === 0}>
                          <ConfirmAction
                            label="Delete"
                            prompt={<>Delete {c.name}?</>}
                            confirmLabel="Confirm delete"
                            busyLabel="Deleting…"
                            danger
                            run={() => remove(c)}
                          />
                        </Show>
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

// ——— Pause statuses and confirmation grace ———
