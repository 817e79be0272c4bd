import { A } from "@solidjs/router";
import { t } from "../../i18n";

/** The sales pages' own links: the board, the list and the forecast. */
export function SalesNav() {
  return (
    <nav class="inv-tabs" aria-label={t("sales.tabs")}>
      <A href="/sales" end class="inv-tab" activeClass="inv-tab-active">
        {t("sales.nav.board")}
      </A>
      <A href="/sales/leads" class="inv-tab" activeClass="inv-tab-active">
        {t("sales.nav.leads")}
      </A>
      <A href="/sales/reports" class="inv-tab" activeClass="inv-tab-active">
        {t("sales.nav.reports")}
      </A>
    </nav>
  );
}
