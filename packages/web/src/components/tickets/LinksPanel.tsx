import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { t } from "../../i18n";
import { ErrorAlert } from "../kit/Alert";
import { DialogForm, Field } from "../kit/DialogForm";
import { type LinkKind, linkKinds, type Ticket, type TicketLink, ticketApi } from "./api";
import { linkKindLabel, StatusChip } from "./labels";

/** Links this ticket to another by number, with the kind of link; the server's refusal lands on the number. */
function LinkDialog(props: { ref: (el: HTMLDialogElement) => void; ticket: Ticket; onLinked: () => void }) {
  return (
    <DialogForm
      id="link"
      ref={props.ref}
      title={t("ticket.link.title")}
      submitLabel={t("ticket.link.submit")}
      busyLabel={t("ticket.link.busy")}
      submit={async (form) => {
        const data = new FormData(form);
        await ticketApi.link(
          props.ticket.id,
          String(data.get("targetRef") ?? "").trim(),
          String(data.get("kind") ?? "related") as LinkKind,
        );
        props.onLinked();
      }}
    >
      {(errors) => (
        <>
          <Field id="link-target" label={t("ticket.link.number")} error={errors.field("targetRef")}>
            {(aria) => (
              <input
                {...aria}
                name="targetRef"
                required
                maxLength={100}
                autocomplete="off"
                placeholder="TCK-2026-000123"
              />
            )}
          </Field>
          <Field id="link-kind" label={t("ticket.link.kind")}>
            {(aria) => (
              <select {...aria} name="kind">
                <For each={linkKinds}>{(k) => <option value={k}>{linkKindLabel(k)}</option>}</For>
              </select>
            )}
          </Field>
        </>
      )}
    </DialogForm>
  );
}

/**
 * Merges this ticket into another: a number first, then a confirmation that says what happens,
 * because a merge cannot be undone.
 */
function MergeDialog(props: { ref: (el: HTMLDialogElement) => void; ticket: Ticket; onClose: () => void }) {
  const navigate = useNavigate();
  const [target, setTarget] = createSignal<Ticket>();
  const [failure, setFailure] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;
  let confirmButton: HTMLButtonElement | undefined;
  const close = () => {
    setTarget(undefined);
    setFailure(undefined);
    form?.reset();
    props.onClose();
  };
  const find = async (event: SubmitEvent) => {
    event.preventDefault();
    const ref = String(new FormData(event.currentTarget as HTMLFormElement).get("targetRef") ?? "").trim();
    setBusy(true);
    setFailure(undefined);
    try {
      const found = await ticketApi.get(ref);
      if (found.id === props.ticket.id) throw new Error("same");
      setTarget(found);
      queueMicrotask(() => confirmButton?.focus());
    } catch (error) {
      setFailure(
        error instanceof Error && error.message === "same"
          ? "That is this ticket: choose the ticket to merge it into."
          : `No ticket ${ref}: ${errorMessage(error)}`,
      );
    } finally {
      setBusy(false);
    }
  };
  const merge = async () => {
    const into = target();
    if (!into) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await ticketApi.merge(props.ticket.id, into.id);
      close();
      navigate(`/tickets/${encodeURIComponent(into.number)}`);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog class="dialog" ref={props.ref} aria-labelledby="merge-title" onClose={close}>
      <div class="dialog-head">
        <h2 id="merge-title" class="panel-title">
          Merge {props.ticket.number} into…
        </h2>
      </div>
      <Show
        when={target()}
        fallback={
          <form class="form dialog-body" ref={form} onSubmit={find}>
            <div class="field">
              <label for="merge-target">Ticket to keep</label>
              <input
                id="merge-target"
                name="targetRef"
                required
                maxLength={100}
                autocomplete="off"
                placeholder="TCK-2026-000123"
              />
              <span class="field-hint">This ticket’s comments and links move there; this one becomes read-only.</span>
            </div>
            <ErrorAlert message={typeof failure() === "string" ? (failure() as string) : undefined} />
            <div class="dialog-actions">
              <button type="button" class="btn btn-secondary" onClick={close}>
                Cancel
              </button>
              <button type="submit" class="btn btn-primary" disabled={busy()}>
                {busy() ? "Finding…" : "Continue"}
              </button>
            </div>
          </form>
        }
      >
        {(into) => (
          <div class="form dialog-body">
            <div class="alert alert-warning" role="status">
              Merge <strong>{props.ticket.number}</strong> into <strong>{into().number}</strong> “{into().title}”? Its
              comments and links move to {into().number}, it becomes <em>merged</em> and read-only. This cannot be
              undone.
            </div>
            <ErrorAlert message={typeof failure() === "string" ? (failure() as string) : undefined} />
            <div class="dialog-actions">
              <button type="button" class="btn btn-secondary" onClick={() => setTarget(undefined)}>
                Back
              </button>
              <button type="button" class="btn btn-danger" ref={confirmButton} disabled={busy()} onClick={merge}>
                {busy() ? "Merging…" : `Merge into ${into().number}`}
              </button>
            </div>
          </div>
        )}
      </Show>
    </dialog>
  );
}

/** The tickets this one is linked with, and the link and merge actions. */
export function LinksPanel(props: {
  ticket: Ticket;
  links: TicketLink[] | undefined;
  error: string | undefined;
  readOnly: boolean;
  onChanged: () => void;
}) {
  const [removeError, setRemoveError] = createSignal<string>();
  let linkDialog: HTMLDialogElement | undefined;
  let mergeDialog: HTMLDialogElement | undefined;
  const remove = async (link: TicketLink) => {
    setRemoveError(undefined);
    try {
      await ticketApi.unlink(props.ticket.id, link.id);
      props.onChanged();
    } catch (error) {
      setRemoveError(errorMessage(error));
    }
  };
  return (
    <section class="tk-side-section" aria-labelledby="links-title">
      <h2 id="links-title" class="tk-side-title">
        Linked tickets
      </h2>
      <Show when={props.error}>
        <p class="error-text">{props.error}</p>
      </Show>
      <Show when={props.links}>
        {(links) => (
          <Show when={links().length > 0} fallback={<p class="muted">No linked tickets.</p>}>
            <ul class="tk-links">
              <For each={links()}>
                {(l) => (
                  <li>
                    <span class="tk-link-kind">{linkKindLabel(l.kind)}</span>
                    <A href={`/tickets/${encodeURIComponent(l.ticket.number)}`} class="tk-number">
                      {l.ticket.number}
                    </A>
                    <span class="tk-link-title">{l.ticket.title}</span>
                    <StatusChip status={l.ticket.status} />
                    <Show when={!props.readOnly}>
                      <button
                        type="button"
                        class="btn-link"
                        aria-label={`Remove the link to ${l.ticket.number}`}
                        onClick={() => remove(l)}
                      >
                        Remove
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <ErrorAlert message={removeError()} />
      <Show when={!props.readOnly}>
        <div class="button-row">
          <button type="button" class="btn btn-secondary btn-small" onClick={() => linkDialog?.showModal()}>
            Link ticket
          </button>
          <button type="button" class="btn btn-secondary btn-small" onClick={() => mergeDialog?.showModal()}>
            Merge into…
          </button>
        </div>
        <LinkDialog
          ref={(el) => {
            linkDialog = el;
          }}
          ticket={props.ticket}
          onLinked={props.onChanged}
        />
        <MergeDialog
          ref={(el) => {
            mergeDialog = el;
          }}
          ticket={props.ticket}
          onClose={() => mergeDialog?.close()}
        />
      </Show>
    </section>
  );
}
