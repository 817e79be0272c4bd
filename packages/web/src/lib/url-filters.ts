import { useSearchParams } from "@solidjs/router";
import { createMemo } from "solid-js";

export type FilterValues<K extends string> = Record<K, string>;

/**
 * Filters that live in the address bar, so a filtered view is a link and Back undoes a filter.
 * `values()` always has every key ("" when unset); `apply` drops empty ones from the URL.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
  const values = createMemo(
    () => Object.fromEntries(keys.map((k) => [k, one(params[k])])) as FilterValues<K>,
    undefined,
    { equals: (a, b) => keys.every((k) => a[k] === b[k]) },
  );
  const apply = (next: Partial<FilterValues<K>>) =>
    setParams(Object.fromEntries(keys.map((k) => [k, next[k]?.trim() || undefined])));
  const clear = () => setParams(Object.fromEntries(keys.map((k) => [k, undefined])));
  const isFiltered = () => keys.some((k) => values()[k] !== "");
  /** How many filters are set (for "Filters (2)"). */
  const count = () => keys.filter((k) => values()[k] !== "").length;
  return { values, apply, clear, isFiltered, count };
}

/** The named fields of a submitted form as trimmed strings. */
export function formValues<K extends string>(form: HTMLFormElement, keys: readonly K[]): FilterValues<K> {
  const data = new FormData(form);
  return Object.fromEntries(keys.map((k) => [k, String(data.get(k) ?? "").trim()])) as FilterValues<K>;
}
