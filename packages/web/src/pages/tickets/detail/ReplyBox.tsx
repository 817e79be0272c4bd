import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { ApiError, errorMessage, fieldMessage } from "../../../api";
import { ACCEPTED_TYPES, uploadFile } from "../../../components/AttachmentUpload";
import { ErrorAlert } from "../../../components/kit/Alert";
import { type StaffMember, type Ticket, ticketApi } from "../../../components/tickets/api";
import { searchStaff } from "../../../components/tickets/staff";
import { fileSize } from "../../../format";
import { t } from "../../../i18n";

/** Drafts by ticket, in this browser: they survive navigating away, a reload, and are gone once sent. */
const draftKey = (ticketId: string) => `dotmac.draft.${ticketId}`;
type Draft = { body: string; internal: boolean };
function readDraft(ticketId: string): Draft | undefined {
  try {
    const raw = localStorage.getItem(draftKey(ticketId));
    const value = raw ? (JSON.parse(raw) as Partial<Draft>) : undefined;
    return value && typeof value.body === "string"
      ? { body: value.body, internal: value.internal === true }
      : undefined;
  } catch {
    return undefined;
  }
}
function writeDraft(ticketId: string, draft: Draft) {
  try {
    if (draft.body.trim()) localStorage.setItem(draftKey(ticketId), JSON.stringify(draft));
    else localStorage.removeItem(draftKey(ticketId));
  } catch {
    // Storage full or disabled: the draft simply does not survive navigation.
  }
}

/** The `@word` being typed just before the caret, if any: what the mention list completes. */
function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const match = /(?:^|[\s(])@([^\s@]*(?:@[^\s@]*)?)$/.exec(text.slice(0, caret));
  if (!match) return undefined;
  const query = match[1] ?? "";
  return { start: caret - query.length - 1, query };
}

/** What the user should read when a reply fails: a sentence, never a raw validation dump. */
function friendly(failure: unknown): { message: string; field?: string } {
  if (failure instanceof ApiError) {
    if (fieldMessage(failure, "body")) return { message: t("ticket.composer.bodyInvalid"), field: "body" };
    if (failure.status === 0) return { message: t("ticket.composer.offline") };
    if (failure.status === 413) return { message: t("ticket.composer.tooLarge") };
    if (failure.status === 403) return { message: t("ticket.composer.forbidden") };
    if (failure.status >= 500) return { message: t("ticket.composer.server") };
    return { message: failure.message };
  }
  return { message: errorMessage(failure) };
}

/**
 * A public reply to the customer or an internal note for staff. Ctrl/⌘+Enter sends; the draft is kept
 * per ticket; `@` opens a list of colleagues that inserts `@their@email` (the server notifies them);
 * files chosen here are attached to this reply once it is sent, with the reply's visibility.
 */
export function ReplyBox(props: { ticket: Ticket; onSent: () => void }) {
  const [internal, setInternal] = createSignal(false);
  const [body, setBody] = createSignal("");
  const [files, setFiles] = createSignal<File[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<{ message: string; field?: string }>();
  const [notice, setNotice] = createSignal<string>();
  const [mention, setMention] = createSignal<{ start: number; query: string }>();
  const [people, setPeople] = createSignal<StaffMember[]>([]);
  const [active, setActive] = createSignal(0);
  let textarea: HTMLTextAreaElement | undefined;
  let form: HTMLFormElement | undefined;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  createEffect(
    on(
      () => props.ticket.id,
      (id) => {
        const draft = readDraft(id);
        setBody(draft?.body ?? "");
        setInternal(draft?.internal ?? false);
        setFiles([]);
        setError(undefined);
        setMention(undefined);
      },
    ),
  );

  const remember = () => writeDraft(props.ticket.id, { body: body(), internal: internal() });

  const lookUp = (query: string) => {
    const mine = ++generation;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const found = await searchStaff(query);
        if (mine !== generation) return;
        setPeople(found.slice(0, 8));
        setActive(0);
      } catch {
        if (mine === generation) setPeople([]);
      }
    }, 120);
  };

  const onInput = (el: HTMLTextAreaElement) => {
    setBody(el.value);
    remember();
    const at = mentionAt(el.value, el.selectionStart ?? el.value.length);
    setMention(at);
    if (at) lookUp(at.query);
    else setPeople([]);
  };

  const closeMentions = () => {
    setMention(undefined);
    setPeople([]);
  };

  const insert = (member: StaffMember) => {
    const at = mention();
    if (!at || !textarea) return;
    const caret = textarea.selectionStart ?? body().length;
    const text = `${body().slice(0, at.start)}@${member.email} ${body().slice(caret)}`;
    const next = at.start + member.email.length + 2;
    setBody(text);
    textarea.value = text;
    textarea.setSelectionRange(next, next);
    textarea.focus();
    remember();
    closeMentions();
  };

  const listOpen = () => mention() !== undefined && people().length > 0;

  const onKeyDown = (event: KeyboardEvent) => {
    if (listOpen()) {
      const count = people().length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        return setActive((i) => (i + 1) % count);
      }
      if (event.key === "ArrowUp") {
        event.preventDefault();
        return setActive((i) => (i - 1 + count) % count);
      }
      if ((event.key === "Enter" && !event.ctrlKey && !event.metaKey) || event.key === "Tab") {
        event.preventDefault();
        const member = people()[active()];
        if (member) insert(member);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        return closeMentions();
      }
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form?.requestSubmit();
    }
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const text = body().trim();
    if (!text) {
      setError({ message: t("ticket.composer.empty"), field: "body" });
      textarea?.focus();
      return;
    }
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    const isInternal = internal();
    try {
      const comment = await ticketApi.comment(props.ticket.id, text, isInternal);
      writeDraft(props.ticket.id, { body: "", internal: false });
      setBody("");
      closeMentions();
      const pending = files();
      setFiles([]);
      const failed: string[] = [];
      for (const file of pending) {
        try {
          await uploadFile(file, {
            slot: (f) => ticketApi.slot(props.ticket.id, f, isInternal, comment.id),
            attach: (uploadId) => ticketApi.attach(props.ticket.id, uploadId, { commentId: comment.id, isInternal }),
          });
        } catch (failure) {
          failed.push(`${file.name}: ${errorMessage(failure)}`);
        }
      }
      if (failed.length > 0) setError({ message: t("ticket.composer.filesFailed", { files: failed.join("; ") }) });
      setNotice(isInternal ? t("ticket.noteAdded") : t("ticket.replySent"));
      props.onSent();
    } catch (failure) {
      setError(friendly(failure));
    } finally {
      setBusy(false);
    }
  };

  const bodyError = () => (error()?.field === "body" ? error()?.message : undefined);
  const otherError = () => (error() && error()?.field !== "body" ? error()?.message : undefined);

  return (
    <form
      ref={form}
      class={internal() ? "panel tk-reply tk-reply-internal" : "panel tk-reply"}
      onSubmit={submit}
      noValidate
    >
      <fieldset class="tk-toggle">
        <legend class="sr-only">{t("ticket.whoSees")}</legend>
        <label class={internal() ? "tk-toggle-option" : "tk-toggle-option active"}>
          <input
            type="radio"
            name="visibility"
            checked={!internal()}
            onChange={() => {
              setInternal(false);
              remember();
            }}
          />
          {t("ticket.publicReply")}
        </label>
        <label class={internal() ? "tk-toggle-option active" : "tk-toggle-option"}>
          <input
            type="radio"
            name="visibility"
            checked={internal()}
            onChange={() => {
              setInternal(true);
              remember();
            }}
          />
          {t("ticket.internalNote")}
        </label>
      </fieldset>
      <div class="field tk-reply-field">
        <label for="tk-reply-body" class="sr-only">
          {internal() ? t("ticket.internalNote") : t("ticket.publicReply")}
        </label>
        <textarea
          ref={textarea}
          id="tk-reply-body"
          name="body"
          rows={4}
          maxLength={20000}
          value={body()}
          placeholder={internal() ? t("ticket.internalPlaceholder") : t("ticket.publicPlaceholder")}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={listOpen()}
          aria-controls="tk-mentions"
          aria-activedescendant={listOpen() ? `tk-mention-${active()}` : undefined}
          aria-describedby={bodyError() ? "tk-reply-hint tk-reply-error" : "tk-reply-hint"}
          aria-invalid={bodyError() ? true : undefined}
          onInput={(e) => onInput(e.currentTarget)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(closeMentions, 150)}
        />
        <div
          id="tk-mentions"
          role="listbox"
          class="tk-mentions"
          aria-label={t("ticket.composer.mentions")}
          hidden={!listOpen()}
        >
          <For each={people()}>
            {(member, i) => (
              <div
                id={`tk-mention-${i()}`}
                role="option"
                tabIndex={-1}
                aria-selected={i() === active()}
                class={i() === active() ? "tk-mention active" : "tk-mention"}
                onMouseDown={(e) => {
                  e.preventDefault();
                  insert(member);
                }}
              >
                <strong>{member.name}</strong> <span class="muted">{member.email}</span>
              </div>
            )}
          </For>
        </div>
        <Show when={bodyError()}>
          <span id="tk-reply-error" class="field-error">
            {bodyError()}
          </span>
        </Show>
        <span id="tk-reply-hint" class="field-hint">
          {t("ticket.composer.hint")}
          {internal() ? t("ticket.internalHint") : ""}
        </span>
      </div>
      <div class="tk-reply-files">
        <label class="btn btn-secondary au-pick">
          <input
            type="file"
            multiple
            class="sr-only"
            accept={ACCEPTED_TYPES}
            onChange={(e) => {
              setFiles([...files(), ...(e.currentTarget.files ?? [])]);
              e.currentTarget.value = "";
            }}
          />
          {t("ticket.composer.attach")}
        </label>
        <Show when={files().length > 0}>
          <ul class="tk-reply-file-list" aria-label={t("ticket.composer.filesToSend")}>
            <For each={files()}>
              {(file) => (
                <li>
                  {file.name} <span class="muted">{fileSize(file.size)}</span>{" "}
                  <button
                    type="button"
                    class="btn-link"
                    aria-label={t("widgets.upload.dismiss", { name: file.name })}
                    onClick={() => setFiles(files().filter((f) => f !== file))}
                  >
                    ×
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
      <ErrorAlert message={otherError()} />
      <p class="sr-only" role="status" aria-live="polite">
        {notice()}
      </p>
      <div class="tk-reply-actions">
        <span class="muted tk-reply-keys">{t("ticket.composer.sendKeys")}</span>
        <button type="submit" class="btn btn-primary" disabled={busy()}>
          {busy() ? t("ticket.sending") : internal() ? t("ticket.addNote") : t("ticket.sendReply")}
        </button>
      </div>
    </form>
  );
}
