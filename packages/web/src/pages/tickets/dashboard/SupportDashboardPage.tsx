import { A } from "@solidjs/router";
import { createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { errorMessage } from "../../../api";
import { AlertIcon, InboxIcon, PlusIcon } from "../../../components/icons";
import { LiveRegion } from "../../../components/kit/Alert";
import { PageHeader } from "../../../components/kit/PageHeader";
import { EmptyState, ErrorState, Skeleton } from "../../../components/ui";
import { relativeTime, useNow, useTitle } from "../../../format";
import { t } from "../../../i18n";
import { Dashboard } from "./Dashboard";
import { type Compliance, load, REFRESH_MS, type TicketStats } from "./shared";

/** The dashboard's shape while its first figures load. */
export function LoadingSkeleton() {
  return (
    <div class="loading" aria-hidden="true">
      <div class="card-grid">
        <For each={[1, 2, 3, 4]}>
          {() => (
            <div class="card">
              <Skeleton class="sk-line sk-short" />
              <Skeleton class="sk-value" />
              <Skeleton class="sk-line" />
            </div>
          )}
        </For>
      </div>
      <div class="panel">
        <Skeleton class="sk-line sk-short" />
        <For each={[1, 2, 3, 4]}>{() => <Skeleton class="sk-row" />}</For>
      </div>
    </div>
  );
}

/** The support team's day at a glance: open work, SLA risk and breaches, compliance over 30 days. */
export function SupportDashboardPage() {
  useTitle(t("dashboard.title"));
  const now = useNow();
  const [data, setData] = createSignal<{ stats: TicketStats; compliance: Compliance }>();
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [updatedAt, setUpdatedAt] = createSignal<number>();
  const [announcement, setAnnouncement] = createSignal("");
  let inFlight = false;

  const refresh = async (manual = false) => {
    if (inFlight) return;
    inFlight = true;
    setLoading(true);
    if (manual) setAnnouncement(t("dashboard.refreshing"));
    try {
      setData(await load());
      setUpdatedAt(Date.now());
      setError(undefined);
      if (manual) setAnnouncement(t("dashboard.updated"));
    } catch (failure) {
      setError(errorMessage(failure));
      setAnnouncement("");
    } finally {
      inFlight = false;
      setLoading(false);
    }
  };

  void refresh();
  const timer = setInterval(() => {
    if (!document.hidden) void refresh();
  }, REFRESH_MS);
  const onVisible = () => {
    if (!document.hidden && Date.now() - (updatedAt() ?? 0) >= REFRESH_MS) void refresh();
  };
  document.addEventListener("visibilitychange", onVisible);
  onCleanup(() => {
    clearInterval(timer);
    document.removeEventListener("visibilitychange", onVisible);
  });

  const noTickets = () => (data()?.stats.byStatus ?? []).every((x) => x.count === 0);

  return (
    <div class="page">
      <PageHeader
        title={t("dashboard.title")}
        sub={t("dashboard.sub")}
        refreshedAt={updatedAt()}
        refreshNote={t("dashboard.autoRefresh")}
        onRefresh={() => refresh(true)}
        refreshing={loading()}
      />
      <LiveRegion message={announcement()} />

      <Switch>
        <Match when={data()}>
          {(d) => (
            <>
              <Show when={error()}>
                <div class="alert alert-error alert-row" role="alert">
                  <AlertIcon />
                  <span>
                    {t("dashboard.refreshFailed", {
                      error: error()?.replace(/\.$/, "") ?? "",
                      when: relativeTime(updatedAt() ?? now(), now()),
                    })}
                  </span>
                  <button type="button" class="btn btn-small" onClick={() => refresh(true)}>
                    {t("dashboard.retry")}
                  </button>
                </div>
              </Show>
              <Show
                when={!noTickets()}
                fallback={
                  <section class="panel" aria-label={t("dashboard.noTickets")}>
                    <EmptyState icon={<InboxIcon />} title={t("dashboard.noTickets")}>
                      {t("dashboard.noTicketsBody")}{" "}
                      <A href="/tickets/new" class="btn btn-primary dash-empty-cta">
                        <PlusIcon />
                        {t("dashboard.openTicket")}
                      </A>
                    </EmptyState>
                  </section>
                }
              >
                <Dashboard stats={d().stats} compliance={d().compliance} now={now()} />
              </Show>
            </>
          )}
        </Match>
        <Match when={error()}>
          <ErrorState
            title={t("dashboard.loadFailed")}
            detail={error() ?? ""}
            onRetry={() => refresh(true)}
            busy={loading()}
          />
        </Match>
        <Match when={true}>
          <LoadingSkeleton />
        </Match>
      </Switch>
    </div>
  );
}
