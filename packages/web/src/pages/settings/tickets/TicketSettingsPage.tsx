import { PageHeader } from "../../../components/kit/PageHeader";
import { useTitle } from "../../../format";
import { t } from "../../../i18n";
import { NumberingSection } from "./NumberingSection";
import { TeamsSection } from "./TeamsSection";
import { TransitionsSection } from "./TransitionsSection";
import { TypesSection } from "./TypesSection";

/** Ticket settings: the catalogue of types, the allowed status changes, and how tickets are numbered. */
export function TicketSettingsPage() {
  useTitle("Ticket settings");
  return (
    <div class="page">
      <PageHeader
        title={<>Ticket settings</>}
        sub={<>Ticket types, the status changes staff may make, and ticket numbers.</>}
      />
      <nav class="ts-jump" aria-label="Sections">
        <a href="#ts-numbering">Numbering</a>
        <a href="#ts-transitions">Status transitions</a>
        <a href="#ts-types">Ticket types</a>
        <a href="#ts-teams">{t("teams.title")}</a>
      </nav>
      <NumberingSection />
      <TransitionsSection />
      <TypesSection />
      <TeamsSection />
    </div>
  );
}
