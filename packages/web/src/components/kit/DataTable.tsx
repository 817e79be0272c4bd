import { createMemo, createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import { t } from "../../i18n";
import type { PagedList } from "../../lib/load";
import { RefreshIcon } from "../icons";
import { EmptyState, ErrorState, Skeleton } from "../ui";
import { ErrorAlert } from "./Alert";

export interface Column<T> {
  /** Stable id of the column (its sort key). */
  id: string;
  /** The column header. */
  header: JSX.Element;
  /** The label each cell carries when a phone stacks rows into cards (defaults to the header text). */
  label?: string;
  cell: (row: T, index: () => number) => JSX.Element;
  /** The row's name for assistive technology: rendered as `<th scope="row">`. */
  rowHeader?: boolean;
  class?: string;
  headerClass?: string;
  /** Sorts the loaded rows by this column (client-side, within what is loaded). */
  compare?: (a: T, b: T) => number;
}

export type SortState = { column: string; direction: "ascending" | "descending" } | undefined;

export interface Selection<T> {
  selected: ReadonlySet<string>;
  onToggle: (key: string) => void;
  onToggleAll: () => void;
  /** The checkbox name of one row ("Select TCK-2026-000123"). */
  rowLabel: (row: T) => string;
  allLabel: string;
}

/**
 * The one table of the portal: columns, optional client-side sort and row selection, keyset
 * "Load more", and the loading (skeleton), failed and empty states. Phones stack each row into a
 * card whose cells are labelled from `data-label` (styles/table.css).
 */
export function DataTable<T>(props: {
  /** The table's class (e2e stories select tables by it). */
  class: string;
  /** The table's accessible name. */
  label?: string;
  labelledBy?: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  rowClass?: (row: T, index: number) => string;
  rowData?: (row: T) => string;
  loading?: boolean;
  error?: string | undefined;
  errorTitle?: string;
  onRetry?: () => void;
  empty?: { icon: JSX.Element; title: string; body?: JSX.Element };
  selection?: Selection<T>;
  /** Sort state, when the caller keeps it (e.g. in the URL); otherwise the table keeps its own. */
  sort?: SortState;
  onSort?: (sort: SortState) => void;
  /** Said under the table about how sorting works ("Sorted within the loaded tickets"). */
  sortNote?: string;
  more?: {
    hasMore: boolean;
    loading: boolean;
    error: string | undefined;
    onMore: () => void;
    /** "All 12 tickets shown." */
    allShown: (count: number) => string;
  };
  skeletonRows?: number;
}) {
  const [ownSort, setOwnSort] = createSignal<SortState>();
  const sort = () => (props.onSort ? props.sort : ownSort());
  const setSort = (next: SortState) => (props.onSort ? props.onSort(next) : setOwnSort(next));

  const sorted = createMemo(() => {
    const rows = props.rows ?? [];
    const state = sort();
    const column = state && props.columns.find((c) => c.id === state.column);
    if (!state || !column?.compare) return rows;
    const compare = column.compare;
    const sign = state.direction === "ascending" ? 1 : -1;
    return [...rows].sort((a, b) => sign * compare(a, b));
  });

  const toggleSort = (column: Column<T>) => {
    const state = sort();
    if (state?.column !== column.id) setSort({ column: column.id, direction: "ascending" });
    else if (state.direction === "ascending") setSort({ column: column.id, direction: "descending" });
    else setSort(undefined);
  };

  const allChecked = () => {
    const rows = props.rows ?? [];
    return rows.length > 0 && rows.every((row) => props.selection?.selected.has(props.rowKey(row)));
  };
  const labelOf = (column: Column<T>) => column.label ?? (typeof column.header === "string" ? column.header : "");

  const headerCell = (column: Column<T>) => {
    const state = () => sort();
    const ariaSort = () =>
      state()?.column === column.id ? (state()?.direction as "ascending" | "descending") : undefined;
    return (
      <th scope="col" class={column.headerClass} aria-sort={column.compare ? (ariaSort() ?? "none") : undefined}>
        <Show when={column.compare} fallback={column.header}>
          <button type="button" class="th-sort" onClick={() => toggleSort(column)}>
            {column.header}
            <span class="th-sort-mark" aria-hidden="true">
              {ariaSort() === "ascending" ? "▲" : ariaSort() === "descending" ? "▼" : "↕"}
            </span>
          </button>
        </Show>
      </th>
    );
  };

  return (
    <Switch>
      <Match when={props.error && props.rows === undefined}>
        <ErrorState
          title={props.errorTitle ?? t("kit.table.loadFailed")}
          detail={props.error ?? ""}
          onRetry={() => props.onRetry?.()}
          busy={props.loading}
        />
      </Match>
      <Match when={props.rows === undefined}>
        <div class="loading" aria-hidden="true">
          <Skeleton class="sk-line sk-short" />
          <For each={Array.from({ length: props.skeletonRows ?? 4 })}>{() => <Skeleton class="sk-row" />}</For>
        </div>
      </Match>
      <Match when={props.rows?.length === 0 && props.empty}>
        {(empty) => (
          <EmptyState icon={empty().icon} title={empty().title}>
            {empty().body}
          </EmptyState>
        )}
      </Match>
      <Match when={true}>
        {/*
          A narrow window scrolls the table sideways: the wrapper takes focus so the keyboard can scroll it.
          A named group, not a region: the panel around it is already the landmark with this name.
        */}
        {/* biome-ignore lint/a11y/useSemanticElements: a fieldset groups form controls; this is a scroll container. */}
        <div class="table-wrap" tabindex="0" role="group" aria-label={props.label} aria-labelledby={props.labelledBy}>
          <table
            class={`table table-stack ${props.class}`}
            aria-label={props.label}
            aria-labelledby={props.labelledBy}
            aria-busy={props.loading}
          >
            <thead>
              <tr>
                <Show when={props.selection}>
                  {(selection) => (
                    <th scope="col" class="check-col">
                      <input
                        type="checkbox"
                        class="check-box"
                        aria-label={selection().allLabel}
                        checked={allChecked()}
                        onChange={() => selection().onToggleAll()}
                      />
                    </th>
                  )}
                </Show>
                <For each={props.columns}>{headerCell}</For>
              </tr>
            </thead>
            <tbody>
              <For each={sorted()}>
                {(row, index) => (
                  <tr class={props.rowClass?.(row, index())} data-row={props.rowData?.(row)}>
                    <Show when={props.selection}>
                      {(selection) => (
                        <td class="check-col" data-label={t("kit.table.select")}>
                          <input
                            type="checkbox"
                            class="check-box"
                            aria-label={selection().rowLabel(row)}
                            checked={selection().selected.has(props.rowKey(row))}
                            onChange={() => selection().onToggle(props.rowKey(row))}
                          />
                        </td>
                      )}
                    </Show>
                    <For each={props.columns}>
                      {(column) =>
                        column.rowHeader ? (
                          <th scope="row" class={`row-title ${column.class ?? ""}`}>
                            {column.cell(row, index)}
                          </th>
                        ) : (
                          <td class={column.class} data-label={labelOf(column)}>
                            {column.cell(row, index)}
                          </td>
                        )
                      }
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={props.sortNote && sort()}>
          <p class="table-note">{props.sortNote}</p>
        </Show>
        <Show when={props.more}>
          {(more) => (
            <div class="load-more">
              <ErrorAlert message={more().error && t("kit.table.moreFailed", { error: more().error ?? "" })} />
              <Show when={more().hasMore} fallback={<p class="muted">{more().allShown(props.rows?.length ?? 0)}</p>}>
                <button
                  type="button"
                  class="btn btn-secondary"
                  onClick={() => more().onMore()}
                  disabled={more().loading}
                >
                  <RefreshIcon spinning={more().loading} />
                  {more().loading ? t("kit.loading") : t("kit.table.loadMore")}
                </button>
              </Show>
            </div>
          )}
        </Show>
      </Match>
    </Switch>
  );
}

/**
 * A whole list loaded at once (`createLoad`) as DataTable props: its rows, loading and error states, and
 * retry (getters, so they stay live when spread): `<DataTable {...loadedTable(types)} … />`.
 */
export function loadedTable<T>(load: {
  data: () => T[] | undefined;
  loading: () => boolean;
  error: () => string | undefined;
  refresh: () => unknown;
}) {
  return {
    get rows() {
      return load.data();
    },
    get loading() {
      return load.loading();
    },
    get error() {
      return load.error();
    },
    onRetry: () => void load.refresh(),
  };
}

/**
 * A keyset-paged list's rows, states and "Load more" as DataTable props (getters, so they stay live
 * when spread): `<DataTable {...pagedTable(list, allShown)} … />`.
 */
export function pagedTable<T>(list: PagedList<T>, allShown: (count: number) => string) {
  return {
    get rows() {
      return list.items();
    },
    get loading() {
      return list.loading();
    },
    get error() {
      return list.error();
    },
    onRetry: () => void list.refresh(),
    get more() {
      return {
        hasMore: list.hasMore(),
        loading: list.loadingMore(),
        error: list.moreError(),
        onMore: () => void list.loadMore(),
        allShown,
      };
    },
  };
}
