import "../../components/contracts/contracts.css";
import { A, useParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ProjectStatus } from "../../components/contracts/Display";
import { InvoiceCard } from "../../components/contracts/InvoiceCard";
import { ProjectFacts, ProjectFrame } from "../../components/contracts/ProjectFacts";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { AsBuiltReview } from "./AsBuiltReview";
import { contractsApi, type VendorOption } from "./api";
import { type Decision, DecisionDialog } from "./DecisionDialog";
import { InvoiceActions } from "./InvoiceActions";
import { ProjectDialogs } from "./ProjectDialogs";
import { QuotesCompare } from "./QuotesCompare";

/** One installation project for staff: bidding, quotes side by side, approval, as-built review, invoices. */
export function InstallationProjectPage() {
  useTitle(t("contracts.staff.projectTitle"));
  const params = useParams();
  const id = () => params.id ?? "";
  const project = createLoad(() => contractsApi.get(id()), { key: id });
  const quotes = createLoad(() => contractsApi.quotes(id()), { key: id });
  const asBuilts = createLoad(() => contractsApi.asBuilts(id()), { key: id });
  const invoices = createLoad(() => contractsApi.invoices(id()), { key: id });
  const [vendors, setVendors] = createSignal<VendorOption[]>([]);
  const [notice, setNotice] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const [decision, setDecision] = createSignal<Decision>();
  let biddingDialog: HTMLDialogElement | undefined;
  let assignDialog: HTMLDialogElement | undefined;
  let decisionDialog: HTMLDialogElement | undefined;
  const refreshAll = () => {
    void project.refresh();
    void quotes.refresh();
    void asBuilts.refresh();
    void invoices.refresh();
  };
  const act = async (run: () => Promise<string>) => {
    try {
      setNotice(await run());
      setFailure(undefined);
      refreshAll();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const decide = (d: Decision) => {
    setDecision(d);
    decisionDialog?.showModal();
  };
  return (
    <ProjectFrame data={project.data()} error={project.error()} onRetry={project.refresh}>
      {(p) => (
        <>
          <PageHeader
            crumb={<A href="/installation-projects">{t("contracts.staff.title")}</A>}
            title={`${p().number} · ${p().title}`}
            sub={<ProjectStatus status={p().status} />}
            refreshedAt={project.refreshedAt()}
            onRefresh={refreshAll}
            refreshing={project.loading()}
            actions={
              <Show when={p().status === "draft" && can("vendor:project:write")}>
                <button type="button" class="btn btn-primary" onClick={() => biddingDialog?.showModal()}>
                  {t("contracts.staff.openBidding")}
                </button>
                <button
                  type="button"
                  class="btn btn-secondary"
                  onClick={async () => {
                    setVendors((await contractsApi.vendors()).items);
                    assignDialog?.showModal();
                  }}
                >
                  {t("contracts.staff.assign")}
                </button>
              </Show>
            }
          />
          <Notice message={notice()} />
          <ErrorAlert message={failure()} />
          <ProjectFacts project={p()} staff />
          <QuotesCompare items={quotes.data()?.items ?? []} decide={decide} />
          <AsBuiltReview
            items={asBuilts.data()?.items ?? []}
            currency={p().currency}
            act={(run) => void act(run)}
            decide={decide}
          />
          <Panel id="ip-invoices" title={t("contracts.invoice.title")} sub={t("contracts.invoice.staffSub")}>
            <Show
              when={(invoices.data()?.items.length ?? 0) > 0}
              fallback={<p class="muted">{t("contracts.invoice.none")}</p>}
            >
              <For each={invoices.data()?.items}>
                {(inv) => (
                  <InvoiceCard
                    invoice={inv}
                    showVendor
                    actions={<InvoiceActions invoice={inv} act={(run) => void act(run)} decide={decide} />}
                  />
                )}
              </For>
            </Show>
          </Panel>
          <ProjectDialogs
            id={id()}
            vendors={vendors()}
            biddingRef={(el) => {
              biddingDialog = el;
            }}
            assignRef={(el) => {
              assignDialog = el;
            }}
            onOpened={() => {
              setNotice(t("contracts.staff.opened"));
              refreshAll();
            }}
            onAssigned={refreshAll}
          />
          <DecisionDialog
            ref={(el) => {
              decisionDialog = el;
            }}
            decision={decision()}
            onDone={(message) => {
              setNotice(message);
              refreshAll();
            }}
          />
        </>
      )}
    </ProjectFrame>
  );
}
