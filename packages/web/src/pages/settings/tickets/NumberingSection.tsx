import { createEffect, createSignal, For, Match, on, onCleanup, Show, Switch } from "solid-js";
import { errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { Badge, ErrorState, Panel, Skeleton } from "../../../components/ui";
import { t } from "../../../i18n";
import { createLoad } from "../../../lib/load";
import { settingsApi } from "./shared";

/** How new tickets are numbered: a pattern with date tokens, padding and a start, previewed as it is typed. */
export function NumberingSection() {
  const numbering = createLoad(() => settingsApi.numbering());
  const current = numbering.data;
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
      numbering.mutate(result);
      setSaved(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const insert = (token: string) => setPattern(`${pattern()}${token}`);

  return (
    <Panel id="ts-numbering" title={t("ticketSettings.numbering.title")} sub={t("ticketSettings.numbering.sub")}>
      <Switch>
        <Match when={numbering.error() && !current()}>
          <ErrorState
            title={t("ticketSettings.numbering.loadFailed")}
            detail={numbering.error() ?? ""}
            onRetry={numbering.refresh}
            busy={numbering.loading()}
          />
        </Match>
        <Match when={current()}>
          <form class="form panel-body ts-numbering" onSubmit={save}>
            <div class="ts-numbering-fields">
              <div class="field ts-pattern">
                <label for="ts-pattern">{t("ticketSettings.numbering.pattern")}</label>
                <input
                  id="ts-pattern"
                  value={pattern()}
                  maxLength={40}
                  aria-describedby="ts-pattern-hint"
                  aria-invalid={previewError() ? "true" : undefined}
                  onInput={(e) => setPattern(e.currentTarget.value)}
                />
                <span id="ts-pattern-hint" class="field-hint">
                  {t("ticketSettings.numbering.patternHint")}{" "}
                  <For each={["{YYYY}", "{MM}", "{DD}"]}>
                    {(token) => (
                      <button
                        type="button"
                        class="btn-link ts-token"
                        aria-label={t("ticketSettings.numbering.addToken", { token })}
                        onClick={() => insert(token)}
                      >
                        {token}
                      </button>
                    )}
                  </For>
                </span>
              </div>
              <div class="field ts-number">
                <label for="ts-padding">{t("ticketSettings.numbering.padding")}</label>
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
                <label for="ts-start">{t("ticketSettings.numbering.start")}</label>
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
              <span class="muted">{t("ticketSettings.numbering.next")}</span>
              <Show when={!previewError()} fallback={<span class="error-text">{previewError()}</span>}>
                <strong class="mono" data-testid="numbering-preview">
                  {preview()}
                </strong>
              </Show>
            </div>
            <ErrorAlert message={error()} />
            <div class="button-row">
              <button type="submit" class="btn btn-primary" disabled={busy() || Boolean(previewError())}>
                {busy() ? t("kit.saving") : t("ticketSettings.numbering.save")}
              </button>
              <Show when={saved()}>
                <Badge tone="success">{t("ticketSettings.numbering.saved")}</Badge>
              </Show>
            </div>
          </form>
        </Match>
        <Match when={true}>
          <div class="panel-body">
            <Skeleton class="sk-line" />
          </div>
        </Match>
      </Switch>
    </Panel>
  );
}
