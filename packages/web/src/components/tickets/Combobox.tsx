import { createSignal, For, type JSX, onCleanup, Show } from "solid-js";
import { errorMessage } from "../../api";
import { t } from "../../i18n";

/**
 * A search-as-you-type picker (WAI-ARIA combobox with a listbox popup): arrows move the active
 * option (announced through aria-activedescendant), Enter picks it, Escape closes the list.
 */
export function Combobox<T>(props: {
  id: string;
  label: string;
  placeholder?: string;
  hint?: JSX.Element;
  error?: string | undefined;
  required?: boolean;
  search: (q: string) => Promise<T[]>;
  key: (item: T) => string;
  text: (item: T) => string;
  detail?: (item: T) => JSX.Element;
  tag?: (item: T) => string;
  onPick: (item: T) => void;
  /** Shown when a search finds nothing. */
  empty?: string;
  inputRef?: (el: HTMLInputElement) => void;
}) {
  const [query, setQuery] = createSignal("");
  const [items, setItems] = createSignal<T[]>([]);
  const [open, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const listId = `${props.id}-list`;
  const optionId = (i: number) => `${props.id}-opt-${i}`;
  onCleanup(() => clearTimeout(timer));

  const run = async (q: string) => {
    const mine = ++generation;
    setBusy(true);
    try {
      const found = await props.search(q);
      if (mine !== generation) return;
      setItems(found);
      setFailure(undefined);
      setActive(found.length > 0 ? 0 : -1);
      setOpen(true);
    } catch (error) {
      if (mine !== generation) return;
      setItems([]);
      setFailure(errorMessage(error));
      setOpen(true);
    } finally {
      if (mine === generation) setBusy(false);
    }
  };

  const onInput = (value: string) => {
    setQuery(value);
    // The options on screen are for the previous text until the new search answers: none is active.
    generation++;
    setActive(-1);
    setBusy(true);
    clearTimeout(timer);
    timer = setTimeout(() => void run(value.trim()), 200);
  };

  const pick = (item: T) => {
    props.onPick(item);
    setQuery("");
    setItems([]);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = items().length;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open()) void run(query().trim());
      else if (count > 0) setActive((i) => (i + 1) % count);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (count > 0) setActive((i) => (i <= 0 ? count - 1 : i - 1));
    } else if (event.key === "Enter") {
      const item = items()[active()];
      if (open() && item) {
        event.preventDefault();
        pick(item);
      }
    } else if (event.key === "Escape" && open()) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  const describedBy = () =>
    [props.hint ? `${props.id}-hint` : "", props.error ? `${props.id}-error` : ""].filter(Boolean).join(" ") ||
    undefined;

  return (
    <div class="field tk-combo">
      <label for={props.id}>{props.label}</label>
      <div class="tk-combo-box">
        <input
          id={props.id}
          ref={(el) => props.inputRef?.(el)}
          type="text"
          role="combobox"
          autocomplete="off"
          aria-autocomplete="list"
          aria-expanded={open()}
          aria-controls={listId}
          aria-activedescendant={open() && active() >= 0 ? optionId(active()) : undefined}
          aria-required={props.required ? "true" : undefined}
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={describedBy()}
          placeholder={props.placeholder}
          value={query()}
          onInput={(e) => onInput(e.currentTarget.value)}
          onFocus={() => {
            if (!open() && items().length === 0) void run(query().trim());
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        <div id={listId} role="listbox" aria-label={props.label} class="tk-combo-list" hidden={!open()}>
          <Show when={failure()}>
            <p class="tk-combo-note error-text">{failure()}</p>
          </Show>
          <Show when={!failure() && !busy() && items().length === 0}>
            <p class="tk-combo-note muted">{props.empty ?? t("widgets.combo.nothing")}</p>
          </Show>
          <For each={items()}>
            {(item, i) => (
              <div
                id={optionId(i())}
                role="option"
                tabIndex={-1}
                aria-selected={active() === i()}
                class={active() === i() ? "tk-combo-option active" : "tk-combo-option"}
                onMouseDown={(e) => {
                  // Keep focus in the input so blur does not close the list before the click lands.
                  e.preventDefault();
                  pick(item);
                }}
                onMouseEnter={() => setActive(i())}
              >
                <span class="tk-combo-text">
                  {props.text(item)}
                  <Show when={props.detail}>
                    <span class="sub">{props.detail?.(item)}</span>
                  </Show>
                </span>
                <Show when={props.tag?.(item)}>
                  <span class="tk-combo-tag">{props.tag?.(item)}</span>
                </Show>
              </div>
            )}
          </For>
        </div>
      </div>
      <Show when={props.hint}>
        <span id={`${props.id}-hint`} class="field-hint">
          {props.hint}
        </span>
      </Show>
      <Show when={props.error}>
        <span id={`${props.id}-error`} class="field-error">
          {props.error}
        </span>
      </Show>
    </div>
  );
}
