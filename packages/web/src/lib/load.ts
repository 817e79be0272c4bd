import { type Accessor, createEffect, createSignal, on, type Setter } from "solid-js";
import { errorMessage } from "../api";

export interface Loaded<T> {
  /** The last good answer; undefined until the first arrives (and after a failed first load). */
  data: Accessor<T | undefined>;
  /** The failure of the latest load, as the user should read it. */
  error: Accessor<string | undefined>;
  /** The failure itself (an ApiError keeps its status and fields). */
  failure: Accessor<unknown>;
  loading: Accessor<boolean>;
  /** When the data was last refreshed (ms since epoch), for the page header. */
  refreshedAt: Accessor<number | undefined>;
  refresh: () => Promise<void>;
  mutate: Setter<T | undefined>;
}

/**
 * One load-and-refresh state for a page or a panel: the latest answer wins (an older request that
 * lands late is ignored), a failed refresh keeps the data shown and reports the error. `key` reloads
 * whenever it changes (URL filters, a route parameter).
 */
export function createLoad<T>(fetcher: () => Promise<T>, options: { key?: () => unknown; keepOnError?: boolean } = {}) {
  const [data, setData] = createSignal<T>();
  const [failure, setFailure] = createSignal<unknown>();
  const [loading, setLoading] = createSignal(false);
  const [refreshedAt, setRefreshedAt] = createSignal<number>();
  let generation = 0;

  const refresh = async () => {
    const mine = ++generation;
    setLoading(true);
    try {
      const value = await fetcher();
      if (mine !== generation) return;
      setData(() => value);
      setFailure(undefined);
      setRefreshedAt(Date.now());
    } catch (error) {
      if (mine !== generation) return;
      if (!options.keepOnError) setData(undefined);
      setFailure(() => error);
    } finally {
      if (mine === generation) setLoading(false);
    }
  };

  createEffect(on(options.key ?? (() => undefined), () => void refresh()));

  const loaded: Loaded<T> = {
    data,
    failure,
    error: () => (failure() === undefined ? undefined : errorMessage(failure())),
    loading,
    refreshedAt,
    refresh,
    mutate: setData,
  };
  return loaded;
}

export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  items: Accessor<T[] | undefined>;
  error: Accessor<string | undefined>;
  failure: Accessor<unknown>;
  loading: Accessor<boolean>;
  refreshedAt: Accessor<number | undefined>;
  refresh: () => Promise<void>;
  hasMore: Accessor<boolean>;
  loadingMore: Accessor<boolean>;
  moreError: Accessor<string | undefined>;
  loadMore: () => Promise<void>;
  /** Replaces the loaded items (an optimistic change); the cursor stays. */
  setItems: (update: (items: T[]) => T[]) => void;
}

/**
 * A keyset-paged list ("Load more"): the first page reloads whenever `key` changes, later pages are
 * appended with the cursor of the page before. A later page that lands after the key changed is dropped.
 */
export function createPagedList<T>(
  fetchPage: (cursor: string | undefined) => Promise<KeysetPage<T>>,
  options: { key?: () => unknown; onPage?: (items: T[], first: boolean) => void } = {},
): PagedList<T> {
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [moreFailure, setMoreFailure] = createSignal<unknown>();
  let keyGeneration = 0;

  const first = createLoad(
    async () => {
      keyGeneration++;
      setMoreFailure(undefined);
      const page = await fetchPage(undefined);
      options.onPage?.(page.items, true);
      return page;
    },
    { key: options.key },
  );

  const loadMore = async () => {
    const after = first.data()?.nextCursor;
    if (!after || loadingMore()) return;
    const mine = keyGeneration;
    setLoadingMore(true);
    setMoreFailure(undefined);
    try {
      const page = await fetchPage(after);
      if (mine !== keyGeneration) return;
      first.mutate((current) => ({ items: [...(current?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
      options.onPage?.(page.items, false);
    } catch (error) {
      setMoreFailure(() => error);
    } finally {
      setLoadingMore(false);
    }
  };

  return {
    items: () => first.data()?.items,
    error: first.error,
    failure: first.failure,
    loading: first.loading,
    refreshedAt: first.refreshedAt,
    refresh: first.refresh,
    hasMore: () => Boolean(first.data()?.nextCursor),
    loadingMore,
    moreError: () => (moreFailure() === undefined ? undefined : errorMessage(moreFailure())),
    loadMore,
    setItems: (update) => first.mutate((current) => current && { ...current, items: update(current.items) }),
  };
}
