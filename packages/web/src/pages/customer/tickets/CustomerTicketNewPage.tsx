import { A, useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../../api";
import { useTitle } from "../../../format";
import { ticketApi } from "./shared";

/** Opening a ticket: what is wrong, in the customer's words; the ticket is for their own service. */
export function CustomerTicketNewPage() {
  useTitle("Open a ticket");
  const navigate = useNavigate();
  const [types] = createResource(() => ticketApi.types());
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const type = String(form.get("type") ?? "");
    setBusy(true);
    setError(undefined);
    try {
      const ticket = await ticketApi.open({
        title: String(form.get("title") ?? ""),
        description: String(form.get("description") ?? ""),
        ...(type ? { ticketTypeId: type } : {}),
      });
      navigate(`/customer/tickets/${ticket.number}`);
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Open a ticket</h1>
          <p class="page-sub">Tell us what is wrong. We reply here and by email.</p>
        </div>
      </div>
      <div class="panel ct-form-panel">
        <form class="form ct-form" onSubmit={submit}>
          <Show when={error()}>
            {(m) => (
              <p class="alert alert-error" role="alert">
                {m()}
              </p>
            )}
          </Show>
          <div class="field">
            <label for="ct-title">Subject</label>
            <input id="ct-title" name="title" required maxLength={300} placeholder="e.g. No internet since 9am" />
          </div>
          <div class="field">
            <label for="ct-type">What is it about?</label>
            <select id="ct-type" name="type" disabled={types.loading}>
              <option value="">Not sure</option>
              <For each={types() ?? []}>{(t) => <option value={t.id}>{t.name}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="ct-description">Description</label>
            <textarea
              id="ct-description"
              name="description"
              required
              rows={6}
              maxLength={20000}
              placeholder="What happens, since when, and what you have tried"
            />
          </div>
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy()}>
              {busy() ? "Opening…" : "Open ticket"}
            </button>
            <A href="/customer/tickets" class="btn btn-secondary">
              Cancel
            </A>
          </div>
        </form>
      </div>
    </div>
  );
}
