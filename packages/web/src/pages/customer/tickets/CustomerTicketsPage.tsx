import { A } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import { InboxIcon, PlusIcon, RefreshIcon } from "../../../components/icons";
import { ErrorAlert } from "../../../components/kit/Alert";
import { PageHeader } from "../../../components/kit/PageHeader";
import { EmptyState, ErrorState, RelativeTime, Skeleton } from "../../../components/ui";
import { useNow, useTitle } from "../../../format";
import { t } from "../../../i18n";
import { createPagedList } from "../../../lib/load";
import { TicketStatus, type TicketSummary, ticketApi } from "./shared";

/** My tickets: newest first, with a way to open one. */
export function CustomerTicketsPage() {
  useTitle(t("customer.list.title"));
  const now = useNow();
  const list = createPagedList<TicketSummary>((cursor) => ticketApi.list(cursor));

  return (
    <div class="page">
      <PageHeader
        title={t("customer.list.title")}
        sub={t("customer.list.sub")}
        refreshedAt={list.refreshedAt()}
        actions={
          <A href="/customer/tickets/new" class="btn btn-primary">
            <PlusIcon />
            {t("customer.list.open")}
          </A>
        }
      />
      <Switch>
        <Match when={list.error() && !list.items()}>
          <ErrorState
            title={t("customer.list.loadFailed")}
            detail={list.error() ?? ""}
            onRetry={list.refresh}
            busy={list.loading()}
          />
        </Match>
        <Match when={!list.items()}>
          <div class="panel" aria-busy="true">
            <span class="sr-only">{t("customer.list.loading")}</span>
            <Skeleton class="sk-line" />
            <Skeleton class="sk-line" />
            <Skeleton class="sk-line" />
          </div>
        </Match>
        <Match when={list.items()?.length === 0}>
          <div class="panel">
            <EmptyState icon={<InboxIcon />} title={t("customer.list.emptyTitle")}>
              {t("customer.list.emptyBody")} <A href="/customer/tickets/new">{t("customer.list.open")}</A>
            </EmptyState>
          </div>
        </Match>
        <Match when={list.items()}>
          {(items) => (
            <>
              <ul class="ct-list" aria-label={t("customer.list.label")}>
                <For each={items()}>
                  {(ticket) => (
                    <li class="ct-card">
                      <A href={`/customer/tickets/${ticket.number}`} class="ct-card-link">
                        <span class="ct-card-title">{ticket.title}</span>
                        <span class="ct-card-meta">
                          <span class="mono">{ticket.number}</span>
                          <span aria-hidden="true">·</span>
                          <span>
                            {t("customer.list.updated")} <RelativeTime at={ticket.updatedAt} now={now()} />
                          </span>
                        </span>
                      </A>
                      <TicketStatus status={ticket.status} />
                    </li>
                  )}
                </For>
              </ul>
              <Show when={list.hasMore()}>
                <div class="load-more">
                  <ErrorAlert message={list.moreError()} />
                  <button type="button" class="btn btn-secondary" disabled={list.loadingMore()} onClick={list.loadMore}>
                    <RefreshIcon spinning={list.loadingMore()} />
                    {list.loadingMore() ? t("kit.loading") : t("customer.list.older")}
                  </button>
                </div>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}
