import { For, Show } from "solid-js";
import { send } from "../../../api";
import { DialogForm, Field } from "../../../components/kit/DialogForm";
import { priorityLabel } from "../../../components/tickets/labels";
import { t } from "../../../i18n";
import { type CalendarInfo, DurationField, type Policy, priorities, sla, type TicketType } from "./shared";

/** Adds a policy for a type and priority, or edits one (its scope stays). */
export function PolicyDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  session: { policy: Policy | undefined };
  types: TicketType[];
  calendars: CalendarInfo[];
  onSaved: () => void;
}) {
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
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
    await send(sla.policies.$put({ json }));
    props.onSaved();
  };
  return (
    <DialogForm
      id="policy-dialog"
      ref={props.ref}
      title={props.session.policy ? t("sla.dialog.editPolicy") : t("sla.dialog.addPolicy")}
      submitLabel={t("sla.dialog.savePolicy")}
      submit={submit}
    >
      {(errors) => (
        <Show when={props.session} keyed>
          {({ policy }) => (
            <>
              <div class="sla-fields">
                <Field id="policy-type" label={t("sla.col.type")} error={errors.field("ticketTypeId")}>
                  {(aria) => (
                    <select {...aria} name="policy-type" disabled={!!policy}>
                      <option value="">{t("sla.anyType")}</option>
                      <For each={props.types}>
                        {(type) => (
                          <option value={type.id} selected={policy?.ticketTypeId === type.id}>
                            {type.name}
                          </option>
                        )}
                      </For>
                    </select>
                  )}
                </Field>
                <Field id="policy-priority" label={t("sla.col.priority")} error={errors.field("priority")}>
                  {(aria) => (
                    <select {...aria} name="policy-priority" disabled={!!policy}>
                      <option value="">{t("sla.dialog.anyPriority")}</option>
                      <For each={priorities}>
                        {(p) => (
                          <option value={p} selected={policy?.priority === p}>
                            {priorityLabel(p)}
                          </option>
                        )}
                      </For>
                    </select>
                  )}
                </Field>
              </div>
              <Show when={!policy}>
                <p class="field-hint">{t("sla.dialog.specific")}</p>
              </Show>
              <DurationField
                id="policy-first"
                label={t("sla.dialog.firstWithin")}
                minutes={policy?.firstResponseMinutes}
                hint={t("sla.dialog.firstHint")}
                error={errors.field("firstResponseMinutes")}
              />
              <DurationField
                id="policy-resolution"
                label={t("sla.dialog.resolutionWithin")}
                minutes={policy?.resolutionMinutes}
                hint={t("sla.dialog.resolutionHint")}
                error={errors.field("resolutionMinutes")}
              />
              <div class="sla-fields">
                <Field
                  id="policy-warn"
                  label={t("sla.dialog.warn")}
                  hint={t("sla.dialog.warnHint")}
                  error={errors.field("warnAtPercent")}
                >
                  {(aria) => (
                    <input
                      {...aria}
                      name="policy-warn"
                      type="number"
                      min="0"
                      max="100"
                      step="1"
                      required
                      value={policy?.warnAtPercent ?? 80}
                    />
                  )}
                </Field>
                <Field id="policy-calendar" label={t("sla.col.calendar")} error={errors.field("calendarId")}>
                  {(aria) => (
                    <select {...aria} name="policy-calendar">
                      <option value="">{t("sla.dialog.defaultCalendar")}</option>
                      <For each={props.calendars}>
                        {(c) => (
                          <option value={c.id} selected={policy?.calendarId === c.id}>
                            {c.name}
                          </option>
                        )}
                      </For>
                    </select>
                  )}
                </Field>
              </div>
            </>
          )}
        </Show>
      )}
    </DialogForm>
  );
}
