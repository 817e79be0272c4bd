import { createSignal, For, Show } from "solid-js";
import { errorMessage, send } from "../../../api";
import { ErrorAlert, Notice } from "../../../components/kit/Alert";
import { statusLabel } from "../../../components/tickets/labels";
import { t } from "../../../i18n";
import { pausable, type Settings, sla } from "./shared";

export function SettingsForm(props: { settings: Settings; canWrite: boolean; onSaved: (s: Settings) => void }) {
  const [error, setError] = createSignal<string>();
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const json = {
      pauseStatuses: data.getAll("pauseStatuses").map(String) as Array<(typeof pausable)[number]>,
      confirmationGraceHours: Number(data.get("confirmationGraceHours")),
    };
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      props.onSaved(await (await send(sla.settings.$put({ json }))).json());
      setSaved(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form panel-body" onSubmit={submit}>
      <fieldset class="field sla-pause" disabled={!props.canWrite}>
        <legend>{t("sla.pauseLegend")}</legend>
        <div class="sla-pause-list">
          <For each={pausable}>
            {(s) => (
              <label class="check" for={`pause-${s}`}>
                <input
                  id={`pause-${s}`}
                  class="check-box"
                  type="checkbox"
                  name="pauseStatuses"
                  value={s}
                  checked={props.settings.pauseStatuses.includes(s)}
                />
                <span>{statusLabel(s)}</span>
              </label>
            )}
          </For>
        </div>
        <span class="field-hint">{t("sla.pauseHint")}</span>
      </fieldset>
      <div class="field sla-grace">
        <label for="grace-hours">{t("sla.grace")}</label>
        <input
          id="grace-hours"
          name="confirmationGraceHours"
          type="number"
          min="1"
          max="720"
          step="1"
          required
          disabled={!props.canWrite}
          value={props.settings.confirmationGraceHours}
          aria-describedby="grace-hint"
        />
        <span id="grace-hint" class="field-hint">
          {t("sla.graceHint")}
        </span>
      </div>
      <ErrorAlert message={error()} />
      <Notice message={saved() ? t("sla.saved") : undefined} />
      <Show when={props.canWrite}>
        <div class="button-row">
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {busy() ? t("kit.saving") : t("sla.saveSettings")}
          </button>
        </div>
      </Show>
    </form>
  );
}

// ——— One ticket's clocks, explained ———

/** Looks a ticket up by number and shows its SLA badges and every counted or paused stretch. */
