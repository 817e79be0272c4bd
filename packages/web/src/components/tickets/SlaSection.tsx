import { createSignal, Show } from "solid-js";
import { t } from "../../i18n";
import { SlaExplain } from "../SlaExplain";
import { SlaBadges } from "../SlaPanel";
import type { Ticket } from "./api";

/** The ticket's SLA clocks with a live countdown, and why they stand where they do on demand. */
export function SlaSection(props: { ticket: Ticket }) {
  const [open, setOpen] = createSignal(false);
  return (
    <section class="tk-side-section" aria-labelledby="sla-title">
      <h2 id="sla-title" class="tk-side-title">
        {t("widgets.slaSection.title")}
      </h2>
      <SlaBadges sla={props.ticket.sla} />
      <Show when={props.ticket.sla}>
        <button
          type="button"
          class="btn-link tk-explain-toggle"
          aria-expanded={open()}
          aria-controls="tk-sla-explain"
          onClick={() => setOpen((v) => !v)}
        >
          {open() ? t("widgets.slaSection.hide") : t("widgets.slaSection.explain")}
        </button>
        <div id="tk-sla-explain" hidden={!open()}>
          <Show when={open()}>
            <SlaExplain ticketId={props.ticket.id} refreshKey={props.ticket.updatedAt} />
          </Show>
        </div>
      </Show>
    </section>
  );
}
