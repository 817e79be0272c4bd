import { A } from "@solidjs/router";
import { t } from "../../i18n";

/** The commission pages' own links: commissions, payouts, rates. */
export function CommissionsNav() {
  return (
    <nav class="inv-tabs" aria-label={t("commissions.nav.label")}>
      <A href="/commissions" end class="inv-tab" activeClass="inv-tab-active">
        {t("commissions.nav.commissions")}
      </A>
      <A href="/commissions/payouts" class="inv-tab" activeClass="inv-tab-active">
        {t("commissions.nav.payouts")}
      </A>
      <A href="/commissions/rates" class="inv-tab" activeClass="inv-tab-active">
        {t("commissions.nav.rates")}
      </A>
    </nav>
  );
}
