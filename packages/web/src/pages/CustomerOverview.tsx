import { For, Show } from "solid-js";
import { ActivityIcon } from "../components/icons";
import { PageHeader } from "../components/kit/PageHeader";
import { Address, StatusBadge } from "../components/portal/subscriber";
import { EmptyState, ErrorState, Panel, RelativeTime, Skeleton } from "../components/ui";
import { useNow, useTitle } from "../format";
import { t } from "../i18n";
import { createLoad } from "../lib/load";
import { type PortalSubscriber, portalApi } from "../portal-api";

function ServiceCard(props: { subscriber: PortalSubscriber; now: number }) {
  const s = () => props.subscriber;
  const id = () => `service-${s().id}`;
  return (
    <Panel
      id={id()}
      title={s().planName ?? t("portal.overview.internet")}
      sub={t("portal.overview.subscriber", { number: s().subscriberNumber })}
    >
      <dl class="kv service-kv">
        <div>
          <dt>{t("portal.overview.status")}</dt>
          <dd>
            <StatusBadge status={s().status} />
          </dd>
        </div>
        <div>
          <dt>{t("portal.overview.plan")}</dt>
          <dd>
            {s().planName ?? <span class="muted">{t("portal.overview.notSet")}</span>}
            <Show when={s().planSpeed}> · {s().planSpeed}</Show>
          </dd>
        </div>
        <div>
          <dt>{t("portal.overview.account")}</dt>
          <dd>{s().accountNumber ?? <span class="muted">{t("kit.none")}</span>}</dd>
        </div>
        <div>
          <dt>{t("portal.overview.balance")}</dt>
          <dd class="muted">{t("portal.overview.onBill")}</dd>
        </div>
        <div>
          <dt>{t("portal.overview.address")}</dt>
          <dd>
            <Address address={s().serviceAddress} />
          </dd>
        </div>
        <div>
          <dt>{t("portal.overview.synced")}</dt>
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
  useTitle(t("portal.overview.title"));
  const now = useNow();
  const overview = createLoad(() => portalApi.customer.overview());

  return (
    <div class="page">
      <PageHeader
        title={t("portal.overview.title")}
        sub={
          overview.data()
            ? t("portal.overview.welcome", { name: overview.data()?.displayName ?? "" })
            : t("portal.overview.sub")
        }
        refreshedAt={overview.refreshedAt()}
        onRefresh={overview.refresh}
        refreshing={overview.loading()}
      />
      <Show
        when={overview.data()}
        fallback={
          <Show
            when={overview.error()}
            fallback={
              <div class="panel loading" aria-hidden="true">
                <Skeleton class="sk-line sk-short" />
                <For each={[1, 2, 3]}>{() => <Skeleton class="sk-row" />}</For>
              </div>
            }
          >
            <ErrorState
              title={t("portal.overview.loadFailed")}
              detail={overview.error() ?? ""}
              onRetry={overview.refresh}
              busy={overview.loading()}
            />
          </Show>
        }
      >
        {(o) => (
          <Show
            when={o().subscribers.length > 0}
            fallback={
              <div class="panel">
                <EmptyState icon={<ActivityIcon />} title={t("portal.overview.empty")}>
                  {t("portal.overview.emptyBody")}
                </EmptyState>
              </div>
            }
          >
            <div class="service-list">
              <For each={o().subscribers}>{(s) => <ServiceCard subscriber={s} now={now()} />}</For>
            </div>
          </Show>
        )}
      </Show>
    </div>
  );
}
