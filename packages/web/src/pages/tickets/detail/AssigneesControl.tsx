import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { type StaffMember, type Ticket, ticketApi } from "../../../components/tickets/api";
import { Combobox } from "../../../components/tickets/Combobox";
import { searchStaff, staffName } from "../../../components/tickets/staff";
import { t } from "../../../i18n";
import { can } from "../../../session";

/** Primary assignee and the others, changed through the assign route. */
export function AssigneesControl(props: { ticket: Ticket; readOnly: boolean; onChanged: (ticket: Ticket) => void }) {
  const [error, setError] = createSignal<string>();
  const [picking, setPicking] = createSignal<"primary" | "other">();
  const assign = async (body: { primaryAssigneeId?: string | null; assigneeIds?: string[] }) => {
    setError(undefined);
    try {
      props.onChanged(await ticketApi.assign(props.ticket.id, body));
      setPicking(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const others = () => props.ticket.assigneeIds;
  const take = async () => {
    setError(undefined);
    try {
      props.onChanged(await ticketApi.take(props.ticket.id));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  // What the buttons offer is what the API allows: anyone may be set with assign, only oneself with take.
  const canAssign = () => !props.readOnly && can("support:ticket:assign");
  const canTake = () => !props.readOnly && !props.ticket.primaryAssigneeId && can("support:ticket:take");
  return (
    <div class="tk-assignees">
      <div class="tk-prop">
        <span class="tk-prop-label">{t("ticket.primary")}</span>
        <span class="tk-prop-value">
          <Show when={props.ticket.primaryAssigneeId} fallback={<span class="muted">{t("tickets.unassigned")}</span>}>
            {staffName(props.ticket.primaryAssigneeId)}
          </Show>
        </span>
        <Show when={canTake()}>
          <button type="button" class="btn btn-secondary btn-small tk-take" onClick={() => take()}>
            {t("ticket.take")}
          </button>
        </Show>
        <Show when={canAssign()}>
          <span class="button-row">
            <button type="button" class="btn-link" onClick={() => setPicking("primary")}>
              {props.ticket.primaryAssigneeId ? t("ticket.change") : t("ticket.assign")}
            </button>
            <Show when={props.ticket.primaryAssigneeId}>
              <button type="button" class="btn-link" onClick={() => assign({ primaryAssigneeId: null })}>
                {t("ticket.unassign")}
              </button>
            </Show>
          </span>
        </Show>
      </div>
      <div class="tk-prop">
        <span class="tk-prop-label">{t("ticket.also")}</span>
        <span class="tk-prop-value">
          <Show when={others().length > 0} fallback={<span class="muted">{t("ticket.nobodyElse")}</span>}>
            <ul class="tk-chips">
              <For each={others()}>
                {(id) => (
                  <li class="tk-chip">
                    {staffName(id)}
                    <Show when={canAssign()}>
                      <button
                        type="button"
                        class="tk-chip-remove"
                        aria-label={t("ticket.removeAssignee", { name: staffName(id) })}
                        onClick={() => assign({ assigneeIds: others().filter((o) => o !== id) })}
                      >
                        ×
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </span>
        <Show when={canAssign()}>
          <button type="button" class="btn-link" onClick={() => setPicking("other")}>
            {t("ticket.add")}
          </button>
        </Show>
      </div>
      <Show when={picking()}>
        {(which) => (
          <div class="tk-assign-pick">
            <Combobox
              id="tk-assign"
              label={which() === "primary" ? t("ticket.newPrimary") : t("ticket.addAssignee")}
              placeholder={t("ticket.staffPlaceholder")}
              search={searchStaff}
              key={(s: StaffMember) => s.id}
              text={(s) => s.name}
              detail={(s) => s.email}
              empty={t("ticket.noStaff")}
              inputRef={(el) => queueMicrotask(() => el.focus())}
              onPick={(s) =>
                assign(
                  which() === "primary"
                    ? { primaryAssigneeId: s.id }
                    : { assigneeIds: [...new Set([...others(), s.id])] },
                )
              }
            />
            <button type="button" class="btn-link" onClick={() => setPicking(undefined)}>
              {t("kit.cancel")}
            </button>
          </div>
        )}
      </Show>
      <ErrorAlert message={error()} />
    </div>
  );
}
