import { createEffect, createMemo, createSignal, on, onCleanup, onMount, Show, untrack } from "solid-js";
import { intlLocale, t } from "../../i18n";
import {
  type DateKind,
  type DatePattern,
  datePattern,
  formatDateInput,
  fromIsoDay,
  isoDay,
  parseDateInput,
  patternHint,
} from "../../lib/date-input";
import { CalendarIcon } from "../icons";

/** `2026-11-26T09:05` for a native datetime-local input, in the browser's time zone. */
const nativeValue = (date: Date, kind: DateKind) => {
  const pad = (n: number) => String(n).padStart(2, "0");
  return kind === "date" ? isoDay(date) : `${isoDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

/**
 * A date, or a date and time, typed in the order and with the separators of the portal's locale
 * (26/11/2026 in en-GB, 11/26/2026 in en-US), with the browser's calendar one button away. A native
 * date input cannot do this: it follows the browser's UI language, not the page's. The form receives
 * `name` through a hidden input: `2026-11-26` for a date, an ISO instant for a date and time, empty for
 * none. The format is the placeholder (and the box's description for screen readers); text it cannot
 * read says so under the field and blocks the form's submit.
 */
export function DateInput(props: {
  id: string;
  name: string;
  kind: DateKind;
  /** `2026-11-26` for a date, an ISO instant for a date and time; empty or null for none. */
  value: string | null | undefined;
  disabled?: boolean;
  /** A message for this field from outside (the server's), shown instead of the format hint. */
  error?: string | undefined;
  /** Another description of the box (a Field's own hint or error), read after the format. */
  describedBy?: string | undefined;
  /** Called as the reader types, with what the form would submit (empty while the text is not a date). */
  onValue?: (value: string) => void;
}) {
  const pattern = createMemo(() => datePattern(intlLocale(), props.kind));
  const hint = () =>
    patternHint(pattern(), {
      day: t("kit.date.day"),
      month: t("kit.date.month"),
      year: t("kit.date.year"),
      hour: t("kit.date.hour"),
      minute: t("kit.date.minute"),
    });
  const asDate = (value: string | null | undefined): Date | undefined => {
    if (!value) return undefined;
    if (props.kind === "date") return fromIsoDay(value);
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
  };
  /** A value as the box writes it. */
  const shown = (value: string | null | undefined, p: DatePattern) => {
    const date = asDate(value);
    return date ? formatDateInput(date, p) : "";
  };
  const [text, setText] = createSignal("");
  const parsed = createMemo(() => parseDateInput(text(), pattern()));
  const submitted = () => {
    const date = parsed();
    if (!(date instanceof Date)) return "";
    return props.kind === "date" ? isoDay(date) : date.toISOString();
  };
  // A value from outside (a saved ticket, the URL, a cleared form) rewrites the box; the reader's own
  // typing echoed back does not, so the text never jumps while they type. A new locale rewrites it too.
  let shownPattern: DatePattern | undefined;
  createEffect(
    on([() => props.value ?? "", pattern], ([value, p]) => {
      const echo = value === untrack(submitted) && p === shownPattern;
      shownPattern = p;
      if (!echo) setText(shown(value, p));
    }),
  );
  // A form reset empties the box but not the text it came from: show the value from outside again.
  onMount(() => {
    const form = box?.form;
    if (!form) return;
    const reset = () => queueMicrotask(() => setText(untrack(() => shown(props.value, pattern()))));
    form.addEventListener("reset", reset);
    onCleanup(() => form.removeEventListener("reset", reset));
  });
  const invalid = () => parsed() === "invalid";
  const message = () => (invalid() ? t("kit.date.invalid", { pattern: hint() }) : props.error);
  let box: HTMLInputElement | undefined;
  let native: HTMLInputElement | undefined;
  createEffect(() => box?.setCustomValidity(invalid() ? t("kit.date.invalid", { pattern: hint() }) : ""));

  const pick = () => {
    if (!native || typeof native.showPicker !== "function") return;
    const date = parsed();
    native.value = date instanceof Date ? nativeValue(date, props.kind) : "";
    try {
      native.showPicker();
    } catch {
      // A browser that refuses (no user activation, no picker) leaves typing, which always works.
    }
  };
  const picked = () => {
    if (!native?.value) return;
    const date = props.kind === "date" ? fromIsoDay(native.value) : new Date(native.value);
    if (date && !Number.isNaN(date.getTime())) {
      setText(formatDateInput(date, pattern()));
      props.onValue?.(submitted());
    }
    box?.focus();
  };

  return (
    <span class="date-input">
      <span class="date-input-row">
        <input
          ref={box}
          id={props.id}
          type="text"
          autocomplete="off"
          spellcheck={false}
          value={text()}
          placeholder={hint()}
          disabled={props.disabled}
          aria-invalid={message() ? "true" : undefined}
          aria-describedby={[`${props.id}-hint`, props.describedBy].filter(Boolean).join(" ")}
          onInput={(event) => {
            setText(event.currentTarget.value);
            props.onValue?.(submitted());
          }}
          onChange={() => {
            // Leaving the box writes a date it could read the locale's way ("1/2/2027" → "01/02/2027").
            const date = parsed();
            if (date instanceof Date) setText(formatDateInput(date, pattern()));
          }}
        />
        <input type="hidden" name={props.name} value={submitted()} />
        <Show when={!props.disabled}>
          <button
            type="button"
            class="btn btn-secondary btn-small date-pick"
            aria-label={t("kit.date.pick")}
            title={t("kit.date.pick")}
            onClick={pick}
          >
            <CalendarIcon />
          </button>
          <input
            ref={native}
            class="date-native"
            type={props.kind === "date" ? "date" : "datetime-local"}
            tabindex="-1"
            aria-label={t("kit.date.pick")}
            onChange={picked}
          />
        </Show>
      </span>
      <span id={`${props.id}-hint`} class={message() ? "field-error" : "sr-only"}>
        {message() ?? hint()}
      </span>
    </span>
  );
}
