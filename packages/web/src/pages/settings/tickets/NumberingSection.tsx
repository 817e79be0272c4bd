import { createEffect, createResource, createSignal, For, Match, on, onCleanup, Show, Switch } from "solid-js";
import { errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { Badge, ErrorState, Panel, Skeleton } from "../../../components/ui";
import { settingsApi } from "./shared";

export function NumberingSection() {
  const [current, { refetch, mutate }] = createResource(() => settingsApi.numbering());
  const [pattern, setPattern] = createSignal("");
  const [padding, setPadding] = createSignal("6");
  const [start, setStart] = createSignal("1");
  const [preview, setPreview] = createSignal<string>();
  const [previewError, setPreviewError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  createEffect(
    on(current, (c) => {
      if (!c) return;
      setPattern(c.pattern);
      setPadding(String(c.padding));
      setStart(String(c.start));
      setPreview(c.preview);
    }),
  );

  // The preview follows the form as it is typed, checked by the server exactly as saving would.
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      [pattern, padding, start],
      ([p, pad, s]) => {
        if (!current()) return;
        clearTimeout(timer);
        timer = setTimeout(async () => {
          try {
            setPreview(await settingsApi.preview({ pattern: p, padding: pad, start: s }));
            setPreviewError(undefined);
          } catch (failure) {
            setPreviewError(errorMessage(failure));
          }
        }, 250);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(timer));

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const result = await settingsApi.saveNumbering({
        pattern: pattern(),
        padding: Number(padding()),
        start: Number(start()),
      });
      mutate(result);
      setSaved(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const insert = (token: string) => setPattern(`${pattern()}${token}`);

  return (
    <Panel
      id="ts-numbering"
      title="Numbering"
      sub="How new tickets are numbered. Dates are UTC; a new prefix restarts the counter at the start number."
    >
      <Switch>
        <Match when={current.error}>
          <ErrorState title="Could not load the numbering" detail={errorMessage(current.error)} onRetry={refetch} />
        </Match>
        <Match when={current()}>
          <form class="form panel-body ts-numbering" onSubmit={save}>
            <div class="ts-numbering-fields">
              <div class="field ts-pattern">
                <label for="ts-pattern">Pattern</label>
                <input
                  id="ts-pattern"
                  value={pattern()}
                  maxLength={40}
                  aria-describedby="ts-pattern-hint"
                  aria-invalid={previewError() ? "true" : undefined}
                  onInput={(e) => setPattern(e.currentTarget.value)}
                />
                <span id="ts-pattern-hint" class="field-hint">
                  Letters, digits, - _ . and the tokens{" "}
                  <For each={["{YYYY}", "{MM}", "{DD}"]}>
                    {(token) => (
                      <button
                        type="button"
                        class="btn-link ts-token"
                        aria-label={`Add ${token}`}
                        onClick={() => insert(token)}
                      >
                        {token}
                      </button>
                    )}
                  </For>
                </span>
              </div>
              <div class="field ts-number">
                <label for="ts-padding">Padding</label>
                <input
                  id="ts-padding"
                  type="number"
                  min="0"
                  max="12"
                  value={padding()}
                  onInput={(e) => setPadding(e.currentTarget.value)}
                />
              </div>
              <div class="field ts-number">
                <label for="ts-start">Start at</label>
                <input
                  id="ts-start"
                  type="number"
                  min="0"
                  value={start()}
                  onInput={(e) => setStart(e.currentTarget.value)}
                />
              </div>
            </div>
            <div class="ts-preview" aria-live="polite">
              <span class="muted">Next ticket number</span>
              <Show when={!previewError()} fallback={<span class="error-text">{previewError()}</span>}>
                <strong class="mono" data-testid="numbering-preview">
                  {preview()}
                </strong>
              </Show>
            </div>
            <ErrorAlert message={error()} />
            <div class="button-row">
              <button type="submit" class="btn btn-primary" disabled={busy() || Boolean(previewError())}>
                {busy() ? "Saving…" : "Save numbering"}
              </button>
              <Show when={saved()}>
                <Badge tone="success">Saved</Badge>
              </Show>
            </div>
          </form>
        </Match>
        <Match when={current.loading}>
          <div class="panel-body">
            <Skeleton class="sk-line" />
          </div>
        </Match>
      </Switch>
    </Panel>
  );
}
