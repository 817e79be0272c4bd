import { createResource, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { t } from "../../i18n";
import { technicianApi } from "./api";

/**
 * Makes a staff user a technician: the user (field technicians first), region, job title and time zone
 * (the browser's by default). Skills and shifts are set on the technician's page, where `onAdded` goes.
 */
export function AddTechnicianDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  /** Counts the openings: the staff users are loaded afresh each time (0 = never opened, nothing loaded). */
  opened: number;
  onAdded: (userId: string) => void;
}) {
  const [candidates] = createResource(
    () => props.opened || false,
    () => technicianApi.candidates().then((r) => r.items),
    { initialValue: [] },
  );
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <DialogForm
      id="add-technician"
      ref={props.ref}
      title={t("technicians.add.title")}
      intro={t("technicians.add.intro")}
      submitLabel={t("technicians.add.submit")}
      busyLabel={t("technicians.add.busy")}
      submit={async (form) => {
        const data = new FormData(form);
        const userId = String(data.get("userId") ?? "");
        if (!userId) throw invalid("userId", t("technicians.add.pick"));
        const text = (name: string) => String(data.get(name) ?? "").trim() || null;
        await technicianApi.save(userId, {
          title: text("title"),
          region: text("region"),
          timeZone: text("timeZone") ?? zone,
        });
        props.onAdded(userId);
      }}
    >
      {(errors) => (
        <>
          <Show when={candidates.error}>
            <div class="alert alert-error" role="alert">
              {t("technicians.add.loadFailed", { error: errorMessage(candidates.error) })}
            </div>
          </Show>
          <Show when={!candidates.loading && !candidates.error && candidates().length === 0}>
            <p class="muted">{t("technicians.add.none")}</p>
          </Show>
          <Field id="add-tech-user" label={t("technicians.add.user")} error={errors.field("userId")}>
            {(aria) => (
              <select {...aria} name="userId">
                <option value="">{t("technicians.add.pick")}</option>
                <For each={candidates()}>
                  {(c) => (
                    <option value={c.userId}>
                      {t(c.fieldRole ? "technicians.add.fieldRole" : "technicians.add.other", {
                        name: c.name,
                        email: c.email,
                      })}
                    </option>
                  )}
                </For>
              </select>
            )}
          </Field>
          <Field id="add-tech-region" label={t("technicians.add.region")} error={errors.field("region")}>
            {(aria) => <input {...aria} name="region" maxLength={100} autocomplete="off" />}
          </Field>
          <Field id="add-tech-title" label={t("technicians.jobTitle")} error={errors.field("title")}>
            {(aria) => <input {...aria} name="title" maxLength={100} autocomplete="off" />}
          </Field>
          <Field id="add-tech-zone" label={t("technicians.timeZone")} error={errors.field("timeZone")}>
            {(aria) => <input {...aria} name="timeZone" value={zone} maxLength={64} autocomplete="off" />}
          </Field>
        </>
      )}
    </DialogForm>
  );
}
