import { A } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { client, errorMessage, read } from "../api";
import { ErrorAlert, LiveRegion } from "../components/kit/Alert";
import { PageHeader } from "../components/kit/PageHeader";
import {
  BellIcon,
  markAllRead,
  markRead,
  type NotificationItem,
  refreshUnread,
  unread,
} from "../components/NotificationBell";
import { Badge, EmptyState, ErrorState, Skeleton, type Tone } from "../components/ui";
import { absoluteTime, formatNumber, relativeTime, useNow, useTitle } from "../format";
import { t } from "../i18n";
import { createPagedList } from "../lib/load";
import { useUrlFilters } from "../lib/url-filters";

const endpoint = client.api.v1.notifications;
const PAGE_SIZE = 25;

const kindTone: Record<NotificationItem["kind"], Tone> = {
  ticket_assigned: "info",
  ticket_mentioned: "info",
  inbox_mentioned: "info",
  ticket_customer_reply: "info",
  ticket_staff_reply: "neutral",
  sla_warning: "warning",
  sla_breach: "danger",
  ticket_resolved: "success",
  ticket_confirmed: "success",
  ticket_disputed: "danger",
  inbox_reply_due: "warning",
  inbox_reply_breach: "danger",
  inventory_low_stock: "warning",
  visit_confirmed: "success",
  visit_reschedule_requested: "warning",
  expense_submitted: "info",
  expense_approved: "success",
  expense_rejected: "danger",
  project_task_assigned: "info",
  project_stage_completed: "success",
  project_completed: "success",
  contract_quote_submitted: "info",
  contract_revision_requested: "warning",
  contract_quote_approved: "success",
  contract_quote_rejected: "danger",
  contract_as_built_accepted: "success",
  contract_as_built_rejected: "danger",
};

function NotificationRow(props: {
  item: NotificationItem;
  now: number;
  marking: string | undefined;
  onRead: (item: NotificationItem) => void;
}) {
  const n = () => props.item;
  return (
    <li class={n().readAt ? "nf-item" : "nf-item nf-unread"}>
      <span class="nf-dot" aria-hidden="true" />
      <div class="nf-main">
        <div class="nf-line">
          <Badge tone={kindTone[n().kind]}>{t(`notifications.kind.${n().kind}`)}</Badge>
          <Show when={!n().readAt}>
            <span class="sr-only">{t("notifications.unreadMark")}</span>
          </Show>
          <time class="nf-time" datetime={n().createdAt} title={absoluteTime(n().createdAt)}>
            {relativeTime(n().createdAt, props.now)}
          </time>
        </div>
        <Show when={n().link} fallback={<p class="nf-title">{n().title}</p>}>
          {(link) => (
            <A
              href={link()}
              class="nf-title nf-title-link"
              onClick={() => {
                if (!n().readAt) void markRead(n().id).catch(() => undefined);
              }}
            >
              {n().title}
            </A>
          )}
        </Show>
        <Show when={n().body}>
          <p class="nf-body">{n().body}</p>
        </Show>
      </div>
      <div class="nf-actions">
        <Show when={!n().readAt}>
          <button
            type="button"
            class="btn btn-secondary btn-small"
            onClick={() => props.onRead(n())}
            disabled={props.marking !== undefined}
            aria-label={t("notifications.markOne", { title: n().title })}
          >
            {props.marking === n().id ? t("notifications.marking") : t("notifications.markRead")}
          </button>
        </Show>
      </div>
    </li>
  );
}

/** The signed-in user's notifications, newest first: filter to unread, mark one or all read, follow links. */
export function NotificationsPage() {
  useTitle(t("notifications.title"));
  const now = useNow();
  const filters = useUrlFilters(["unread"] as const);
  const onlyUnread = () => filters.values().unread === "true";
  const [actionError, setActionError] = createSignal<string>();
  const [marking, setMarking] = createSignal<string>();
  const [announcement, setAnnouncement] = createSignal("");

  const list = createPagedList<NotificationItem>(
    async (cursor) => {
      const query = {
        limit: String(PAGE_SIZE),
        ...(onlyUnread() ? { unread: "true" as const } : {}),
        ...(cursor ? { cursor } : {}),
      };
      return read(endpoint.$get({ query }));
    },
    {
      key: onlyUnread,
      onPage: (items, first) => {
        if (first) void refreshUnread();
        else setAnnouncement(t("notifications.moreLoaded", { count: t("count.moreNotification", items.length) }));
      },
    },
  );

  const readOne = async (item: NotificationItem) => {
    setMarking(item.id);
    setActionError(undefined);
    try {
      const updated = await markRead(item.id);
      list.setItems((items) =>
        onlyUnread() ? items.filter((n) => n.id !== item.id) : items.map((n) => (n.id === item.id ? updated : n)),
      );
      setAnnouncement(t("notifications.markedOne", { title: item.title }));
    } catch (failure) {
      setActionError(errorMessage(failure));
    } finally {
      setMarking(undefined);
    }
  };

  const readAll = async () => {
    setMarking("all");
    setActionError(undefined);
    try {
      const updated = await markAllRead();
      setAnnouncement(t("notifications.markedAll", { count: t("count.notification", updated) }));
      await list.refresh();
    } catch (failure) {
      setActionError(errorMessage(failure));
    } finally {
      setMarking(undefined);
    }
  };

  return (
    <div class="page">
      <PageHeader
        title={t("notifications.title")}
        sub={t("notifications.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
        actions={
          <button
            type="button"
            class="btn btn-secondary"
            onClick={readAll}
            disabled={marking() !== undefined || (unread() ?? 0) === 0}
          >
            {marking() === "all" ? t("notifications.marking") : t("notifications.markAll")}
          </button>
        }
      />
      <LiveRegion message={announcement()} />

      <fieldset class="nf-filter">
        <legend class="sr-only">{t("notifications.show")}</legend>
        <button
          type="button"
          class="nf-filter-btn"
          aria-pressed={!onlyUnread()}
          onClick={() => filters.apply({ unread: "" })}
        >
          {t("notifications.all")}
        </button>
        <button
          type="button"
          class="nf-filter-btn"
          aria-pressed={onlyUnread()}
          onClick={() => filters.apply({ unread: "true" })}
        >
          {t("notifications.unread")}
          <Show when={(unread() ?? 0) > 0}>
            <span class="nf-filter-count">{formatNumber(unread() ?? 0)}</span>
          </Show>
        </button>
      </fieldset>

      <ErrorAlert message={actionError()} />

      <Switch>
        <Match when={list.error() && !list.items()}>
          <ErrorState
            title={t("notifications.loadFailed")}
            detail={list.error() ?? ""}
            onRetry={list.refresh}
            busy={list.loading()}
          />
        </Match>
        <Match when={!list.items()}>
          <div class="panel loading" aria-hidden="true">
            <For each={[1, 2, 3, 4]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
        <Match when={list.items()?.length === 0}>
          <div class="panel">
            <EmptyState
              icon={<BellIcon />}
              title={onlyUnread() ? t("notifications.emptyUnread") : t("notifications.empty")}
            >
              {onlyUnread() ? t("notifications.emptyUnreadBody") : t("notifications.emptyBody")}
            </EmptyState>
          </div>
        </Match>
        <Match when={list.items()}>
          {(items) => (
            <section class="panel" aria-labelledby="nf-list-title">
              <h2 id="nf-list-title" class="sr-only">
                {onlyUnread() ? t("notifications.listUnread") : t("notifications.listAll")}
              </h2>
              <ul class="nf-list">
                <For each={items()}>
                  {(n) => <NotificationRow item={n} now={now()} marking={marking()} onRead={readOne} />}
                </For>
              </ul>
              <Show when={list.hasMore() || list.moreError()}>
                <div class="load-more nf-more">
                  <ErrorAlert
                    message={list.moreError() && t("kit.table.moreFailed", { error: list.moreError() ?? "" })}
                  />
                  <button type="button" class="btn btn-secondary" onClick={list.loadMore} disabled={list.loadingMore()}>
                    {list.loadingMore() ? t("kit.loading") : t("kit.table.loadMore")}
                  </button>
                </div>
              </Show>
            </section>
          )}
        </Match>
      </Switch>
    </div>
  );
}
