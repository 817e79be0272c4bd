import { PageHeader } from "../../../components/kit/PageHeader";
import { useTitle } from "../../../format";
import { t } from "../../../i18n";
import { NumberingSection } from "./NumberingSection";
import { TeamsSection } from "./TeamsSection";
import { TransitionsSection } from "./TransitionsSection";
import { TypesSection } from "./TypesSection";

/** Ticket settings: the catalogue of types, the allowed status changes, and how tickets are numbered. */
export function TicketSettingsPage() {
  useTitle(t("ticketSettings.title"));
  return (
    <div class="page">
      <PageHeader title={t("ticketSettings.title")} sub={t("ticketSettings.sub")} />
      <nav class="ts-jump" aria-label={t("ticketSettings.sections")}>
        <a href="#ts-numbering">{t("ticketSettings.numbering.title")}</a>
        <a href="#ts-transitions">{t("ticketSettings.transitions.title")}</a>
        <a href="#ts-types">{t("ticketSettings.types.title")}</a>
        <a href="#ts-teams">{t("teams.title")}</a>
      </nav>
      <NumberingSection />
      <TransitionsSection />
      <TypesSection />
      <TeamsSection />
    </div>
  );
}
