import { A, useNavigate } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { t } from "../../i18n";
import { rich } from "../../i18n/rich";
import { ErrorAlert } from "../kit/Alert";
import { DialogForm, Field, type FieldAria, invalid } from "../kit/DialogForm";
import { type LinkKind, linkKinds, type Ticket, type TicketLink, ticketApi } from "./api";
import { linkKindLabel, StatusChip } from "./labels";

/** The other ticket's number (or id), as the link and merge dialogs both ask for it. */
const ticketRefInput = (aria: FieldAria) => (
  <input {...aria} name="targetRef" required maxLength={100} autocomplete="off" placeholder="TCK-2026-000123" />
);

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
            {ticketRefInput}
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

/** The second step of a merge: what happens, in words, because a merge cannot be undone. */
function MergeConfirm(props: { ticket: Ticket; into: Ticket; onBack: () => void; onMerged: () => void }) {
  const navigate = useNavigate();
  const [failure, setFailure] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let confirmButton: HTMLButtonElement | undefined;
  queueMicrotask(() => confirmButton?.focus());
  const merge = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await ticketApi.merge(props.ticket.id, props.into.id);
      props.onMerged();
      navigate(`/tickets/${encodeURIComponent(props.into.number)}`);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="form">
      <div class="alert alert-warning" role="status">
        {rich(t("ticket.merge.confirm", { title: props.into.title, number: props.into.number }), {
          source: <strong>{props.ticket.number}</strong>,
          target: <strong>{props.into.number}</strong>,
          merged: <em>{t("ticket.merge.merged")}</em>,
        })}
      </div>
      <ErrorAlert message={failure()} />
      <div class="dialog-actions">
        <button type="button" class="btn btn-secondary" onClick={() => props.onBack()}>
          {t("ticket.merge.back")}
        </button>
        <button type="button" class="btn btn-danger" ref={confirmButton} disabled={busy()} onClick={merge}>
          {busy() ? t("ticket.merge.busy") : t("ticket.merge.submit", { number: props.into.number })}
        </button>
      </div>
    </div>
  );
}

/**
 * Merges this ticket into another: a number first (a wrong one is refused on the field), then a
 * confirmation that says what happens, because a merge cannot be undone.
 */
function MergeDialog(props: { ref: (el: HTMLDialogElement) => void; ticket: Ticket }) {
  const [target, setTarget] = createSignal<Ticket>();
  let dialog: HTMLDialogElement | undefined;
  const confirm = createMemo(() => {
    const into = target();
    return into === undefined ? undefined : (
      <MergeConfirm
        ticket={props.ticket}
        into={into}
        onBack={() => setTarget(undefined)}
        onMerged={() => dialog?.close()}
      />
    );
  });
  const find = async (form: HTMLFormElement) => {
    const ref = String(new FormData(form).get("targetRef") ?? "").trim();
    let found: Ticket;
    try {
      found = await ticketApi.get(ref);
    } catch (error) {
      throw invalid("targetRef", t("ticket.merge.notFound", { ref, error: errorMessage(error) }));
    }
    if (found.id === props.ticket.id) throw invalid("targetRef", t("ticket.merge.same"));
    setTarget(found);
  };
  return (
    <DialogForm
      id="merge"
      ref={(el) => {
        dialog = el;
        props.ref(el);
      }}
      title={t("ticket.merge.title", { number: props.ticket.number })}
      submitLabel={t("ticket.merge.find")}
      busyLabel={t("ticket.merge.finding")}
      submit={find}
      done={confirm()}
      onClose={() => setTarget(undefined)}
    >
      {(errors) => (
        <Field
          id="merge-target"
          label={t("ticket.merge.target")}
          hint={t("ticket.merge.hint")}
          error={errors.field("targetRef")}
        >
          {ticketRefInput}
        </Field>
      )}
    </DialogForm>
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
        {t("ticket.links.title")}
      </h2>
      <Show when={props.error}>
        <p class="error-text">{props.error}</p>
      </Show>
      <Show when={props.links}>
        {(links) => (
          <Show when={links().length > 0} fallback={<p class="muted">{t("ticket.links.none")}</p>}>
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
                        aria-label={t("ticket.links.remove", { number: l.ticket.number })}
                        onClick={() => remove(l)}
                      >
                        {t("kit.remove")}
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
            {t("ticket.links.link")}
          </button>
          <button type="button" class="btn btn-secondary btn-small" onClick={() => mergeDialog?.showModal()}>
            {t("ticket.links.merge")}
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
        />
      </Show>
    </section>
  );
}
