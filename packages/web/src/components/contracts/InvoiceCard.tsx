import { type JSX, Show } from "solid-js";
import { absoluteTime } from "../../format";
import { t } from "../../i18n";
import { DocStatus, LinesTable } from "./Display";

interface Invoice {
  number: string;
  vendorName: string | null;
  status: string;
  currency: string;
  lines: Parameters<typeof LinesTable>[0]["lines"];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  decisionReason: string | null;
  paidAt: string | null;
  paymentReference: string | null;
}

/** One purchase invoice with its lines and decision, as the contractor and staff both see it. */
export function InvoiceCard(props: { invoice: Invoice; showVendor?: boolean; actions?: JSX.Element }) {
  const i = () => props.invoice;
  return (
    <article class="vp-compare-card" aria-label={t("contracts.invoice.caption", { number: i().number })}>
      <h3>
        <span class="mono">{i().number}</span> <Show when={props.showVendor}>{i().vendorName} </Show>
        <DocStatus status={i().status} />
      </h3>
      <Show when={i().decisionReason}>
        <p class="alert alert-warning" role="status">
          {i().decisionReason}
        </p>
      </Show>
      <Show when={i().paidAt}>
        <p class="muted">
          {t("contracts.invoice.paidOn", {
            when: absoluteTime(i().paidAt ?? ""),
            reference: i().paymentReference ?? "—",
          })}
        </p>
      </Show>
      <LinesTable
        lines={i().lines}
        currency={i().currency}
        subtotalMinor={i().subtotalMinor}
        taxMinor={i().taxMinor}
        totalMinor={i().totalMinor}
        caption={t("contracts.invoice.caption", { number: i().number })}
      />
      {props.actions}
    </article>
  );
}
