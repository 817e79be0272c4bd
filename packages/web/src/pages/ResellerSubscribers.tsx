import { useSearchParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { errorMessage } from "../api";
import { ActivityIcon } from "../components/icons";
import { PageHeader } from "../components/kit/PageHeader";
import { Address, StatusBadge } from "../components/portal/subscriber";
import { EmptyState, ErrorState, Panel, Skeleton } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";
import { type PortalSubscriber, portalApi } from "../portal-api";

/** Subscribers of the reseller's organisations, filtered by organisation (kept in the address bar). */
export function ResellerSubscribersPage() {
  useTitle("Subscribers");
  const [params, setParams] = useSearchParams<{ organizationId?: string; q?: string }>();
  const [orgs] = createResource(() => portalApi.reseller.organizations());
  const [items, setItems] = createSignal<PortalSubscriber[]>();
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  let generation = 0;

  const load = async (more = false) => {
    const mine = ++generation;
    setLoading(true);
    setError(undefined);
    try {
      const query: { organizationId?: string; q?: string; cursor?: string } = {};
      if (params.organizationId) query.organizationId = params.organizationId;
      if (params.q) query.q = params.q;
      const after = cursor();
      if (more && after) query.cursor = after;
      const page = await portalApi.reseller.subscribers(query);
      if (mine !== generation) return;
      setItems(more ? [...(items() ?? []), ...page.items] : page.items);
      setCursor(page.nextCursor);
    } catch (failure) {
      if (mine !== generation) return;
      if (!more) setItems(undefined);
      setError(errorMessage(failure));
    } finally {
      if (mine === generation) setLoading(false);
    }
  };
  createEffect(
    on(
      () => [params.organizationId, params.q],
      () => {
        setCursor(null);
        setItems(undefined);
        load();
      },
    ),
  );

  const orgName = () => orgs()?.find((o) => o.id === params.organizationId)?.name;

  return (
    <div class="page">
      <PageHeader title={<>Subscribers</>} sub={<>Subscribers of your organisations, by subscriber number.</>} />
      <form
        class="filter-bar portal-filter"
        aria-label={t("crm.subscribers.search")}
        onSubmit={(e) => {
          e.preventDefault();
          const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
          setParams({ q: q || undefined });
        }}
      >
        <div class="field">
          <label for="subscriber-q">{t("crm.subscribers.searchLabel")}</label>
          <input id="subscriber-q" name="q" type="search" value={params.q ?? ""} />
        </div>
        <div class="field">
          <label for="org-filter">Organisation</label>
          <select
            id="org-filter"
            value={params.organizationId ?? ""}
            onChange={(e) => setParams({ organizationId: e.currentTarget.value || undefined })}
          >
            <option value="">All organisations</option>
            <For each={orgs() ?? []}>
              {(org) => (
                <option value={org.id} selected={org.id === params.organizationId}>
                  {`${"— ".repeat(org.depth)}${org.name}`}
                </option>
              )}
            </For>
          </select>
        </div>
        <button type="submit" class="btn btn-primary portal-search-btn">
          {t("crm.search.open")}
        </button>
      </form>
      <Switch>
        <Match when={error() && !items()}>
          <ErrorState
            title="Could not load subscribers"
            detail={error() ?? ""}
            onRetry={() => load()}
            busy={loading()}
          />
        </Match>
        <Match when={items()}>
          {(list) => (
            <Panel
              id="subscribers-title"
              title={orgName() ?? "All organisations"}
              sub={
                <>
                  {list().length === 1 ? "1 subscriber" : `${list().length} subscribers`}
                  {cursor() ? " so far" : ""}
                </>
              }
            >
              <Show
                when={list().length > 0}
                fallback={
                  <EmptyState icon={<ActivityIcon />} title="No subscribers here yet">
                    Subscribers appear once your provider links them to one of your organisations.
                  </EmptyState>
                }
              >
                <div class="table-wrap">
                  <table class="table table-stack subscribers-table">
                    <thead>
                      <tr>
                        <th scope="col">Subscriber</th>
                        <th scope="col">Organisation</th>
                        <th scope="col">Plan</th>
                        <th scope="col">Status</th>
                        <th scope="col">Service address</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={list()}>
                        {(s) => (
                          <tr>
                            <th scope="row" class="row-title mono">
                              {s.subscriberNumber}
                            </th>
                            <td data-label="Organisation">{s.organizationName ?? "—"}</td>
                            <td data-label="Plan">
                              {s.planName ?? <span class="muted">—</span>}
                              <Show when={s.planSpeed}>
                                <span class="sub">{s.planSpeed}</span>
                              </Show>
                            </td>
                            <td data-label="Status">
                              <StatusBadge status={s.status} />
                            </td>
                            <td data-label="Service address">
                              <Address address={s.serviceAddress} />
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
              <Show when={error()}>
                <div class="alert alert-error" role="alert">
                  Could not load more: {error()}
                </div>
              </Show>
              <Show when={cursor()}>
                <div class="load-more">
                  <button type="button" class="btn btn-secondary" disabled={loading()} onClick={() => load(true)}>
                    {loading() ? "Loading…" : "Load more"}
                  </button>
                </div>
              </Show>
            </Panel>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <For each={[1, 2, 3]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
