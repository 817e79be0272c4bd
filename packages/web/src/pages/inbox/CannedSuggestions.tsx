import { type Accessor, createSignal, For, Show } from "solid-js";
import { t } from "../../i18n";
import type { Canned } from "./types";

/**
 * Canned responses in the composer: typing `/short` offers up to five whose shortcut starts so; picking
 * one fills the composer, `{{contact.first_name}}` replaced by the customer's first name.
 */
export function createCannedSuggestions(canned: Accessor<Canned[]>, firstName: Accessor<string>) {
  const [suggestions, setSuggestions] = createSignal<Canned[]>([]);
  const onDraft = (value: string) => {
    const shortcut = /^\/([a-z0-9_-]*)$/.exec(value)?.[1];
    setSuggestions(
      shortcut === undefined
        ? []
        : canned()
            .filter((c) => c.shortcut.startsWith(shortcut))
            .slice(0, 5),
    );
  };
  const insert = (c: Canned, composer: HTMLTextAreaElement | undefined) => {
    if (!composer) return;
    composer.value = c.body.replace(/\{\{\s*contact\.first_name\s*\}\}/g, firstName());
    setSuggestions([]);
    composer.focus();
  };
  return { suggestions, onDraft, insert };
}

export function CannedSuggestions(props: { items: Canned[]; onPick: (c: Canned) => void }) {
  return (
    <Show when={props.items.length > 0}>
      <ul class="inbox-canned" aria-label={t("inbox.canned")}>
        <For each={props.items}>
          {(c) => (
            <li>
              <button type="button" class="btn btn-ghost" onClick={() => props.onPick(c)}>
                /{c.shortcut} · {c.title}
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
