import { createSignal, For, Show } from "solid-js";
import { errorMessage, fieldMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import {
  type SettableStatus,
  type Ticket,
  type TicketStatus,
  type Transition,
  ticketApi,
} from "../../../components/tickets/api";
import { statusLabel, ticketStatuses } from "../../../components/tickets/labels";
import { t } from "../../../i18n";

/** Where "Resolve" takes a ticket: resolved, waiting for the customer to confirm the fix. */
const RESOLVED: TicketStatus = "pending_confirmation";

/**
 * Moves the ticket along the allowed transitions; a transition that needs a note asks for one. "Resolve"
 * is the same transition to pending confirmation, offered as one button with its resolution note; with
 * nobody to ask (`confirmsResolution` false) the server closes the ticket instead, and the form says so.
 */
export function StatusControl(props: {
  ticket: Ticket;
  transitions: Transition[] | undefined;
  readOnly: boolean;
  /** From the ticket's customer context; undefined until it has loaded. */
  confirmsResolution: boolean | undefined;
  onChanged: (ticket: Ticket) => void;
}) {
  const [target, setTarget] = createSignal<TicketStatus | "">("");
  const [needsNote, setNeedsNote] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  let noteInput: HTMLTextAreaElement | undefined;

  /** From the transition table when it could be read; otherwise every status, and the server decides. */
  const allowed = (): Transition[] => {
    const from = props.ticket.status;
    const table = props.transitions;
    if (table && table.length > 0) return table.filter((t) => t.from === from);
    return ticketStatuses.filter((s) => s !== from && s !== "merged").map((to) => ({ from, to, requiresNote: false }));
  };

  const change = async (status: TicketStatus, note?: string) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const updated = await ticketApi.setStatus(props.ticket.id, status as SettableStatus, note);
      setTarget("");
      setNeedsNote(false);
      props.onChanged(updated);
    } catch (error) {
      setFailure(error);
      if (fieldMessage(error, "note")) {
        setNeedsNote(true);
        queueMicrotask(() => noteInput?.focus());
      }
    } finally {
      setBusy(false);
    }
  };

  const pick = (value: string) => {
    const status = value as TicketStatus;
    setTarget(status);
    setFailure(undefined);
    if (!value) return setNeedsNote(false);
    const rule = allowed().find((t) => t.to === status);
    if (rule?.requiresNote) {
      setNeedsNote(true);
      queueMicrotask(() => noteInput?.focus());
    } else {
      void change(status);
    }
  };

  const submitNote = (event: SubmitEvent) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget as HTMLFormElement).get("note") ?? "").trim();
    const status = target();
    if (status) void change(status, note);
  };

  const noteError = () => fieldMessage(failure(), "note");
  const [resolving, setResolving] = createSignal(false);
  const resolveRule = () => allowed().find((rule) => rule.to === RESOLVED);
  const nobodyToAsk = () => props.confirmsResolution === false;
  let resolveInput: HTMLTextAreaElement | undefined;
  const submitResolve = async (event: SubmitEvent) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget as HTMLFormElement).get("note") ?? "").trim();
    await change(RESOLVED, note || undefined);
    if (!failure()) setResolving(false);
  };

  return (
    <div class="tk-status">
      <Show when={!props.readOnly && resolveRule()}>
        <Show
          when={resolving()}
          fallback={
            <button
              type="button"
              class="btn btn-primary tk-resolve"
              disabled={busy()}
              onClick={() => {
                setFailure(undefined);
                setResolving(true);
                queueMicrotask(() => resolveInput?.focus());
              }}
            >
              {t("ticket.resolve")}
            </button>
          }
        >
          <form class="tk-note-form" aria-label={t("ticket.resolveTitle")} onSubmit={submitResolve}>
            <div class="field">
              <label for="tk-resolve-note">
                {resolveRule()?.requiresNote ? t("ticket.resolutionNoteRequired") : t("ticket.resolutionNote")}
              </label>
              <textarea
                id="tk-resolve-note"
                ref={resolveInput}
                name="note"
                rows={3}
                required={resolveRule()?.requiresNote}
                maxLength={20000}
                aria-invalid={noteError() ? "true" : undefined}
                aria-describedby="tk-resolve-hint"
              />
              <span id="tk-resolve-hint" class={noteError() ? "field-error" : "field-hint"}>
                {noteError() ?? (nobodyToAsk() ? t("ticket.resolveHintNobody") : t("ticket.resolveHint"))}
              </span>
            </div>
            <div class="button-row">
              <button type="submit" class="btn btn-primary" disabled={busy()}>
                {busy() ? t("ticket.changing") : nobodyToAsk() ? t("ticket.resolveClose") : t("ticket.resolveConfirm")}
              </button>
              <button
                type="button"
                class="btn btn-secondary btn-small"
                onClick={() => {
                  setResolving(false);
                  setFailure(undefined);
                }}
              >
                {t("kit.cancel")}
              </button>
            </div>
          </form>
        </Show>
      </Show>
      <div class="field">
        <label for="tk-status">{t("ticket.status")}</label>
        <select
          id="tk-status"
          value={target()}
          disabled={props.readOnly || busy()}
          onChange={(e) => pick(e.currentTarget.value)}
        >
          <option value="">{t("ticket.current", { status: statusLabel(props.ticket.status) })}</option>
          <For each={allowed()}>
            {(rule) => (
              <option value={rule.to}>
                {statusLabel(rule.to)}
                {rule.requiresNote ? t("ticket.needsNote") : ""}
              </option>
            )}
          </For>
        </select>
      </div>
      <Show when={needsNote() && target()}>
        <form class="tk-note-form" onSubmit={submitNote}>
          <div class="field">
            <label for="tk-status-note">{t("ticket.noteFor", { status: statusLabel(target() as TicketStatus) })}</label>
            <textarea
              id="tk-status-note"
              ref={noteInput}
              name="note"
              rows={3}
              required
              maxLength={20000}
              aria-invalid={noteError() ? "true" : undefined}
              aria-describedby="tk-status-note-hint"
            />
            <span id="tk-status-note-hint" class={noteError() ? "field-error" : "field-hint"}>
              {noteError() ?? t("ticket.noteHint")}
            </span>
          </div>
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy()}>
              {busy() ? t("ticket.changing") : t("ticket.changeStatus")}
            </button>
            <button
              type="button"
              class="btn btn-secondary btn-small"
              onClick={() => {
                setTarget("");
                setNeedsNote(false);
                setFailure(undefined);
              }}
            >
              {t("kit.cancel")}
            </button>
          </div>
        </form>
      </Show>
      <ErrorAlert message={failure() && !noteError() ? errorMessage(failure()) : undefined} />
    </div>
  );
}
