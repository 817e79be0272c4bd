import { type JSX, Show } from "solid-js";
import { absoluteTime, relativeTime, useNow } from "../../format";
import { t } from "../../i18n";
import { ClockIcon, RefreshIcon } from "../icons";

/**
 * The top of every page: its one h1, a line under it, the page's actions, and, for pages that load
 * data, when it was last refreshed and a Refresh button.
 */
export function PageHeader(props: {
  title: JSX.Element;
  sub?: JSX.Element;
  /** A breadcrumb above the title. */
  crumb?: JSX.Element;
  actions?: JSX.Element;
  /** When the data on the page was last loaded (ms since epoch). */
  refreshedAt?: number | undefined;
  /** Said after "Updated …" (e.g. "auto-refresh every 5 s"). */
  refreshNote?: string;
  onRefresh?: () => void;
  refreshing?: boolean;
}) {
  const now = useNow();
  return (
    <div class="page-header">
      <div class="page-heading">
        <Show when={props.crumb}>
          <p class="crumb">{props.crumb}</p>
        </Show>
        <h1>{props.title}</h1>
        <Show when={props.sub}>
          <p class="page-sub">{props.sub}</p>
        </Show>
      </div>
      <div class="page-actions">
        <Show when={props.refreshedAt}>
          {(at) => (
            <p class="updated" title={absoluteTime(at())}>
              <ClockIcon />
              <span>{t("kit.header.updated", { when: relativeTime(at(), Math.max(now(), at())) })}</span>
              <Show when={props.refreshNote}>
                <span class="updated-auto">· {props.refreshNote}</span>
              </Show>
            </p>
          )}
        </Show>
        <Show when={props.onRefresh}>
          {(refresh) => (
            <button type="button" class="btn btn-secondary" onClick={() => refresh()()} aria-busy={props.refreshing}>
              <RefreshIcon spinning={props.refreshing} />
              {t("kit.header.refresh")}
            </button>
          )}
        </Show>
        {props.actions}
      </div>
    </div>
  );
}
