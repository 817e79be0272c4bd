import { A, useParams } from "@solidjs/router";
import { createEffect, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../api";
import { crmApi } from "../../components/crm/api";
import { RelatedTickets } from "../../components/crm/Related";
import { PageHeader } from "../../components/kit/PageHeader";
import { ErrorState, Panel, RelativeTime, Skeleton } from "../../components/ui";
import { useNow, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";

/** One subscriber: the billing facts, the person and organisation it belongs to, and its tickets. */
export function SubscriberPage() {
  const params = useParams();
  const now = useNow();
  const sub = createLoad(() => crmApi.subscriber(params.id ?? ""), { key: () => params.id });
  createEffect(() => useTitle(sub.data()?.subscriberNumber ?? t("crm.subscribers.title")));
  const crumb = () => <span>{t("crm.subscribers.crumb")}</span>;
  return (
    <div class="page">
      <Switch>
        <Match when={sub.failure() instanceof ApiError && (sub.failure() as ApiError).status === 404}>
          <PageHeader crumb={crumb()} title={t("crm.subscribers.notFound")} />
        </Match>
        <Match when={sub.error() && !sub.data()}>
          <ErrorState title={t("crm.loadFailed")} detail={sub.error() ?? ""} onRetry={sub.refresh} />
        </Match>
        <Match when={sub.data()}>
          {(s) => (
            <>
              <PageHeader
                crumb={crumb()}
                title={<span class="mono">{s().subscriberNumber}</span>}
                sub={t(`crm.subscriberStatus.${s().status}`)}
                refreshedAt={sub.refreshedAt()}
                onRefresh={sub.refresh}
                refreshing={sub.loading()}
              />
              <Panel id="subscriber-facts" title={t("crm.subscribers.number")}>
                <dl class="crm-facts">
                  <Show when={s().accountNumber}>
                    <dt>{t("crm.subscribers.account")}</dt>
                    <dd class="mono">{s().accountNumber}</dd>
                  </Show>
                  <dt>{t("crm.subscribers.plan")}</dt>
                  <dd>{[s().planName, s().planSpeed].filter(Boolean).join(" · ") || "—"}</dd>
                  <dt>{t("crm.subscribers.address")}</dt>
                  <dd>{s().address ?? "—"}</dd>
                  <dt>{t("crm.subscribers.person")}</dt>
                  <dd>
                    <Show when={s().person} fallback="—">
                      {(p) => <A href={`/people/${p().id}`}>{p().name}</A>}
                    </Show>
                  </dd>
                  <dt>{t("crm.subscribers.organisation")}</dt>
                  <dd>
                    <Show when={s().organization} fallback="—">
                      {(o) => <A href={`/organizations/${o().id}`}>{o().name}</A>}
                    </Show>
                  </dd>
                  <dt>{t("crm.subscribers.lastSynced")}</dt>
                  <dd>
                    <RelativeTime at={s().lastSyncedAt} now={now()} />
                  </dd>
                </dl>
              </Panel>
              <Show when={can("support:ticket:read")}>
                <RelatedTickets id="subscriber-tickets" query={{ subscriberId: s().id }} />
              </Show>
            </>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <Skeleton class="sk-row" />
          </div>
        </Match>
      </Switch>
    </div>
  );
}
