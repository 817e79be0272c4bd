import { A, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../api";
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
import { absoluteTime, relativeTime, useNow, useTitle } from "../format";
import { t } from "../i18n";

const endpoint = client.api.v1.notifications;
const PAGE_SIZE = 25;

const kindLabels: Record<NotificationItem["kind"], [string, Tone]> = {
  ticket_assigned: ["Assigned", "info"],
  ticket_mentioned: ["Mention", "info"],
  ticket_customer_reply: ["Customer reply", "info"],
  ticket_staff_reply: ["Reply", "neutral"],
  sla_warning: ["SLA warning", "warning"],
  sla_breach: ["SLA breach", "danger"],
  ticket_resolved: ["Resolved", "success"],
  ticket_confirmed: ["Confirmed", "success"],
  ticket_disputed: ["Disputed", "danger"],
};

/** The signed-in user's notifications, newest first: filter to unread, mark one or all read, follow links. */
export function NotificationsPage() {
  useTitle("Notifications");
  const now = useNow();
  const [params, setParams] = useSearchParams<{ unread?: string }>();
  const onlyUnread = () => params.unread === "true";
  const [items, setItems] = createSignal<NotificationItem[]>();
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();
  const [actionError, setActionError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [marking, setMarking] = createSignal<string>();
  const [announcement, setAnnouncement] = createSignal("");
  let generation = 0;

  const fetchPage = async (after?: string) => {
    const query = {
      limit: String(PAGE_SIZE),
      ...(onlyUnread() ? { unread: "true" as const } : {}),
      ...(after ? { cursor: after } : {}),
    };
    return (await send(endpoint.$get({ query }))).json();
  };

  const load = async () => {
    const mine = ++generation;
    setLoading(true);
    try {
      const page = await fetchPage();
      if (mine !== generation) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setError(undefined);
      void refreshUnread();
    } catch (failure) {
      if (mine !== generation) return;
      setItems(undefined);
      setError(errorMessage(failure));
    } finally {
      if (mine === generation) setLoading(false);
    }
  };

  const loadMore = async () => {
    const after = cursor();
    if (!after || loadingMore()) return;
    setLoadingMore(true);
    setActionError(undefined);
    try {
      const page = await fetchPage(after);
      setItems((list) => [...(list ?? []), ...page.items]);
      setCursor(page.nextCursor);
      setAnnouncement(`${t("count.moreNotification", page.items.length)} loaded.`);
    } catch (failure) {
      setActionError(errorMessage(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  createEffect(on(onlyUnread, () => void load()));

  const readOne = async (item: NotificationItem) => {
    setMarking(item.id);
    setActionError(undefined);
    try {
      const updated = await markRead(item.id);
      setItems((list) =>
        onlyUnread() ? list?.filter((n) => n.id !== item.id) : list?.map((n) => (n.id === item.id ? updated : n)),
      );
      setAnnouncement(`Marked “${item.title}” read.`);
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
      setAnnouncement(`${t("count.notification", updated)} marked read.`);
      await load();
    } catch (failure) {
      setActionError(errorMessage(failure));
    } finally {
      setMarking(undefined);
    }
  };

  return (
    <div class="page">
      <PageHeader
        title={<>Notifications</>}
        sub={<>Assignments, mentions, customer replies and SLA alerts for you, newest first.</>}
        actions={
          <button
            type="button"
            class="btn btn-secondary"
            onClick={readAll}
            disabled={marking() !== undefined || (unread() ?? 0) === 0}
          >
            {marking() === "all" ? "Marking…" : "Mark all read"}
          </button>
        }
      />
      <p class="sr-only" role="status" aria-live="polite">
        {announcement()}
      </p>

      <fieldset class="nf-filter">
        <legend class="sr-only">Show</legend>
        <button
          type="button"
          class="nf-filter-btn"
          aria-pressed={!onlyUnread()}
          onClick={() => setParams({ unread: undefined })}
        >
          All
        </button>
        <button
          type="button"
          class="nf-filter-btn"
          aria-pressed={onlyUnread()}
          onClick={() => setParams({ unread: "true" })}
        >
          Unread
          <Show when={(unread() ?? 0) > 0}>
            <span class="nf-filter-count">{unread()}</span>
          </Show>
        </button>
      </fieldset>

      <Show when={actionError()}>
        <div class="alert alert-error" role="alert">
          {actionError()}
        </div>
      </Show>

      <Switch>
        <Match when={error()}>
          <ErrorState
            title="Could not load your notifications"
            detail={error() ?? ""}
            onRetry={load}
            busy={loading()}
          />
        </Match>
        <Match when={!items()}>
          <div class="panel loading" aria-hidden="true">
            <For each={[1, 2, 3, 4]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
        <Match when={items()?.length === 0}>
          <div class="panel">
            <EmptyState icon={<BellIcon />} title={onlyUnread() ? "No unread notifications" : "No notifications yet"}>
              {onlyUnread()
                ? "You have read everything. Switch to All to see earlier notifications."
                : "When a ticket is assigned to you, you are mentioned, or an SLA needs attention, it shows up here."}
            </EmptyState>
          </div>
        </Match>
        <Match when={items()}>
          {(list) => (
            <section class="panel" aria-labelledby="nf-list-title">
              <h2 id="nf-list-title" class="sr-only">
                {onlyUnread() ? "Unread notifications" : "All notifications"}
              </h2>
              <ul class="nf-list">
                <For each={list()}>
                  {(n) => (
                    <li class={n.readAt ? "nf-item" : "nf-item nf-unread"}>
                      <span class="nf-dot" aria-hidden="true" />
                      <div class="nf-main">
                        <div class="nf-line">
                          <Badge tone={kindLabels[n.kind][1]}>{kindLabels[n.kind][0]}</Badge>
                          <Show when={!n.readAt}>
                            <span class="sr-only">Unread</span>
                          </Show>
                          <time class="nf-time" datetime={n.createdAt} title={absoluteTime(n.createdAt)}>
                            {relativeTime(n.createdAt, now())}
                          </time>
                        </div>
                        <Show when={n.link} fallback={<p class="nf-title">{n.title}</p>}>
                          {(link) => (
                            <A
                              href={link()}
                              class="nf-title nf-title-link"
                              onClick={() => {
                                if (!n.readAt) void markRead(n.id).catch(() => undefined);
                              }}
                            >
                              {n.title}
                            </A>
                          )}
                        </Show>
                        <Show when={n.body}>
                          <p class="nf-body">{n.body}</p>
                        </Show>
                      </div>
                      <div class="nf-actions">
                        <Show when={!n.readAt}>
                          <button
                            type="button"
                            class="btn btn-secondary btn-small"
                            onClick={() => readOne(n)}
                            disabled={marking() !== undefined}
                            aria-label={`Mark “${n.title}” read`}
                          >
                            {marking() === n.id ? "Marking…" : "Mark read"}
                          </button>
                        </Show>
                      </div>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={cursor()}>
                <div class="nf-more">
                  <button type="button" class="btn btn-secondary" onClick={loadMore} disabled={loadingMore()}>
                    {loadingMore() ? "Loading…" : "Load more"}
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
