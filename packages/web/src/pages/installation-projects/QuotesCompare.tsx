import { For, lazy, Show, Suspense } from "solid-js";
import { DocStatus, LinesTable } from "../../components/contracts/Display";
import { money } from "../../components/contracts/money";
import type { Coordinates } from "../../components/contracts/types";
import { Panel } from "../../components/ui";
import { absoluteTime } from "../../format";
import { t, withAreas } from "../../i18n";
import { can, user } from "../../session";
import { contractsApi, type StaffQuote } from "./api";
import type { Decision } from "./DecisionDialog";

const RouteMap = lazy(() =>
  withAreas(["contracts"], () => import("../../components/contracts/RouteMap")).then((m) => ({ default: m.RouteMap })),
);

/** The submitted quotes side by side, lowest first, their routes on one map, with staff's decisions. */
export function QuotesCompare(props: { items: StaffQuote[]; decide: (d: Decision) => void }) {
  const decide = props.decide;
  const approvalState = (q: StaffQuote) => {
    if (q.status === "approved") return t("contracts.approval.approved", { name: q.decidedByName ?? "" });
    if (q.firstApprovedById) return t("contracts.approval.awaitingSecond", { name: q.firstApprovedByName ?? "" });
    if (q.needsSecondApproval) return t("contracts.approval.needsTwo");
    return t("contracts.approval.needsOne");
  };
  const mayApprove = (q: StaffQuote) =>
    q.status === "submitted" && can("vendor:quote:approve") && q.firstApprovedById !== user()?.id;
  const routes = () =>
    props.items
      .filter((q) => q.current.route)
      .map((q, i) => ({
        label: q.vendorName ?? q.number,
        coordinates: (q.current.route?.coordinates ?? []) as Coordinates,
        className: `vp-line-${i % 4}`,
      }));
  return (
    <Panel id="ip-quotes" title={t("contracts.compare.title")} sub={t("contracts.compare.sub")}>
      <Show when={props.items.length > 0} fallback={<p class="muted">{t("contracts.compare.empty")}</p>}>
        <Show when={routes().length > 0}>
          <Suspense fallback={<div class="vp-map vp-map-loading" aria-hidden="true" />}>
            <RouteMap tiles={contractsApi.map} label={t("contracts.compare.mapLabel")} layers={routes()} />
          </Suspense>
        </Show>
        <div class="vp-compare">
          <For each={props.items}>
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
  );
}
