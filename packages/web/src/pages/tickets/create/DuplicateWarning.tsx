import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../../api";
import { AlertIcon } from "../../../components/icons";
import { type Created, type TicketWarning, ticketApi } from "../../../components/tickets/api";

/** After a create that warned of possible duplicates: the ticket exists; go to it, or merge it away. */
export function DuplicateWarning(props: { created: Created }) {
  const navigate = useNavigate();
  const [busy, setBusy] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const merge = async (target: TicketWarning) => {
    setBusy(target.ticketId);
    setError(undefined);
    try {
      await ticketApi.merge(props.created.ticket.id, target.number);
      navigate(`/tickets/${encodeURIComponent(target.number)}`);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <section class="panel tk-duplicates" aria-labelledby="dup-title">
      <div class="panel-head">
        <h2 id="dup-title" class="panel-title">
          <AlertIcon />
          {props.created.ticket.number} was created — it may be a duplicate
        </h2>
        <p class="panel-sub">
          This subscriber already has an open ticket of the same type. Keep both, or merge the new ticket into the
          existing one (its comments and links move there).
        </p>
      </div>
      <ul class="tk-dup-list">
        <For each={props.created.warnings}>
          {(w) => (
            <li class="tk-dup-item">
              <div>
                <A href={`/tickets/${encodeURIComponent(w.number)}`} class="tk-number">
                  {w.number}
                </A>
                <span class="sub">{w.message}</span>
              </div>
              <div class="button-row">
                <A href={`/tickets/${encodeURIComponent(w.number)}`} class="btn btn-secondary">
                  Open the existing one
                </A>
                <button
                  type="button"
                  class="btn btn-secondary"
                  disabled={busy() !== undefined}
                  onClick={() => merge(w)}
                >
                  {busy() === w.ticketId ? "Merging…" : `Merge into ${w.number}`}
                </button>
              </div>
            </li>
          )}
        </For>
      </ul>
      <Show when={error()}>
        <div class="alert alert-error alert-row tk-dup-error" role="alert">
          <AlertIcon />
          <span>{error()}</span>
        </div>
      </Show>
      <div class="tk-dup-actions">
        <A href={`/tickets/${encodeURIComponent(props.created.ticket.number)}`} class="btn btn-primary">
          Go to new ticket {props.created.ticket.number}
        </A>
      </div>
    </section>
  );
}
