import { createResource, For, Match, Show, Switch } from "solid-js";
import { ActivityIcon } from "../components/icons";
import { PageHeader } from "../components/kit/PageHeader";
import { Address, StatusBadge } from "../components/portal/subscriber";
import { EmptyState, ErrorState, Panel, RelativeTime, Skeleton } from "../components/ui";
import { useNow, useTitle } from "../format";
import { type PortalSubscriber, portalApi } from "../portal-api";

function ServiceCard(props: { subscriber: PortalSubscriber; now: number }) {
  const s = () => props.subscriber;
  const id = () => `service-${s().id}`;
  return (
    <Panel id={id()} title={s().planName ?? "Internet service"} sub={<>Subscriber {s().subscriberNumber}</>}>
      <dl class="kv service-kv">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={s().status} />
          </dd>
        </div>
        <div>
          <dt>Plan</dt>
          <dd>
            {s().planName ?? <span class="muted">Not set</span>}
            <Show when={s().planSpeed}> · {s().planSpeed}</Show>
          </dd>
        </div>
        <div>
          <dt>Account number</dt>
          <dd>{s().accountNumber ?? <span class="muted">—</span>}</dd>
        </div>
        <div>
          <dt>Balance</dt>
          <dd class="muted">On your latest bill</dd>
        </div>
        <div>
          <dt>Service address</dt>
          <dd>
            <Address address={s().serviceAddress} />
          </dd>
        </div>
        <div>
          <dt>Last updated from billing</dt>
          <dd>
            <RelativeTime at={s().lastSyncedAt} now={props.now} />
          </dd>
        </div>
      </dl>
    </Panel>
  );
}

/** The customer's home: their service (plan, status, address) for each subscriber they hold. */
export function CustomerOverviewPage() {
  useTitle("My service");
  const now = useNow();
  const [overview, { refetch }] = createResource(() => portalApi.customer.overview());

  return (
    <div class="page">
      <PageHeader
        title={<>My service</>}
        sub={
          <Show when={overview()} fallback="Your internet service at a glance.">
            {(o) => <>Welcome, {o().displayName}. Your internet service at a glance.</>}
          </Show>
        }
      />
      <Switch>
        <Match when={overview.error}>
          <ErrorState
            title="Could not load your service"
            detail={overview.error instanceof Error ? overview.error.message : String(overview.error)}
            onRetry={refetch}
            busy={overview.loading}
          />
        </Match>
        <Match when={overview()}>
          {(o) => (
            <Show
              when={o().subscribers.length > 0}
              fallback={
                <div class="panel">
                  <EmptyState icon={<ActivityIcon />} title="No service is linked to your account yet">
                    If you have just signed up, it appears here once your connection is set up. Otherwise contact
                    support and quote the email you sign in with.
                  </EmptyState>
                </div>
              }
            >
              <div class="service-list">
                <For each={o().subscribers}>{(s) => <ServiceCard subscriber={s} now={now()} />}</For>
              </div>
            </Show>
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
