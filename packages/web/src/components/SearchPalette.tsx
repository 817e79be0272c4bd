import { useNavigate } from "@solidjs/router";
import type { InferResponseType } from "hono/client";
import { createMemo, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { client, errorMessage, read } from "../api";
import { t } from "../i18n";
import { SearchIcon } from "./icons";
import { statusLabel } from "./tickets/labels";

const endpoint = client.api.v1.search;
type Found = InferResponseType<typeof endpoint.$get, 200>;
type Option = { id: string; group: "tickets" | "people" | "subscribers"; href: string; label: string; detail: string };

/** The results as one list of options, grouped in a fixed order: arrows move through all of them. */
function optionsOf(found: Found | undefined): Option[] {
  if (!found) return [];
  return [
    ...found.tickets.map((x) => ({
      id: `search-ticket-${x.id}`,
      group: "tickets" as const,
      href: `/tickets/${encodeURIComponent(x.number)}`,
      label: `${x.number} ${x.title}`,
      detail: statusLabel(x.status),
    })),
    ...found.people.map((x) => ({
      id: `search-person-${x.id}`,
      group: "people" as const,
      href: `/people/${x.id}`,
      label: x.name,
      detail: [x.email, x.phone].filter(Boolean).join(" · "),
    })),
    ...found.subscribers.map((x) => ({
      id: `search-subscriber-${x.id}`,
      group: "subscribers" as const,
      href: `/subscribers/${x.id}`,
      label: x.subscriberNumber,
      detail: [x.personName, x.planName, t(`crm.subscriberStatus.${x.status}`)].filter(Boolean).join(" · "),
    })),
  ];
}

const groups = ["tickets", "people", "subscribers"] as const;

/**
 * The staff portal's global search: a button in the top bar and Ctrl/⌘+K anywhere open a modal
 * dialog holding a combobox (ARIA APG "combobox with listbox popup"); arrows move, Enter opens, Esc closes.
 */
export function SearchPalette() {
  const navigate = useNavigate();
  let dialog: HTMLDialogElement | undefined;
  let input: HTMLInputElement | undefined;
  let opener: HTMLElement | null = null;
  const [q, setQ] = createSignal("");
  const [found, setFound] = createSignal<Found>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [active, setActive] = createSignal(0);
  const options = createMemo(() => optionsOf(found()));
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    if (!dialog || dialog.open) return;
    opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    input?.focus();
    input?.select();
  };
  const close = () => dialog?.close();

  const search = async (text: string) => {
    const mine = ++generation;
    if (text.trim().length < 2) {
      setFound(undefined);
      setError(undefined);
      setBusy(false);
      return;
    }
    setBusy(true);
    try {
      const result = await read(endpoint.$get({ query: { q: text.trim() } }));
      if (mine !== generation) return;
      setFound(result);
      setActive(0);
      setError(undefined);
    } catch (failure) {
      if (mine !== generation) return;
      setError(t("crm.search.failed", { error: errorMessage(failure) }));
    } finally {
      if (mine === generation) setBusy(false);
    }
  };
  const onInput = (value: string) => {
    setQ(value);
    // The options on screen answer the previous text: drop them, so Enter never opens a stale one.
    setFound(undefined);
    setBusy(value.trim().length >= 2);
    generation++;
    clearTimeout(timer);
    // A short pause between keystrokes, so typing a name sends one request rather than one per letter.
    timer = setTimeout(() => void search(value), 150);
  };

  const go = (option: Option | undefined) => {
    if (!option) return;
    close();
    navigate(option.href);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = options().length;
    if (event.key === "ArrowDown" && count > 0) {
      event.preventDefault();
      setActive((i) => (i + 1) % count);
    } else if (event.key === "ArrowUp" && count > 0) {
      event.preventDefault();
      setActive((i) => (i - 1 + count) % count);
    } else if (event.key === "Home" && count > 0 && event.ctrlKey) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === "End" && count > 0 && event.ctrlKey) {
      event.preventDefault();
      setActive(count - 1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      go(options()[active()]);
    } else if (event.key === "Escape") {
      // A search field would only clear itself on Esc: the palette closes, as the APG dialog does.
      event.preventDefault();
      close();
    }
  };

  onMount(() => {
    const shortcut = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        open();
      }
    };
    window.addEventListener("keydown", shortcut);
    onCleanup(() => {
      window.removeEventListener("keydown", shortcut);
      clearTimeout(timer);
    });
  });

  const activeId = () => options()[active()]?.id;
  const expanded = () => options().length > 0;

  return (
    <>
      <button
        type="button"
        class="btn btn-topbar search-open"
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+K Meta+K"
        onClick={open}
      >
        <SearchIcon />
        <span class="hide-narrow">{t("crm.search.open")}</span>
        <kbd class="search-kbd">{t("crm.search.shortcut")}</kbd>
      </button>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: Esc closes a modal dialog natively; this is the backdrop click */}
      <dialog
        ref={dialog}
        class="dialog search-dialog"
        aria-labelledby="search-title"
        onClose={() => opener?.focus()}
        onClick={(event) => {
          // A click on the backdrop (the dialog element itself, outside its box) closes it.
          if (event.target === dialog) close();
        }}
      >
        <div class="search-box">
          <h2 id="search-title" class="sr-only">
            {t("crm.search.title")}
          </h2>
          <label for="search-input" class="sr-only">
            {t("crm.search.label")}
          </label>
          <input
            ref={input}
            id="search-input"
            type="search"
            role="combobox"
            autocomplete="off"
            spellcheck={false}
            aria-autocomplete="list"
            aria-expanded={expanded()}
            aria-controls="search-results"
            aria-activedescendant={expanded() ? activeId() : undefined}
            aria-describedby="search-hint"
            placeholder={t("crm.search.placeholder")}
            value={q()}
            onInput={(e) => onInput(e.currentTarget.value)}
            onKeyDown={onKeyDown}
          />
          <p id="search-hint" class="field-hint search-hint">
            {t("crm.search.hint")}
          </p>
        </div>
        <div id="search-results" role="listbox" aria-label={t("crm.search.title")} class="search-results">
          <For each={groups}>
            {(group) => (
              <Show when={options().some((o) => o.group === group)}>
                {/* biome-ignore lint/a11y/useSemanticElements: a group of options inside a listbox (ARIA APG), not a form fieldset */}
                <div role="group" aria-labelledby={`search-group-${group}`} class="search-group">
                  <div role="presentation" id={`search-group-${group}`} class="search-group-title">
                    {t(`crm.search.${group}`)}
                  </div>
                  <For each={options().filter((o) => o.group === group)}>
                    {(option) => (
                      <div
                        id={option.id}
                        role="option"
                        tabIndex={-1}
                        aria-selected={option.id === activeId()}
                        class={option.id === activeId() ? "search-option active" : "search-option"}
                        onMouseMove={() => setActive(options().indexOf(option))}
                        onMouseDown={(event) => {
                          // Focus stays in the input; the option is chosen as the pointer presses it.
                          event.preventDefault();
                          go(option);
                        }}
                      >
                        <span class="search-label">{option.label}</span>
                        <Show when={option.detail}>
                          <span class="search-detail">{option.detail}</span>
                        </Show>
                      </div>
                    )}
                  </For>
                </div>
              </Show>
            )}
          </For>
        </div>
        <p class="search-status" role="status" aria-live="polite">
          <Show when={error()} fallback={busy() ? t("crm.search.searching") : ""}>
            {error()}
          </Show>
          <Show when={!busy() && !error() && found()}>
            {options().length === 0
              ? t("crm.search.nothing", { q: q().trim() })
              : t("crm.search.results", options().length)}
          </Show>
        </p>
      </dialog>
    </>
  );
}
