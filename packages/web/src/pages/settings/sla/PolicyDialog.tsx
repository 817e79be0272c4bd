import { createSignal, For, Show } from "solid-js";
import { errorMessage, send } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { type CalendarInfo, capital, DurationField, type Policy, priorities, sla, type TicketType } from "./shared";

export function PolicyDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  session: { policy: Policy | undefined };
  types: TicketType[];
  calendars: CalendarInfo[];
  onSaved: () => void;
  onClose: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const minutes = (name: string) => Number(data.get(name)) * Number(data.get(`${name}-unit`));
    const editing = props.session.policy;
    const json = {
      ticketTypeId: editing ? editing.ticketTypeId : String(data.get("policy-type") ?? "") || null,
      priority: editing
        ? editing.priority
        : ((String(data.get("policy-priority") ?? "") || null) as Policy["priority"] | null),
      firstResponseMinutes: minutes("policy-first"),
      resolutionMinutes: minutes("policy-resolution"),
      warnAtPercent: Number(data.get("policy-warn")),
      calendarId: String(data.get("policy-calendar") ?? "") || null,
    };
    setBusy(true);
    setError(undefined);
    try {
      await send(sla.policies.$put({ json }));
      props.onSaved();
      props.onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog
      class="dialog"
      ref={props.ref}
      aria-labelledby="policy-dialog-title"
      onClose={() => {
        setError(undefined);
        props.onClose();
      }}
    >
      <div class="dialog-head">
        <h2 id="policy-dialog-title" class="panel-title">
          {props.session.policy ? "Edit SLA policy" : "Add an SLA policy"}
        </h2>
      </div>
      <Show when={props.session} keyed>
        {({ policy }) => (
          <form class="form dialog-body" onSubmit={submit}>
            <div class="sla-fields">
              <div class="field">
                <label for="policy-type">Ticket type</label>
                <select id="policy-type" name="policy-type" disabled={!!policy}>
                  <option value="">Any type</option>
                  <For each={props.types}>
                    {(t) => (
                      <option value={t.id} selected={policy?.ticketTypeId === t.id}>
                        {t.name}
                      </option>
                    )}
                  </For>
                </select>
              </div>
              <div class="field">
                <label for="policy-priority">Priority</label>
                <select id="policy-priority" name="policy-priority" disabled={!!policy}>
                  <option value="">Any priority</option>
                  <For each={priorities}>
                    {(p) => (
                      <option value={p} selected={policy?.priority === p}>
                        {capital(p)}
                      </option>
                    )}
                  </For>
                </select>
              </div>
            </div>
            <Show when={!policy}>
              <p class="field-hint">
                A ticket gets the most specific policy: type and priority, then type, then priority, then any. Saving an
                existing type and priority pair replaces it.
              </p>
            </Show>
            <DurationField
              id="policy-first"
              label="First response within"
              minutes={policy?.firstResponseMinutes}
              hint="Business time on the policy's calendar until the first public reply."
            />
            <DurationField
              id="policy-resolution"
              label="Resolution within"
              minutes={policy?.resolutionMinutes}
              hint="Business time until the ticket is resolved; paused statuses do not count."
            />
            <div class="sla-fields">
              <div class="field">
                <label for="policy-warn">At risk from (%)</label>
                <input
                  id="policy-warn"
                  name="policy-warn"
                  type="number"
                  min="0"
                  max="100"
                  step="1"
                  required
                  value={policy?.warnAtPercent ?? 80}
                  aria-describedby="policy-warn-hint"
                />
                <span id="policy-warn-hint" class="field-hint">
                  Share of the target after which a warning is raised.
                </span>
              </div>
              <div class="field">
                <label for="policy-calendar">Calendar</label>
                <select id="policy-calendar" name="policy-calendar">
                  <option value="">The default calendar</option>
                  <For each={props.calendars}>
                    {(c) => (
                      <option value={c.id} selected={policy?.calendarId === c.id}>
                        {c.name}
                      </option>
                    )}
                  </For>
                </select>
              </div>
            </div>
            <ErrorAlert message={error()} />
            <div class="dialog-actions">
              <button type="button" class="btn btn-secondary" onClick={() => props.onClose()}>
                Cancel
              </button>
              <button type="submit" class="btn btn-primary" disabled={busy()}>
                {busy() ? "Saving…" : "Save policy"}
              </button>
            </div>
          </form>
        )}
      </Show>
    </dialog>
  );
}
