import { A } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { errorMessage } from "../../../api";
import { InboxIcon, PlusIcon } from "../../../components/icons";
import { EmptyState, ErrorState, RelativeTime, Skeleton } from "../../../components/ui";
import { useNow, useTitle } from "../../../format";
import { TicketStatus, type TicketSummary, ticketApi } from "./shared";

/** My tickets: newest first, with a way to open one. */
export function CustomerTicketsPage() {
  useTitle("Support tickets");
  const now = useNow();
  const [page, { refetch }] = createResource(() => ticketApi.list());
  const [more, setMore] = createSignal<TicketSummary[]>([]);
  const [cursor, setCursor] = createSignal<string | null | undefined>();
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [moreError, setMoreError] = createSignal<string>();
  const next = () => (cursor() === undefined ? page()?.nextCursor : cursor());
  const items = () => [...(page()?.items ?? []), ...more()];

  const loadMore = async () => {
    const c = next();
    if (!c) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const p = await ticketApi.list(c);
      setMore([...more(), ...p.items]);
      setCursor(p.nextCursor);
    } catch (error) {
      setMoreError(errorMessage(error));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Support tickets</h1>
          <p class="page-sub">Questions and problems you have raised with us, newest first.</p>
        </div>
        <div class="page-actions">
          <A href="/customer/tickets/new" class="btn btn-primary">
            <PlusIcon />
            Open a ticket
          </A>
        </div>
      </div>
      <Switch>
        <Match when={page.error}>
          <ErrorState
            title="Could not load your tickets"
            detail={errorMessage(page.error)}
            onRetry={refetch}
            busy={page.loading}
          />
        </Match>
        <Match when={page.loading && !page()}>
          <div class="panel" aria-busy="true">
            <span class="sr-only">Loading your tickets</span>
            <Skeleton class="sk-line" />
            <Skeleton class="sk-line" />
            <Skeleton class="sk-line" />
          </div>
        </Match>
        <Match when={items().length === 0}>
          <div class="panel">
            <EmptyState icon={<InboxIcon />} title="No tickets yet">
              When something is not working, tell us here and follow our answers.{" "}
              <A href="/customer/tickets/new">Open a ticket</A>
            </EmptyState>
          </div>
        </Match>
        <Match when={items().length > 0}>
          <ul class="ct-list" aria-label="Your tickets">
            <For each={items()}>
              {(t) => (
                <li class="ct-card">
                  <A href={`/customer/tickets/${t.number}`} class="ct-card-link">
                    <span class="ct-card-title">{t.title}</span>
                    <span class="ct-card-meta">
                      <span class="mono">{t.number}</span>
                      <span aria-hidden="true">·</span>
                      <span>
                        Updated <RelativeTime at={t.updatedAt} now={now()} />
                      </span>
                    </span>
                  </A>
                  <TicketStatus status={t.status} />
                </li>
              )}
            </For>
          </ul>
          <Show when={next()}>
            <div class="load-more">
              <Show when={moreError()}>
                {(m) => (
                  <p class="alert alert-error" role="alert">
                    {m()}
                  </p>
                )}
              </Show>
              <button type="button" class="btn btn-secondary" disabled={loadingMore()} onClick={loadMore}>
                {loadingMore() ? "Loading…" : "Show older tickets"}
              </button>
            </div>
          </Show>
        </Match>
      </Switch>
    </div>
  );
}
