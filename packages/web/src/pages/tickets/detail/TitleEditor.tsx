import { createSignal, Show } from "solid-js";
import { errorMessage, fieldMessage } from "../../../api";
import type { Ticket } from "../../../components/tickets/api";
import { t } from "../../../i18n";

/** The title, editable in place. */
export function TitleEditor(props: { ticket: Ticket; readOnly: boolean; onSave: (title: string) => Promise<void> }) {
  const [editing, setEditing] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let input: HTMLInputElement | undefined;
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const title = String(new FormData(event.currentTarget as HTMLFormElement).get("title") ?? "").trim();
    setBusy(true);
    setError(undefined);
    try {
      await props.onSave(title);
      setEditing(false);
    } catch (failure) {
      setError(fieldMessage(failure, "title") ?? errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show
      when={editing()}
      fallback={
        <div class="tk-title-row">
          <h1 class="tk-heading">{props.ticket.title}</h1>
          <Show when={!props.readOnly}>
            <button
              type="button"
              class="btn btn-secondary btn-small"
              onClick={() => {
                setEditing(true);
                queueMicrotask(() => input?.select());
              }}
            >
              {t("ticket.editTitle")}
            </button>
          </Show>
        </div>
      }
    >
      <form class="field inline-form tk-title-form" onSubmit={save}>
        <label for="tk-title-input" class="sr-only">
          {t("ticket.titleLabel")}
        </label>
        <input
          id="tk-title-input"
          ref={input}
          name="title"
          required
          maxLength={300}
          value={props.ticket.title}
          aria-invalid={error() ? "true" : undefined}
          aria-describedby={error() ? "tk-title-error" : undefined}
          onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
        />
        <button type="submit" class="btn btn-primary" disabled={busy()}>
          {busy() ? t("kit.saving") : t("ticket.saveTitle")}
        </button>
        <button type="button" class="btn btn-secondary" onClick={() => setEditing(false)}>
          {t("kit.cancel")}
        </button>
        <Show when={error()}>
          <span id="tk-title-error" class="field-error">
            {error()}
          </span>
        </Show>
      </form>
    </Show>
  );
}
