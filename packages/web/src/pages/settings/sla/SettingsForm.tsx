import { createSignal, For, Show } from "solid-js";
import { errorMessage, send } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { pausable, type Settings, sla, statusLabel } from "./shared";

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
        <legend>Statuses that pause the clocks</legend>
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
        <span class="field-hint">Time spent in these statuses never counts. Changing them re-checks open tickets.</span>
      </fieldset>
      <div class="field sla-grace">
        <label for="grace-hours">Confirmation grace (hours)</label>
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
          A resolved ticket the customer neither confirms nor disputes closes itself after this long.
        </span>
      </div>
      <ErrorAlert message={error()} />
      <Show when={saved()}>
        <p class="alert alert-success" role="status">
          Settings saved.
        </p>
      </Show>
      <Show when={props.canWrite}>
        <div class="button-row">
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {busy() ? "Saving…" : "Save settings"}
          </button>
        </div>
      </Show>
    </form>
  );
}

// ——— One ticket's clocks, explained ———

/** Looks a ticket up by number and shows its SLA badges and every counted or paused stretch. */
