import { For, Show } from "solid-js";
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import { formatMoney } from "../timecost/money";
import type { Tone } from "../ui";

export interface SummaryRow {
  currency: string;
  status: "pending" | "approved" | "paid" | "void";
  count: number;
  amountMinor: number;
}

const tiles = [
  { status: "pending", label: () => t("commissions.portal.pendingTile"), tone: "warning" },
  { status: "approved", label: () => t("commissions.portal.approvedTile"), tone: "info" },
  { status: "paid", label: () => t("commissions.portal.paidTile"), tone: "success" },
] as const satisfies readonly { status: SummaryRow["status"]; label: () => string; tone: Tone }[];

/**
 * Pending, approved and paid commission as money, one row of cards per currency (void ones are left
 * out: nobody is owed them). The staff commissions page and the reseller portal both show it.
 */
export function CommissionTotals(props: { rows: SummaryRow[] | undefined; label: string }) {
  const currencies = () => [...new Set((props.rows ?? []).map((r) => r.currency))];
  const find = (currency: string, status: SummaryRow["status"]) =>
    props.rows?.find((r) => r.currency === currency && r.status === status);
  return (
    <Show when={currencies().length > 0}>
      <For each={currencies()}>
        {(currency) => (
          <section class="card-grid kpi-grid cm-totals" aria-label={`${props.label} (${currency})`}>
            <For each={tiles}>
              {(tile) => (
                <div class="card stat-card" data-testid={`total-${tile.status}-${currency}`}>
                  <span class="card-head">
                    <span class="card-title">{tile.label()}</span>
                  </span>
                  <span class="stat-value">{formatMoney(find(currency, tile.status)?.amountMinor ?? 0, currency)}</span>
                  <span class="stat-hint">{t("commissions.count", find(currency, tile.status)?.count ?? 0)}</span>
                </div>
              )}
            </For>
          </section>
        )}
      </For>
    </Show>
  );
}

/** "12.5 %" from basis points, exactly (no float): 1250 → "12.5". */
export function percent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const fraction = String(bp % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${formatNumber(whole)}${fraction ? `.${fraction}` : ""} %`;
}

/** "12.5" (percent, at most two decimals) → 1250 basis points; undefined when it is not such a number. */
export function parsePercent(text: string): number | undefined {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bp <= 10_000 ? bp : undefined;
}
