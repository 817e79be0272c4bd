import { createSignal, Show } from "solid-js";
import { errorMessage } from "../../../api";
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
        We think this is fixed. Is it?
      </h2>
      <p class="muted">Confirm to close the ticket, or tell us what is still wrong and we will keep working on it.</p>
      <Show when={error()}>
        {(m) => (
          <p class="alert alert-error" role="alert">
            {m()}
          </p>
        )}
      </Show>
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
              Yes, it's fixed
            </button>
            <button type="button" class="btn btn-secondary" disabled={busy()} onClick={() => setDisputing(true)}>
              No, still a problem
            </button>
          </div>
        }
      >
        <form class="form" onSubmit={dispute}>
          <div class="field">
            <label for="ct-reason">What is still wrong?</label>
            <textarea id="ct-reason" name="reason" required rows={3} maxLength={5000} />
          </div>
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy()}>
              {busy() ? "Sending…" : "Send and reopen"}
            </button>
            <button type="button" class="btn btn-secondary" onClick={() => setDisputing(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Show>
    </section>
  );
}
