import { onCleanup, onMount } from "solid-js";

/** Whether a key press belongs to a text field (shortcuts stay out of the way there). */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/**
 * The list's keys: `/` searches, `j`/`k` move between rows (focusing each row's link), `x` selects
 * the focused row and Enter opens it. Nothing fires while typing or while a dialog is open.
 */
export function useListKeys(options: {
  rowLinks: () => HTMLAnchorElement[];
  active: () => number;
  onSearch: () => void;
  onToggle: (index: number) => void;
  onOpen: (index: number) => void;
}) {
  const moveTo = (index: number) => {
    const links = options.rowLinks();
    const link = links[Math.max(0, Math.min(index, links.length - 1))];
    link?.focus();
    link?.scrollIntoView({ block: "nearest" });
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    if (document.querySelector("dialog[open]")) return;
    const active = options.active();
    if (event.key === "/") {
      event.preventDefault();
      options.onSearch();
    } else if (event.key === "j") {
      event.preventDefault();
      moveTo(active + 1);
    } else if (event.key === "k") {
      event.preventDefault();
      moveTo(active <= 0 ? 0 : active - 1);
    } else if (event.key === "x" && active >= 0) {
      event.preventDefault();
      options.onToggle(active);
    } else if (event.key === "Enter" && active >= 0 && !(event.target instanceof HTMLAnchorElement)) {
      options.onOpen(active);
    }
  };
  onMount(() => document.addEventListener("keydown", onKey));
  onCleanup(() => document.removeEventListener("keydown", onKey));
}
