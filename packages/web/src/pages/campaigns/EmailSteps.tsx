import { Index, Show } from "solid-js";
import { t } from "../../i18n";

export interface Step {
  delayHours: number;
  subject: string;
  body: string;
}

/** An email campaign's first message and its follow-ups, each after a delay. */
export function EmailSteps(props: {
  steps: Step[];
  setSteps: (update: (all: Step[]) => Step[]) => void;
  invalid: (path: string) => boolean;
}) {
  const update = (i: number, patch: Partial<Step>) =>
    props.setSteps((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <>
      <Index each={props.steps}>
        {(step, i) => (
          <fieldset class="field tk-fieldset campaign-step">
            <legend>{i === 0 ? t("campaigns.detail.first") : t("campaigns.edit.step", { n: String(i) })}</legend>
            <Show when={i > 0}>
              <div class="field">
                <label for={`step-${i}-delay`}>{t("campaigns.edit.delayHours")}</label>
                <input
                  id={`step-${i}-delay`}
                  type="number"
                  min="1"
                  max="8760"
                  value={step().delayHours}
                  onInput={(e) => update(i, { delayHours: Number(e.currentTarget.value) })}
                />
              </div>
            </Show>
            <div class="field">
              <label for={`step-${i}-subject`}>{t("campaigns.edit.subject")}</label>
              <input
                id={`step-${i}-subject`}
                maxLength={300}
                value={step().subject}
                aria-invalid={props.invalid(`steps.${i}.subject`) ? "true" : undefined}
                onInput={(e) => update(i, { subject: e.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label for={`step-${i}-body`}>{t("campaigns.edit.body")}</label>
              <textarea
                id={`step-${i}-body`}
                rows="7"
                value={step().body}
                aria-invalid={props.invalid(`steps.${i}.body`) ? "true" : undefined}
                onInput={(e) => update(i, { body: e.currentTarget.value })}
              />
            </div>
            <Show when={i > 0}>
              <button
                type="button"
                class="btn btn-secondary"
                onClick={() => props.setSteps((all) => all.filter((_, j) => j !== i))}
              >
                {t("campaigns.edit.removeStep", { n: String(i) })}
              </button>
            </Show>
          </fieldset>
        )}
      </Index>
      <button
        type="button"
        class="btn btn-secondary"
        onClick={() => props.setSteps((all) => [...all, { delayHours: 24, subject: "", body: "" }])}
      >
        {t("campaigns.edit.addStep")}
      </button>
    </>
  );
}
