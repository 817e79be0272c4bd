import "../../components/contracts/contracts.css";
import { A, useParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ProjectStatus } from "../../components/contracts/Display";
import { ProjectFacts, ProjectFrame } from "../../components/contracts/ProjectFacts";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { AsBuiltPanel } from "./AsBuiltPanel";
import { vendorApi } from "./api";
import { InvoicePanel } from "./InvoicePanel";
import { QuotePanel } from "./QuotePanel";

/** One installation project as the contractor sees it: bid, build, report, invoice. */
export function VendorProjectPage() {
  const params = useParams();
  const project = createLoad(() => vendorApi.project(params.id ?? ""), { key: () => params.id });
  const [failure, setFailure] = createSignal<string>();
  useTitle(t("contracts.vendor.projectTitle"));
  const start = async () => {
    try {
      project.mutate(await vendorApi.start(params.id ?? ""));
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  return (
    <ProjectFrame data={project.data()} error={project.error()} onRetry={project.refresh}>
      {(p) => (
        <>
          <PageHeader
            crumb={<A href="/vendor/projects">{t("contracts.vendor.title")}</A>}
            title={`${p().number} · ${p().title}`}
            sub={<ProjectStatus status={p().status} />}
            refreshedAt={project.refreshedAt()}
            onRefresh={project.refresh}
            refreshing={project.loading()}
            actions={
              <Show when={p().status === "approved" && p().vendorOrganizationId}>
                <button type="button" class="btn btn-primary" onClick={() => void start()}>
                  {t("contracts.vendor.start")}
                </button>
              </Show>
            }
          />
          <ErrorAlert message={failure()} />
          <ProjectFacts project={p()} />
          <QuotePanel project={p()} onChanged={() => void project.refresh()} />
          <Show when={p().vendorOrganizationId && !["assigned", "quoted"].includes(p().status)}>
            <AsBuiltPanel project={p()} onChanged={() => void project.refresh()} />
            <InvoicePanel project={p()} />
          </Show>
        </>
      )}
    </ProjectFrame>
  );
}
