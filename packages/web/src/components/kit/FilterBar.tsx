import { children, createSignal, type JSX, Show } from "solid-js";
import { t } from "../../i18n";
import { FilterIcon } from "../icons";

/**
 * A filter form over a list. `primary` (the search box) always shows on one line with the buttons;
 * `children` (the other fields) fold behind a "Filters" toggle that counts the ones set, so the list
 * starts above the fold. Submitting applies the form (the page writes it to the URL).
 */
export function FilterBar(props: {
  id: string;
  label: string;
  onSubmit: (form: HTMLFormElement) => void;
  onClear: () => void;
  filtered: boolean;
  /** How many of the folded fields are set. */
  activeCount?: number;
  primary?: JSX.Element;
  /** Fields behind the toggle; without `primary` they show always. */
  children: JSX.Element;
}) {
  // Resolved once: reading `props.primary` twice would build the search box twice (and lose its ref).
  const primary = children(() => props.primary);
  const collapsible = () => primary() !== undefined;
  const [open, setOpen] = createSignal(false);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    props.onSubmit(event.currentTarget as HTMLFormElement);
  };
  const more = () => `${props.id}-more`;
  return (
    <form
      id={props.id}
      class={collapsible() ? "panel filter-bar filter-bar-collapsible" : "panel filter-bar"}
      onSubmit={submit}
      aria-label={props.label}
    >
      <Show
        when={collapsible()}
        fallback={
          <>
            {props.children}
            <FilterActions filtered={props.filtered} onClear={props.onClear} />
          </>
        }
      >
        <div class="filter-line">
          {primary()}
          <button
            type="button"
            class="btn btn-secondary filter-toggle"
            aria-expanded={open()}
            aria-controls={more()}
            onClick={() => setOpen((v) => !v)}
          >
            <FilterIcon />
            {props.activeCount
              ? t("kit.filters.toggleCount", { n: String(props.activeCount) })
              : t("kit.filters.toggle")}
          </button>
          <FilterActions filtered={props.filtered} onClear={props.onClear} />
        </div>
        <div id={more()} class="filter-more" hidden={!open()}>
          {props.children}
        </div>
      </Show>
    </form>
  );
}

function FilterActions(props: { filtered: boolean; onClear: () => void }) {
  return (
    <div class="filter-actions">
      <button type="submit" class="btn btn-primary">
        <FilterIcon />
        {t("kit.filters.apply")}
      </button>
      <Show when={props.filtered}>
        <button type="button" class="btn btn-secondary" onClick={() => props.onClear()}>
          {t("kit.filters.clear")}
        </button>
      </Show>
    </div>
  );
}
