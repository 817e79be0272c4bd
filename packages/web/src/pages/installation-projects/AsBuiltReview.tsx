import { For, Show } from "solid-js";
import { AsBuiltItem } from "../../components/contracts/Display";
import { Panel } from "../../components/ui";
import { t } from "../../i18n";
import { can } from "../../session";
import { contractsApi, type StaffAsBuilt } from "./api";
import type { Decision } from "./DecisionDialog";

/**
 * Staff's review of what was built: each version with its route over the approved quote's on one map
 * and the difference in length, its files and report; accept, or reject with a reason.
 */
export function AsBuiltReview(props: {
  items: StaffAsBuilt[];
  currency: string;
  act: (run: () => Promise<string>) => void;
  decide: (d: Decision) => void;
}) {
  return (
    <Panel id="ip-asbuilts" title={t("contracts.asBuilt.title")} sub={t("contracts.asBuilt.staffSub")}>
      <Show when={props.items.length > 0} fallback={<p class="muted">{t("contracts.asBuilt.none")}</p>}>
        <ul class="plain-list vp-asbuilts">
          <For each={props.items}>
            {(a) => (
              <AsBuiltItem
                asBuilt={a}
                currency={props.currency}
                file={(uploadId) => contractsApi.file(a.id, uploadId)}
                report={() => contractsApi.report(a.id)}
                tiles={contractsApi.map}
                actions={
                  <Show when={a.status === "submitted" && can("vendor:project:write")}>
                    <div class="vp-actions">
                      <button
                        type="button"
                        class="btn btn-primary btn-small"
                        onClick={() =>
                          props.act(async () => {
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
                        onClick={() => props.decide({ kind: "rejectAsBuilt", id: a.id, version: a.version })}
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
  );
}
