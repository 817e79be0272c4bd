import { createSignal, For, onCleanup, onMount } from "solid-js";
import { errorMessage } from "../../api";
import { Field } from "./DialogForm";

export interface SearchOption {
  id: string;
  label: string;
}

/**
 * Find one record among many: a search box that narrows a plain `<select>` (named `name`, so the form
 * submits the chosen id). A select rather than a combobox: every screen reader and keyboard already
 * knows it. The search waits for a pause in typing; the first answer is what an empty search finds.
 */
export function SearchSelect(props: {
  id: string;
  name: string;
  label: string;
  searchLabel: string;
  /** The empty first option ("Choose a person"). */
  choose: string;
  hint?: string;
  error?: string | undefined;
  /** The id chosen at first (it must be among the first answer to show). */
  value?: string;
  search: (text: string) => Promise<SearchOption[]>;
  onChange?: (option: SearchOption | undefined) => void;
}) {
  const [options, setOptions] = createSignal<SearchOption[]>([]);
  const [chosen, setChosen] = createSignal(props.value ?? "");
  const [failure, setFailure] = createSignal<string>();
  let timer: number | undefined;
  onCleanup(() => window.clearTimeout(timer));
  const run = async (text: string) => {
    try {
      const found = await props.search(text);
      // Keep the chosen option listed while the search moves on, so the form never loses it.
      const kept = options().find((o) => o.id === chosen() && !found.some((f) => f.id === o.id));
      setOptions(kept ? [kept, ...found] : found);
      setFailure(undefined);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const search = (text: string) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(text), 250);
  };
  onMount(() => void run(""));
  return (
    <>
      <Field id={`${props.id}-search`} label={props.searchLabel} hint={props.hint} error={failure()}>
        {(aria) => <input {...aria} type="search" autocomplete="off" onInput={(e) => search(e.currentTarget.value)} />}
      </Field>
      <Field id={props.id} label={props.label} error={props.error}>
        {(aria) => (
          <select
            {...aria}
            name={props.name}
            onChange={(e) => {
              setChosen(e.currentTarget.value);
              props.onChange?.(options().find((o) => o.id === e.currentTarget.value));
            }}
          >
            <option value="">{props.choose}</option>
            <For each={options()}>
              {(o) => (
                <option value={o.id} selected={o.id === chosen()}>
                  {o.label}
                </option>
              )}
            </For>
          </select>
        )}
      </Field>
    </>
  );
}
