import { Show } from "solid-js";
import { PageHeader } from "../components/kit/PageHeader";
import { Badge, ErrorState, Panel, RelativeTime, Skeleton } from "../components/ui";
import { useNow, useTitle } from "../format";
import { t } from "../i18n";
import { createLoad } from "../lib/load";
import { portalApi } from "../portal-api";

/** The vendor's own organisation, as the provider has it on file. */
export function VendorProfilePage() {
  useTitle(t("portal.vendor.title"));
  const now = useNow();
  const profile = createLoad(() => portalApi.vendor.profile());

  return (
    <div class="page">
      <PageHeader
        title={t("portal.vendor.title")}
        sub={t("portal.vendor.sub")}
        refreshedAt={profile.refreshedAt()}
        onRefresh={profile.refresh}
        refreshing={profile.loading()}
      />
      <Show
        when={profile.data()}
        fallback={
          <Show
            when={profile.error()}
            fallback={
              <div class="panel loading" aria-hidden="true">
                <Skeleton class="sk-line sk-short" />
                <Skeleton class="sk-row" />
              </div>
            }
          >
            <ErrorState
              title={t("portal.vendor.loadFailed")}
              detail={profile.error() ?? ""}
              onRetry={profile.refresh}
              busy={profile.loading()}
            />
          </Show>
        }
      >
        {(p) => (
          <Panel id="profile-title" title={p().name} sub={t("portal.vendor.kind")}>
            <dl class="kv service-kv">
              <div>
                <dt>{t("portal.vendor.status")}</dt>
                <dd>
                  <Badge tone={p().status === "active" ? "success" : "warning"}>
                    {t(`portal.organizationStatus.${p().status}`)}
                  </Badge>
                </dd>
              </div>
              <div>
                <dt>{t("portal.vendor.type")}</dt>
                <dd>{t("portal.accountType.vendor")}</dd>
              </div>
              <div>
                <dt>{t("portal.vendor.since")}</dt>
                <dd>
                  <RelativeTime at={p().createdAt} now={now()} />
                </dd>
              </div>
              <div>
                <dt>{t("portal.vendor.updated")}</dt>
                <dd>
                  <RelativeTime at={p().updatedAt} now={now()} />
                </dd>
              </div>
            </dl>
          </Panel>
        )}
      </Show>
    </div>
  );
}
