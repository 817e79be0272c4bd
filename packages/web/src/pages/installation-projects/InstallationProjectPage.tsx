import "../../components/contracts/contracts.css";
import { A, useParams } from "@solidjs/router";
import { createSignal, For, lazy, Show, Suspense } from "solid-js";
import { errorMessage } from "../../api";
import { AsBuiltItem, DocStatus, LinesTable, ProjectStatus } from "../../components/contracts/Display";
import { money } from "../../components/contracts/money";
import type { Coordinates } from "../../components/contracts/types";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { ErrorState, Panel, Skeleton } from "../../components/ui";
import { absoluteTime, formatDate, useTitle } from "../../format";
import { t, withAreas } from "../../i18n";
import { isoDay } from "../../lib/date-input";
import { createLoad } from "../../lib/load";
import { can, user } from "../../session";
import { contractsApi, type StaffQuote, type VendorOption } from "./api";

const RouteMap = lazy(() =>
  withAreas(["contracts"], () => import("../../components/contracts/RouteMap")).then((m) => ({ default: m.RouteMap })),
);
const DAY = 24 * 3600 * 1000;

type Decision =
  | { kind: "revise" | "reject" | "approve"; quote: StaffQuote }
  | { kind: "rejectAsBuilt"; id: string; version: number }
  | { kind: "invoice"; id: string; number: string; decision: "rejected" | "revision_requested" };

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
  const approvalState = (q: StaffQuote) => {
    if (q.status === "approved") return t("contracts.approval.approved", { name: q.decidedByName ?? "" });
    if (q.firstApprovedById) return t("contracts.approval.awaitingSecond", { name: q.firstApprovedByName ?? "" });
    if (q.needsSecondApproval) return t("contracts.approval.needsTwo");
    return t("contracts.approval.needsOne");
  };
  const mayApprove = (q: StaffQuote) =>
    q.status === "submitted" && can("vendor:quote:approve") && q.firstApprovedById !== user()?.id;
  const routes = () =>
    (quotes.data()?.items ?? [])
      .filter((q) => q.current.route)
      .map((q, i) => ({
        label: q.vendorName ?? q.number,
        coordinates: (q.current.route?.coordinates ?? []) as Coordinates,
        className: `vp-line-${i % 4}`,
      }));
  return (
    <div class="page vp-page">
      <Show
        when={project.data()}
        fallback={
          <Show when={project.error()} fallback={<Skeleton class="sk-row" />}>
            <ErrorState title={t("contracts.loadFailed")} detail={project.error() ?? ""} onRetry={project.refresh} />
          </Show>
        }
      >
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
            <dl class="kv vp-facts">
              <div>
                <dt>{t("contracts.col.project")}</dt>
                <dd>{p().projectName ?? "—"}</dd>
              </div>
              <div>
                <dt>{t("contracts.col.vendor")}</dt>
                <dd>{p().vendorName ?? "—"}</dd>
              </div>
              <div>
                <dt>{t("contracts.col.region")}</dt>
                <dd>{p().region ?? "—"}</dd>
              </div>
              <div>
                <dt>{t("contracts.col.closes")}</dt>
                <dd>{p().biddingClosesAt ? formatDate(p().biddingClosesAt ?? "") : "—"}</dd>
              </div>
            </dl>

            <Panel id="ip-quotes" title={t("contracts.compare.title")} sub={t("contracts.compare.sub")}>
              <Show
                when={(quotes.data()?.items.length ?? 0) > 0}
                fallback={<p class="muted">{t("contracts.compare.empty")}</p>}
              >
                <Show when={routes().length > 0}>
                  <Suspense fallback={<div class="vp-map vp-map-loading" aria-hidden="true" />}>
                    <RouteMap tiles={contractsApi.map} label={t("contracts.compare.mapLabel")} layers={routes()} />
                  </Suspense>
                </Show>
                <div class="vp-compare">
                  <For each={quotes.data()?.items}>
                    {(q, i) => (
                      <article class="vp-compare-card" aria-labelledby={`quote-${q.id}`}>
                        <h3 id={`quote-${q.id}`}>
                          <span class={`vp-swatch vp-line-${i() % 4}`} aria-hidden="true" />
                          {q.vendorName} <DocStatus status={q.status} />
                        </h3>
                        <p class="muted">
                          {t("contracts.compare.meta", {
                            number: q.number,
                            n: String(q.version),
                            when: q.submittedAt ? absoluteTime(q.submittedAt) : "—",
                          })}
                        </p>
                        <p class="vp-total">{money(q.totalMinor, q.currency)}</p>
                        <p class="vp-approval" role="status">
                          {approvalState(q)}
                        </p>
                        <LinesTable
                          lines={q.current.lines}
                          currency={q.currency}
                          subtotalMinor={q.subtotalMinor}
                          taxMinor={q.taxMinor}
                          totalMinor={q.totalMinor}
                          caption={t("contracts.quote.linesCaption", { number: q.number })}
                        />
                        <Show when={q.current.notes}>
                          <p>{q.current.notes}</p>
                        </Show>
                        <Show when={q.status === "submitted"}>
                          <div class="vp-actions">
                            <Show when={mayApprove(q)}>
                              <button
                                type="button"
                                class="btn btn-primary btn-small"
                                onClick={() => decide({ kind: "approve", quote: q })}
                              >
                                {t("contracts.compare.approve", { vendor: q.vendorName ?? q.number })}
                              </button>
                            </Show>
                            <Show when={can("vendor:project:write")}>
                              <button
                                type="button"
                                class="btn btn-secondary btn-small"
                                onClick={() => decide({ kind: "revise", quote: q })}
                              >
                                {t("contracts.compare.revise", { vendor: q.vendorName ?? q.number })}
                              </button>
                            </Show>
                            <Show when={can("vendor:quote:approve")}>
                              <button
                                type="button"
                                class="btn btn-secondary btn-small"
                                onClick={() => decide({ kind: "reject", quote: q })}
                              >
                                {t("contracts.compare.reject", { vendor: q.vendorName ?? q.number })}
                              </button>
                            </Show>
                          </div>
                        </Show>
                      </article>
                    )}
                  </For>
                </div>
              </Show>
            </Panel>

            <Panel id="ip-asbuilts" title={t("contracts.asBuilt.title")} sub={t("contracts.asBuilt.staffSub")}>
              <Show
                when={(asBuilts.data()?.items.length ?? 0) > 0}
                fallback={<p class="muted">{t("contracts.asBuilt.none")}</p>}
              >
                <ul class="plain-list vp-asbuilts">
                  <For each={asBuilts.data()?.items}>
                    {(a) => (
                      <AsBuiltItem
                        asBuilt={a}
                        currency={p().currency}
                        file={(uploadId) => contractsApi.file(a.id, uploadId)}
                        report={() => contractsApi.report(a.id)}
                        actions={
                          <Show when={a.status === "submitted" && can("vendor:project:write")}>
                            <div class="vp-actions">
                              <button
                                type="button"
                                class="btn btn-primary btn-small"
                                onClick={() =>
                                  void act(async () => {
                                    await contractsApi.review(a.id, "accept");
                                    return t("contracts.asBuilt.accepted", { n: String(a.version) });
                                  })
                                }
                              >
                                {t("contracts.asBuilt.accept", { n: String(a.version) })}
                              </button>
                              <button
                                type="button"
                                class="btn btn-secondary btn-small"
                                onClick={() => decide({ kind: "rejectAsBuilt", id: a.id, version: a.version })}
                              >
                                {t("contracts.asBuilt.reject", { n: String(a.version) })}
                              </button>
                            </div>
                          </Show>
                        }
                      />
                    )}
                  </For>
                </ul>
              </Show>
            </Panel>

            <Panel id="ip-invoices" title={t("contracts.invoice.title")} sub={t("contracts.invoice.staffSub")}>
              <Show
                when={(invoices.data()?.items.length ?? 0) > 0}
                fallback={<p class="muted">{t("contracts.invoice.none")}</p>}
              >
                <For each={invoices.data()?.items}>
                  {(inv) => (
                    <article class="vp-compare-card">
                      <h3>
                        <span class="mono">{inv.number}</span> {inv.vendorName} <DocStatus status={inv.status} />
                      </h3>
                      <LinesTable
                        lines={inv.lines}
                        currency={inv.currency}
                        subtotalMinor={inv.subtotalMinor}
                        taxMinor={inv.taxMinor}
                        totalMinor={inv.totalMinor}
                        caption={t("contracts.invoice.caption", { number: inv.number })}
                      />
                      <Show when={inv.status === "submitted" && can("vendor:quote:approve")}>
                        <div class="vp-actions">
                          <button
                            type="button"
                            class="btn btn-primary btn-small"
                            onClick={() =>
                              void act(async () => {
                                await contractsApi.decideInvoice(inv.id, "approved");
                                return t("contracts.invoice.approved", { number: inv.number });
                              })
                            }
                          >
                            {t("contracts.invoice.approve", { number: inv.number })}
                          </button>
                          <button
                            type="button"
                            class="btn btn-secondary btn-small"
                            onClick={() =>
                              decide({
                                kind: "invoice",
                                id: inv.id,
                                number: inv.number,
                                decision: "revision_requested",
                              })
                            }
                          >
                            {t("contracts.invoice.sendBack", { number: inv.number })}
                          </button>
                          <button
                            type="button"
                            class="btn btn-secondary btn-small"
                            onClick={() =>
                              decide({ kind: "invoice", id: inv.id, number: inv.number, decision: "rejected" })
                            }
                          >
                            {t("contracts.invoice.reject", { number: inv.number })}
                          </button>
                        </div>
                      </Show>
                    </article>
                  )}
                </For>
              </Show>
            </Panel>

            <DialogForm
              id="ip-bidding"
              ref={(el) => {
                biddingDialog = el;
              }}
              title={t("contracts.staff.openBidding")}
              intro={t("contracts.staff.biddingIntro")}
              submitLabel={t("contracts.staff.open")}
              submit={async (form) => {
                const day = String(new FormData(form).get("closesAt") ?? "");
                if (!day) throw invalid("closesAt", t("contracts.staff.pickDate"));
                await contractsApi.openBidding(id(), new Date(`${day}T17:00:00Z`).toISOString());
                setNotice(t("contracts.staff.opened"));
                refreshAll();
              }}
            >
              {(errors) => (
                <Field
                  id="ip-closes"
                  label={t("contracts.col.closes")}
                  hint={t("contracts.staff.closesHint")}
                  error={errors.field("closesAt")}
                >
                  {(aria) => (
                    <input
                      {...aria}
                      type="date"
                      name="closesAt"
                      required
                      min={isoDay(new Date(Date.now() + 8 * DAY))}
                      value={isoDay(new Date(Date.now() + 14 * DAY))}
                    />
                  )}
                </Field>
              )}
            </DialogForm>
            <DialogForm
              id="ip-assign"
              ref={(el) => {
                assignDialog = el;
              }}
              title={t("contracts.staff.assign")}
              intro={t("contracts.staff.assignIntro")}
              submitLabel={t("contracts.staff.assign")}
              submit={async (form) => {
                const vendor = String(new FormData(form).get("vendorOrganizationId") ?? "");
                if (!vendor) throw invalid("vendorOrganizationId", t("contracts.staff.pickVendor"));
                await contractsApi.assign(id(), vendor);
                refreshAll();
              }}
            >
              {(errors) => (
                <Field id="ip-vendor" label={t("contracts.col.vendor")} error={errors.field("vendorOrganizationId")}>
                  {(aria) => (
                    <select {...aria} name="vendorOrganizationId" required>
                      <option value="">{t("contracts.staff.pickVendor")}</option>
                      <For each={vendors()}>{(v) => <option value={v.id}>{v.name}</option>}</For>
                    </select>
                  )}
                </Field>
              )}
            </DialogForm>
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
      </Show>
    </div>
  );
}

/** The decisions that take words: revision request, rejections, and approval (with the crew's work order). */
function DecisionDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  decision: Decision | undefined;
  onDone: (message: string) => void;
}) {
  const d = () => props.decision;
  const title = () => {
    const x = d();
    if (!x) return "";
    if (x.kind === "rejectAsBuilt") return t("contracts.asBuilt.reject", { n: String(x.version) });
    if (x.kind === "invoice") return t("contracts.invoice.decideTitle", { number: x.number });
    const vendor = x.quote.vendorName ?? x.quote.number;
    return t(`contracts.compare.${x.kind}`, { vendor });
  };
  const submit = async (form: HTMLFormElement) => {
    const x = d();
    if (!x) return;
    const data = new FormData(form);
    const text = String(data.get("text") ?? "").trim();
    if (x.kind === "approve") {
      const wo = String(data.get("workOrder") ?? "").trim();
      const q = await contractsApi.approve(x.quote.id, data.get("createWorkOrder") && wo ? [{ title: wo }] : []);
      props.onDone(
        q.status === "approved"
          ? t("contracts.approval.doneApproved", { number: q.number, n: String(q.workOrderIds.length) })
          : t("contracts.approval.doneFirst", { number: q.number }),
      );
      return;
    }
    if (!text) throw invalid(x.kind === "revise" ? "note" : "reason", t("contracts.staff.needReason"));
    if (x.kind === "revise") await contractsApi.requestRevision(x.quote.id, text);
    else if (x.kind === "reject") await contractsApi.reject(x.quote.id, text);
    else if (x.kind === "rejectAsBuilt") await contractsApi.review(x.id, "reject", text);
    else if (x.kind === "invoice") await contractsApi.decideInvoice(x.id, x.decision, text);
    props.onDone(t("contracts.staff.decided"));
  };
  return (
    <DialogForm
      id="ip-decision"
      ref={props.ref}
      title={title()}
      submitLabel={d()?.kind === "approve" ? t("contracts.approval.confirm") : t("contracts.staff.send")}
      danger={d()?.kind === "reject" || d()?.kind === "rejectAsBuilt"}
      submit={submit}
    >
      {(errors) => (
        <Show
          when={d()?.kind === "approve" ? d() : undefined}
          keyed
          fallback={
            <Field
              id="ip-decision-text"
              label={d()?.kind === "revise" ? t("contracts.compare.whatToChange") : t("contracts.staff.reason")}
              error={errors.field("note") ?? errors.field("reason")}
            >
              {(aria) => <textarea {...aria} name="text" required rows={4} maxLength={5000} />}
            </Field>
          }
        >
          {(x) => (
            <>
              <p>
                {x.kind === "approve" && x.quote.needsSecondApproval && !x.quote.firstApprovedById
                  ? t("contracts.approval.firstOfTwo", { total: money(x.quote.totalMinor, x.quote.currency) })
                  : x.kind === "approve"
                    ? t("contracts.approval.final", { total: money(x.quote.totalMinor, x.quote.currency) })
                    : ""}
              </p>
              <label class="checkbox">
                <input type="checkbox" name="createWorkOrder" checked /> {t("contracts.approval.createWorkOrder")}
              </label>
              <Field id="ip-wo-title" label={t("contracts.approval.workOrderTitle")}>
                {(aria) => (
                  <input
                    {...aria}
                    name="workOrder"
                    maxLength={300}
                    value={
                      x.kind === "approve" ? t("contracts.approval.workOrderDefault", { number: x.quote.number }) : ""
                    }
                  />
                )}
              </Field>
            </>
          )}
        </Show>
      )}
    </DialogForm>
  );
}
