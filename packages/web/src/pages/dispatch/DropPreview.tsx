import { For, Show } from "solid-js";
import { shortDate, timeOfDay } from "../../format";
import { t } from "../../i18n";
import type { CheckResult, Picked, Target } from "./model";

/** What dropping the picked job on the target would break, shown before the drop (read aloud politely). */
export function DropPreview(props: {
  picked: Picked;
  target: Target | undefined;
  result: CheckResult | undefined;
  error: string | undefined;
}) {
  const where = () =>
    props.target
      ? `${props.target.techName}, ${shortDate(props.target.start)} ${timeOfDay(props.target.start).slice(0, 5)}`
      : "";
  return (
    <div class="dsp-preview" role="status" aria-live="polite">
      <Show when={props.target} fallback={<p>{t("board.selected", { number: props.picked.number })}</p>}>
        <p class="dsp-preview-title">{t("board.preview", { number: props.picked.number, target: where() })}</p>
        <Show when={props.error}>
          <p class="alert alert-error">{props.error}</p>
        </Show>
        <Show
          when={props.result}
          fallback={
            <Show when={!props.error}>
              <p class="muted">{t("board.checking")}</p>
            </Show>
          }
        >
          {(r) => (
            <Show when={r().conflicts.length > 0} fallback={<p class="dsp-ok-text">{t("board.noConflicts")}</p>}>
              <ul class="dsp-conflicts">
                <For each={r().conflicts}>
                  {(c) => (
                    <li class={c.blocking ? "dsp-conflict-blocking" : "dsp-conflict-warning"}>
                      <span class={`badge ${c.blocking ? "badge-danger" : "badge-warning"}`}>
                        {c.blocking ? t("board.blocking") : t("board.overridable")}
                      </span>{" "}
                      {c.message}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </Show>
    </div>
  );
}
