import { A } from "@solidjs/router";
import { t } from "../../i18n";

/** The marketing pages' own links: campaigns and surveys. */
export function MarketingNav() {
  return (
    <nav class="inv-tabs" aria-label={t("campaigns.nav.label")}>
      <A href="/campaigns" class="inv-tab" activeClass="inv-tab-active">
        {t("campaigns.nav.campaigns")}
      </A>
      <A href="/surveys" class="inv-tab" activeClass="inv-tab-active">
        {t("campaigns.nav.surveys")}
      </A>
    </nav>
  );
}
