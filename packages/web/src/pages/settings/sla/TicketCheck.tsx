import { createSignal, Show } from "solid-js";
import { client, errorMessage, send } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { SlaExplain } from "../../../components/SlaExplain";
import { SlaBadges, type SlaSummary } from "../../../components/SlaPanel";
import { t } from "../../../i18n";

export function TicketCheck() {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [ticket, setTicket] = createSignal<{ id: string; number: string; title: string; sla?: SlaSummary | null }>();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const ref = String(new FormData(event.currentTarget as HTMLFormElement).get("ref") ?? "").trim();
    if (!ref) return;
    setBusy(true);
    setError(undefined);
    try {
      const found = await (
        await send(client.api.v1.tickets[":idOrNumber"].$get({ param: { idOrNumber: encodeURIComponent(ref) } }))
      ).json();
      setTicket(found);
    } catch (failure) {
      setTicket(undefined);
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="panel-body sla-check">
      <form class="sla-check-form" onSubmit={submit}>
        <div class="field">
          <label for="sla-check-ref">{t("sla.ticketNumber")}</label>
          <input id="sla-check-ref" name="ref" required maxLength={100} placeholder="TCK-2026-000123" />
        </div>
        <button type="submit" class="btn btn-secondary" disabled={busy()}>
          {busy() ? t("sla.looking") : t("sla.explain")}
        </button>
      </form>
      <ErrorAlert message={error()} />
      <Show when={ticket()} keyed>
        {(found) => (
          <div class="sla-check-result">
            <p>
              <strong>{found.number}</strong> {found.title}
            </p>
            <SlaBadges sla={found.sla} />
            <SlaExplain ticketId={found.id} />
          </div>
        )}
      </Show>
    </div>
  );
}

// ——— The page ———
