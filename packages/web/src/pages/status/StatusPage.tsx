import { createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { api, type SystemStatus } from "../../api";
import { EmailDeliveries } from "../../components/EmailDeliveries";
import { AlertIcon } from "../../components/icons";
import { PageHeader } from "../../components/kit/PageHeader";
import { ErrorState, Skeleton } from "../../components/ui";
import { relativeTime, useNow, useTitle } from "../../format";
import { t } from "../../i18n";
import { Cards } from "./Cards";
import { DeadLetters } from "./DeadLetters";
import { InboundSection } from "./InboundSection";
import { JobsSection } from "./JobsSection";
import { REFRESH_MS, Summary } from "./shared";

export function LoadingSkeleton() {
  return (
    <div class="loading" aria-hidden="true">
      <Skeleton class="sk-summary" />
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

/** Health of this environment: database, queue, outbox, jobs and webhooks, refreshed every 5 s. */
export function StatusPage() {
  useTitle(t("status.title"));
  const now = useNow();
  const [status, setStatus] = createSignal<SystemStatus>();
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [updatedAt, setUpdatedAt] = createSignal<number>();
  const [announcement, setAnnouncement] = createSignal("");
  let inFlight = false;

  const refresh = async (manual = false) => {
    if (inFlight) return;
    inFlight = true;
    setLoading(true);
    if (manual) setAnnouncement(t("status.refreshing"));
    try {
      setStatus(await api.status());
      setUpdatedAt(Date.now());
      setError(undefined);
      if (manual) setAnnouncement(t("status.updated"));
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      // Shown in a role="alert" box, which announces itself.
      setError(message);
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
    if (!document.hidden) void refresh();
  };
  document.addEventListener("visibilitychange", onVisible);
  onCleanup(() => {
    clearInterval(timer);
    document.removeEventListener("visibilitychange", onVisible);
  });

  return (
    <div class="page">
      <PageHeader
        title={t("status.title")}
        sub={t("status.sub")}
        refreshedAt={updatedAt()}
        refreshNote={t("status.autoRefresh")}
        onRefresh={() => refresh(true)}
        refreshing={loading()}
      />
      <p class="sr-only" role="status" aria-live="polite">
        {announcement()}
      </p>

      <Switch>
        <Match when={status()}>
          {(s) => (
            <>
              <Show when={error()}>
                <div class="alert alert-error alert-row" role="alert">
                  <AlertIcon />
                  <span>
                    {t("status.refreshFailed", {
                      error: error()?.replace(/\.$/, "") ?? "",
                      when: relativeTime(updatedAt() ?? now(), now()),
                    })}
                  </span>
                  <button type="button" class="btn btn-small" onClick={() => refresh(true)}>
                    {t("status.retry")}
                  </button>
                </div>
              </Show>
              <Summary status={s()} />
              <Cards status={s()} />
              <Show when={s().queue.deadLetters > 0 || s().deadLetters.length > 0}>
                <DeadLetters status={s()} now={now()} />
              </Show>
              <InboundSection events={s().inbound} now={now()} />
              <JobsSection jobs={s().jobs} now={now()} />
              <EmailDeliveries />
            </>
          )}
        </Match>
        <Match when={error()}>
          <ErrorState
            title={t("status.loadFailed")}
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
