import { createSignal } from "solid-js";
import { errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { type Ticket, ticketApi } from "../../../components/tickets/api";
import { t } from "../../../i18n";

/** A public reply to the customer or an internal note for staff. */
export function ReplyBox(props: { ticket: Ticket; onSent: () => void }) {
  const [internal, setInternal] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = String(new FormData(form).get("body") ?? "").trim();
    if (!body) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await ticketApi.comment(props.ticket.id, body, internal());
      form.reset();
      setNotice(internal() ? t("ticket.noteAdded") : t("ticket.replySent"));
      props.onSent();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class={internal() ? "panel tk-reply tk-reply-internal" : "panel tk-reply"} onSubmit={submit}>
      <fieldset class="tk-toggle">
        <legend class="sr-only">{t("ticket.whoSees")}</legend>
        <label class={internal() ? "tk-toggle-option" : "tk-toggle-option active"}>
          <input type="radio" name="visibility" checked={!internal()} onChange={() => setInternal(false)} />
          {t("ticket.publicReply")}
        </label>
        <label class={internal() ? "tk-toggle-option active" : "tk-toggle-option"}>
          <input type="radio" name="visibility" checked={internal()} onChange={() => setInternal(true)} />
          {t("ticket.internalNote")}
        </label>
      </fieldset>
      <div class="field">
        <label for="tk-reply-body" class="sr-only">
          {internal() ? t("ticket.internalNote") : t("ticket.publicReply")}
        </label>
        <textarea
          id="tk-reply-body"
          name="body"
          rows={4}
          required
          maxLength={20000}
          placeholder={internal() ? t("ticket.internalPlaceholder") : t("ticket.publicPlaceholder")}
          aria-describedby="tk-reply-hint"
        />
        <span id="tk-reply-hint" class="field-hint">
          {t("ticket.mentionHint")} <code>@their.email@example.com</code>
          {t("ticket.mentionHint2")}
          {internal() ? t("ticket.internalHint") : ""}
        </span>
      </div>
      <ErrorAlert message={error()} />
      <p class="sr-only" role="status" aria-live="polite">
        {notice()}
      </p>
      <div class="tk-reply-actions">
        <button type="submit" class="btn btn-primary" disabled={busy()}>
          {busy() ? t("ticket.sending") : internal() ? t("ticket.addNote") : t("ticket.sendReply")}
        </button>
      </div>
    </form>
  );
}
