import { createSignal, Show } from "solid-js";
import { errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { t } from "../../../i18n";
import { type CustomerTicket, ticketApi } from "./shared";

/** "Is it fixed?": confirm closes the ticket, a dispute reopens it with the reason. */
export function ConfirmPanel(props: { ticket: CustomerTicket; onDone: () => void }) {
  const [disputing, setDisputing] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      props.onDone();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const dispute = (e: SubmitEvent) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget as HTMLFormElement).get("reason") ?? "");
    void run(() => ticketApi.dispute(props.ticket.ticket.id, reason));
  };
  return (
    <section class="panel ct-confirm" aria-labelledby="ct-confirm-title">
      <h2 id="ct-confirm-title" class="panel-title">
        {t("customer.confirm.title")}
      </h2>
      <p class="muted">{t("customer.confirm.body")}</p>
      <ErrorAlert message={error()} />
      <Show
        when={disputing()}
        fallback={
          <div class="button-row">
            <button
              type="button"
              class="btn btn-primary"
              disabled={busy()}
              onClick={() => run(() => ticketApi.confirm(props.ticket.ticket.id))}
            >
              {t("customer.confirm.yes")}
            </button>
            <button type="button" class="btn btn-secondary" disabled={busy()} onClick={() => setDisputing(true)}>
              {t("customer.confirm.no")}
            </button>
          </div>
        }
      >
        <form class="form" onSubmit={dispute}>
          <div class="field">
            <label for="ct-reason">{t("customer.confirm.reason")}</label>
            <textarea id="ct-reason" name="reason" required rows={3} maxLength={5000} />
          </div>
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy()}>
              {busy() ? t("customer.detail.sending") : t("customer.confirm.reopen")}
            </button>
            <button type="button" class="btn btn-secondary" onClick={() => setDisputing(false)}>
              {t("kit.cancel")}
            </button>
          </div>
        </form>
      </Show>
    </section>
  );
}
