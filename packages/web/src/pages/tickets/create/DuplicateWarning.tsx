import { A, useNavigate } from "@solidjs/router";
import { createSignal, For } from "solid-js";
import { errorMessage } from "../../../api";
import { AlertIcon } from "../../../components/icons";
import { ErrorAlert } from "../../../components/kit/Alert";
import { type Created, type TicketWarning, ticketApi } from "../../../components/tickets/api";
import { t } from "../../../i18n";

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
          {t("ticketCreate.dup.title", { number: props.created.ticket.number })}
        </h2>
        <p class="panel-sub">{t("ticketCreate.dup.body")}</p>
      </div>
      <ul class="tk-dup-list">
        <For each={props.created.warnings}>
          {(w) => (
            <li class="tk-dup-item">
              <div>
                <A href={`/tickets/${encodeURIComponent(w.number)}`} class="tk-number">
                  {w.number}
                </A>
                <span class="sub">
                  {w.code === "possible_duplicate" ? t("ticketCreate.dup.message", { number: w.number }) : w.message}
                </span>
              </div>
              <div class="button-row">
                <A href={`/tickets/${encodeURIComponent(w.number)}`} class="btn btn-secondary">
                  {t("ticketCreate.dup.open")}
                </A>
                <button
                  type="button"
                  class="btn btn-secondary"
                  disabled={busy() !== undefined}
                  onClick={() => merge(w)}
                >
                  {busy() === w.ticketId
                    ? t("ticketCreate.dup.merging")
                    : t("ticketCreate.dup.merge", { number: w.number })}
                </button>
              </div>
            </li>
          )}
        </For>
      </ul>
      <ErrorAlert class="tk-dup-error" message={error()} />
      <div class="tk-dup-actions">
        <A href={`/tickets/${encodeURIComponent(props.created.ticket.number)}`} class="btn btn-primary">
          {t("ticketCreate.dup.goTo", { number: props.created.ticket.number })}
        </A>
      </div>
    </section>
  );
}
