import { A, useParams } from "@solidjs/router";
import { createEffect, For, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../api";
import { crmApi } from "../../components/crm/api";
import { RelatedSubscribers, RelatedTickets } from "../../components/crm/Related";
import { PageHeader } from "../../components/kit/PageHeader";
import { ErrorState, Panel, Skeleton } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";

/** One person: how to reach them, their organisation, subscribers and tickets. */
export function PersonPage() {
  const params = useParams();
  const person = createLoad(() => crmApi.person(params.id ?? ""), { key: () => params.id });
  const org = createLoad(
    async () => {
      const id = person.data()?.organizationId;
      return id && can("customer:read") ? crmApi.organization(id) : undefined;
    },
    { key: () => person.data()?.organizationId },
  );
  createEffect(() => useTitle(person.data()?.displayName ?? t("crm.people.title")));
  const crumb = () => <A href="/people">{t("crm.people.crumb")}</A>;
  return (
    <div class="page">
      <Switch>
        <Match when={person.failure() instanceof ApiError && (person.failure() as ApiError).status === 404}>
          <PageHeader crumb={crumb()} title={t("crm.people.notFound")} />
        </Match>
        <Match when={person.error() && !person.data()}>
          <ErrorState title={t("crm.loadFailed")} detail={person.error() ?? ""} onRetry={person.refresh} />
        </Match>
        <Match when={person.data()}>
          {(p) => (
            <>
              <PageHeader
                crumb={crumb()}
                title={p().displayName}
                sub={t(`crm.partyStatus.${p().partyStatus}`)}
                refreshedAt={person.refreshedAt()}
                onRefresh={person.refresh}
                refreshing={person.loading()}
              />
              <div class="crm-grid">
                <Panel id="person-channels" title={t("crm.people.channels")}>
                  <Show when={p().channels.length > 0} fallback={<p class="muted">{t("crm.people.noChannels")}</p>}>
                    <dl class="crm-facts">
                      <For each={p().channels}>
                        {(c) => (
                          <>
                            <dt>{t(`crm.channelKind.${c.kind}`)}</dt>
                            <dd class={c.kind === "email" ? "" : "mono"}>{c.value}</dd>
                          </>
                        )}
                      </For>
                    </dl>
                  </Show>
                </Panel>
                <Panel id="person-org" title={t("crm.people.organisation")}>
                  <Show when={org.data()} fallback={<p class="muted">{t("crm.people.noOrganisation")}</p>}>
                    {(o) => (
                      <p>
                        <A href={`/organizations/${o().id}`}>{o().name}</A>{" "}
                        <span class="muted">{t(`crm.accountType.${o().accountType}`)}</span>
                      </p>
                    )}
                  </Show>
                </Panel>
              </div>
              <Show when={can("subscribers:subscriber:read")}>
                <RelatedSubscribers id="person-subscribers" query={{ personId: p().id }} />
              </Show>
              <Show when={can("support:ticket:read")}>
                <RelatedTickets id="person-tickets" query={{ personId: p().id }} />
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
