import { Show } from "solid-js";
import { t } from "../../i18n";
import { can } from "../../session";
import { contractsApi, type StaffInvoice } from "./api";
import type { Decision } from "./DecisionDialog";

/**
 * What staff may do with an invoice in its state (the server's state machine decides; these are the
 * moves it allows): a submitted one is approved, sent back or rejected; an approved one is marked paid.
 */
export function InvoiceActions(props: {
  invoice: Pick<StaffInvoice, "id" | "number" | "status">;
  act: (run: () => Promise<string>) => void;
  decide: (d: Decision) => void;
  /** In a table row: short visible words; the accessible name still names the invoice. */
  compact?: boolean;
}) {
  const inv = () => props.invoice;
  const label = (full: string, short: string) => (props.compact ? short : full);
  return (
    <Show when={can("vendor:quote:approve") && (inv().status === "submitted" || inv().status === "approved")}>
      <div class="vp-actions">
        <Show
          when={inv().status === "submitted"}
          fallback={
            <button
              type="button"
              class="btn btn-primary btn-small"
              aria-label={t("contracts.invoice.markPaid", { number: inv().number })}
              onClick={() => props.decide({ kind: "paid", id: inv().id, number: inv().number })}
            >
              {label(t("contracts.invoice.markPaid", { number: inv().number }), t("contracts.invoice.short.paid"))}
            </button>
          }
        >
          <button
            type="button"
            class="btn btn-primary btn-small"
            onClick={() =>
              props.act(async () => {
                await contractsApi.decideInvoice(inv().id, "approved");
                return t("contracts.invoice.approved", { number: inv().number });
              })
            }
            aria-label={t("contracts.invoice.approve", { number: inv().number })}
          >
            {label(t("contracts.invoice.approve", { number: inv().number }), t("contracts.invoice.short.approve"))}
          </button>
          <button
            type="button"
            class="btn btn-secondary btn-small"
            onClick={() =>
              props.decide({ kind: "invoice", id: inv().id, number: inv().number, decision: "revision_requested" })
            }
            aria-label={t("contracts.invoice.sendBack", { number: inv().number })}
          >
            {label(t("contracts.invoice.sendBack", { number: inv().number }), t("contracts.invoice.short.sendBack"))}
          </button>
          <button
            type="button"
            class="btn btn-secondary btn-small"
            aria-label={t("contracts.invoice.reject", { number: inv().number })}
            onClick={() => props.decide({ kind: "invoice", id: inv().id, number: inv().number, decision: "rejected" })}
          >
            {label(t("contracts.invoice.reject", { number: inv().number }), t("contracts.invoice.short.reject"))}
          </button>
        </Show>
      </div>
    </Show>
  );
}
