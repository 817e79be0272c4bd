import { createResource, Match, Switch } from "solid-js";
import { PageHeader } from "../components/kit/PageHeader";
import { Badge, ErrorState, Panel, RelativeTime, Skeleton } from "../components/ui";
import { useNow, useTitle } from "../format";
import { portalApi, organizationStatusWords as statusWords } from "../portal-api";

/** The vendor's own organisation, as the provider has it on file. */
export function VendorProfilePage() {
  useTitle("Organisation");
  const now = useNow();
  const [profile, { refetch }] = createResource(() => portalApi.vendor.profile());

  return (
    <div class="page">
      <PageHeader title={<>Organisation</>} sub={<>Your company as your provider has it on file.</>} />
      <Switch>
        <Match when={profile.error}>
          <ErrorState
            title="Could not load your organisation"
            detail={profile.error instanceof Error ? profile.error.message : String(profile.error)}
            onRetry={refetch}
          />
        </Match>
        <Match when={profile()}>
          {(p) => (
            <Panel id="profile-title" title={p().name} sub="Vendor organisation">
              <dl class="kv service-kv">
                <div>
                  <dt>Status</dt>
                  <dd>
                    <Badge tone={p().status === "active" ? "success" : "warning"}>{statusWords[p().status]}</Badge>
                  </dd>
                </div>
                <div>
                  <dt>Account type</dt>
                  <dd>Vendor</dd>
                </div>
                <div>
                  <dt>On file since</dt>
                  <dd>
                    <RelativeTime at={p().createdAt} now={now()} />
                  </dd>
                </div>
                <div>
                  <dt>Last updated</dt>
                  <dd>
                    <RelativeTime at={p().updatedAt} now={now()} />
                  </dd>
                </div>
              </dl>
            </Panel>
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
