import { createEffect, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import { client, errorMessage, read } from "../../api";
import { ErrorAlert, LiveRegion } from "../../components/kit/Alert";
import { ConversationLead } from "../../components/sales/ConversationLead";
import { timeUntil, useNow } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { CannedSuggestions, createCannedSuggestions } from "./CannedSuggestions";
import { ComposerFiles, createComposerFiles } from "./ComposerFiles";
import { Bubble } from "./InboxBubble";
import { InboxContact } from "./InboxContact";
import { LabelChip } from "./InboxMedia";
import { useConversationLive } from "./live";
import { RunMacroMenu } from "./RunMacroMenu";
import { TemplateOffer } from "./TemplatePicker";
import { type Canned, conversations, type Label } from "./types";

const windowed = new Set(["whatsapp", "messenger", "instagram"]);
/** The channels whose outbound provider sends files (email several per message, the others one). */
const sendsFiles = new Set(["whatsapp", "messenger", "instagram", "email", "widget"]);
const priorities = ["none", "low", "medium", "high", "urgent"] as const;

/** One conversation: header actions, the messages as bubbles, the composer, and the contact sidebar. */
export function InboxThread(props: {
  id: string;
  labels: Label[];
  canned: Canned[];
  onChanged: () => void;
  onBack: () => void;
}) {
  const now = useNow();
  const api = () => conversations[":id"];
  const param = () => ({ param: { id: props.id } });
  const detail = createLoad(() => read(api().$get(param())), { key: () => props.id, keepOnError: true });
  const messages = createLoad(
    async () => {
      const page = await read(api().messages.$get({ ...param(), query: {} }));
      return { items: [...page.items].reverse(), nextCursor: page.nextCursor };
    },
    { key: () => props.id, keepOnError: true },
  );
  const [failure, setFailure] = createSignal<string>();
  const [said, setSaid] = createSignal("");
  const [showContact, setShowContact] = createSignal(false);
  const [noteMode, setNoteMode] = createSignal(false);
  let composer: HTMLTextAreaElement | undefined;
  let threadEnd: HTMLDivElement | undefined;

  const conversation = () => detail.data()?.conversation;
  const windowOpen = () => new Date(conversation()?.windowExpiresAt ?? 0).getTime() > now();
  /** WhatsApp after the 24-hour window: only an approved template reaches the customer. */
  const templateNeeded = () => conversation()?.channelKind === "whatsapp" && !windowOpen();
  const canAttach = () => !noteMode() && !templateNeeded() && sendsFiles.has(conversation()?.channelKind ?? "");
  const manyFiles = () => conversation()?.channelKind === "email";
  const files = createComposerFiles(() => (manyFiles() ? 10 : 1));
  const [dragging, setDragging] = createSignal(false);
  createEffect(
    on(
      () => props.id,
      () => files.clear(),
      { defer: true },
    ),
  );
  const reload = async () => {
    await Promise.all([detail.refresh(), messages.refresh()]);
    props.onChanged();
  };
  // Live: another agent's reply, the customer's message or a delivery tick redraws the thread at once.
  const live = useConversationLive(
    () => props.id,
    () => void Promise.all([detail.refresh(), messages.refresh()]),
  );
  const act = async (call: () => Promise<unknown>, message?: string): Promise<boolean> => {
    setFailure(undefined);
    try {
      await call();
      if (message) setSaid(message);
      await reload();
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  onMount(() => {
    // Opening a conversation reads it.
    void read(api().read.$post({ ...param(), json: {} }))
      .then(() => props.onChanged())
      .catch(() => {});
    const onShortcut = (event: Event) => {
      const key = (event as CustomEvent<string>).detail;
      if (key === "r") composer?.focus();
      else if (key === "n") {
        setNoteMode(true);
        composer?.focus();
      } else if (key === "e") void act(() => read(api().status.$post({ ...param(), json: { status: "resolved" } })));
    };
    document.addEventListener("inbox:shortcut", onShortcut);
    onCleanup(() => document.removeEventListener("inbox:shortcut", onShortcut));
  });

  const setStatus = (status: "open" | "pending" | "resolved") =>
    act(() => read(api().status.$post({ ...param(), json: { status } })));
  const snooze = (choice: string) => {
    if (!choice) return;
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    tomorrow.setHours(9, 0, 0, 0);
    const json =
      choice === "reply"
        ? { untilReply: true }
        : { until: (choice === "hour" ? new Date(Date.now() + 3_600_000) : tomorrow).toISOString() };
    return act(() => read(api().snooze.$post({ ...param(), json })));
  };

  // One idempotency key per draft: a double submit (or a retry after a lost answer) is one message.
  let draftKey = crypto.randomUUID();
  const firstName = () => (detail.data()?.person.displayName ?? "").split(/\s+/)[0] ?? "";
  const canned = createCannedSuggestions(() => props.canned, firstName);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const body = composer?.value.trim() ?? "";
    const note = noteMode();
    const withFiles = !note && canAttach();
    if (withFiles && files.busy()) {
      setFailure(t("inbox.files.wait"));
      return;
    }
    const attachmentUploadIds = withFiles ? files.readyIds() : [];
    if (!body && attachmentUploadIds.length === 0) return;
    live.stopped();
    await act(
      async () => {
        if (note) await read(api().notes.$post({ ...param(), json: { body } }));
        else
          await read(
            api().messages.$post({
              ...param(),
              json: { ...(body ? { body } : {}), attachmentUploadIds, idempotencyKey: draftKey },
            }),
          );
        if (composer) composer.value = "";
        if (!note) files.clear();
        draftKey = crypto.randomUUID();
      },
      note ? t("inbox.noteAdded") : t("inbox.sent"),
    );
    threadEnd?.scrollIntoView({ block: "end" });
  };
  const retry = (messageId: string) =>
    act(() => read(client.api.v1.inbox.messages[":id"].retry.$post({ param: { id: messageId } })));

  return (
    <>
      <section class="inbox-thread" aria-labelledby="inbox-thread-title">
        <header class="inbox-thread-head">
          <button type="button" class="btn btn-ghost inbox-back" onClick={props.onBack}>
            ← {t("inbox.back")}
          </button>
          <h2 id="inbox-thread-title">
            {conversation() ? t("inbox.thread", { name: conversation()?.personName ?? "" }) : ""}
          </h2>
          <Show when={conversation()}>
            {(c) => (
              <div class="inbox-actions">
                <span class="badge">{t(`inbox.statusName.${c().status}`)}</span>
                <Show when={c().labels.length > 0}>
                  <ul class="inbox-labels inbox-label-chips" aria-label={t("inbox.labels")}>
                    <For each={c().labels}>
                      {(l) => (
                        <li>
                          <LabelChip name={l} labels={props.labels} />
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <Show when={!c().assigneeId && c().status !== "resolved"}>
                  <button
                    type="button"
                    class="btn btn-primary"
                    onClick={() =>
                      act(
                        () => read(client.api.v1.inbox.conversations[":id"].take.$post({ ...param() })),
                        t("inbox.taken"),
                      )
                    }
                  >
                    {t("inbox.take")}
                  </button>
                </Show>
                <Show
                  when={c().status === "open" || c().status === "pending" || c().status === "snoozed"}
                  fallback={
                    <Show when={c().status === "resolved_to_ticket"}>
                      <button type="button" class="btn btn-secondary" onClick={() => setStatus("open")}>
                        {t("inbox.reopen")}
                      </button>
                    </Show>
                  }
                >
                  <button type="button" class="btn btn-primary" onClick={() => setStatus("resolved")}>
                    {t("inbox.resolve")}
                  </button>
                  <Show when={c().status !== "pending"}>
                    <button type="button" class="btn btn-secondary" onClick={() => setStatus("pending")}>
                      {t("inbox.markPending")}
                    </button>
                  </Show>
                  <label class="sr-only" for="inbox-snooze">
                    {t("inbox.snooze")}
                  </label>
                  <select id="inbox-snooze" onChange={(e) => void snooze(e.currentTarget.value)}>
                    <option value="">{t("inbox.snooze")}</option>
                    <option value="hour">{t("inbox.snoozeHour")}</option>
                    <option value="tomorrow">{t("inbox.snoozeTomorrow")}</option>
                    <option value="reply">{t("inbox.snoozeReply")}</option>
                  </select>
                  <Show when={!c().ticketId}>
                    <button
                      type="button"
                      class="btn btn-secondary"
                      onClick={() =>
                        act(async () => {
                          const made = await read(api().ticket.$post({ ...param(), json: {} }));
                          setSaid(t("inbox.ticketCreated", { number: made.ticketNumber }));
                        })
                      }
                    >
                      {t("inbox.toTicket")}
                    </button>
                  </Show>
                  <ConversationLead conversationId={props.id} onSaid={setSaid} />
                </Show>
                <label class="sr-only" for="inbox-priority">
                  {t("inbox.priority")}
                </label>
                <select
                  id="inbox-priority"
                  value={c().priority}
                  onChange={(e) =>
                    act(() =>
                      read(
                        api().priority.$post({
                          ...param(),
                          json: { priority: e.currentTarget.value as (typeof priorities)[number] },
                        }),
                      ),
                    )
                  }
                >
                  <For each={priorities}>{(p) => <option value={p}>{t(`inbox.priorityName.${p}`)}</option>}</For>
                </select>
                <button
                  type="button"
                  class="btn btn-ghost"
                  aria-pressed={c().muted}
                  onClick={() => act(() => read(api().mute.$post({ ...param(), json: { muted: !c().muted } })))}
                >
                  {c().muted ? t("inbox.unmute") : t("inbox.mute")}
                </button>
                <RunMacroMenu conversationId={props.id} onDone={() => void reload()} />
                <button
                  type="button"
                  class="btn btn-ghost inbox-contact-toggle"
                  aria-expanded={showContact()}
                  onClick={() => setShowContact(!showContact())}
                >
                  {t("inbox.showContact")}
                </button>
              </div>
            )}
          </Show>
        </header>
        <Show when={conversation()}>
          {(c) => (
            <fieldset class="inbox-label-picker">
              <legend>{t("inbox.labels")}</legend>
              <Show when={props.labels.length > 0} fallback={<span class="muted">{t("inbox.noLabels")}</span>}>
                <For each={props.labels}>
                  {(l) => (
                    <label class="inbox-label-choice">
                      <input
                        type="checkbox"
                        checked={c().labels.includes(l.name)}
                        onChange={(e) => {
                          const next = e.currentTarget.checked
                            ? [...c().labels, l.name]
                            : c().labels.filter((x) => x !== l.name);
                          void act(() => read(api().labels.$post({ ...param(), json: { labels: next } })));
                        }}
                      />
                      {l.name}
                    </label>
                  )}
                </For>
              </Show>
            </fieldset>
          )}
        </Show>
        <ErrorAlert message={failure() ?? detail.error() ?? messages.error()} />
        <LiveRegion message={said()} />
        <Show when={conversation() && windowed.has(conversation()?.channelKind ?? "")}>
          <p class="inbox-window" classList={{ closed: !windowOpen() }}>
            {windowOpen()
              ? t("inbox.windowOpen", { at: timeUntil(conversation()?.windowExpiresAt ?? "", now()) })
              : t("inbox.windowClosed")}
          </p>
        </Show>
        <ol class="inbox-messages" aria-label={t("inbox.conversations")}>
          <For each={messages.data()?.items ?? []}>{(m) => <Bubble message={m} onRetry={retry} />}</For>
        </ol>
        <div ref={threadEnd} />
        <p class="inbox-replying" aria-live="polite">
          {live.replying().length > 0 ? t("inbox.replying", { names: live.replying().join(", ") }) : ""}
        </p>
        <Show when={templateNeeded() && detail.data()}>
          {(d) => (
            <TemplateOffer
              channelId={d().channel.id}
              conversationId={props.id}
              onSend={(send) => act(send, t("inbox.sent"))}
            />
          )}
        </Show>
        <form
          class="inbox-composer"
          classList={{ note: noteMode(), dragging: dragging() }}
          onSubmit={submit}
          onDragOver={(e) => {
            if (!canAttach() || !e.dataTransfer?.types.includes("Files")) return;
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            setDragging(false);
            if (!canAttach() || !e.dataTransfer?.files.length) return;
            e.preventDefault();
            files.add([...e.dataTransfer.files]);
          }}
        >
          <fieldset class="inbox-modes">
            <legend class="sr-only">{t("inbox.composer")}</legend>
            <button type="button" class="btn btn-ghost" aria-pressed={!noteMode()} onClick={() => setNoteMode(false)}>
              {t("inbox.replyMode")}
            </button>
            <button type="button" class="btn btn-ghost" aria-pressed={noteMode()} onClick={() => setNoteMode(true)}>
              {t("inbox.noteMode")}
            </button>
          </fieldset>
          <label for="inbox-composer">{noteMode() ? t("inbox.composerNote") : t("inbox.composer")}</label>
          <textarea
            id="inbox-composer"
            ref={composer}
            rows={3}
            aria-describedby="inbox-composer-hint"
            onInput={(e) => {
              canned.onDraft(e.currentTarget.value);
              if (!noteMode()) live.typed();
            }}
            onBlur={() => live.stopped()}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <CannedSuggestions items={canned.suggestions()} onPick={(c) => canned.insert(c, composer)} />
          <Show when={canAttach()}>
            <ComposerFiles state={files} multiple={manyFiles()} />
            <Show when={files.busy()}>
              <p class="muted">{t("inbox.files.waiting")}</p>
            </Show>
          </Show>
          <p id="inbox-composer-hint" class="muted">
            {noteMode() ? t("inbox.noteHint") : templateNeeded() ? t("inbox.template.hint") : t("inbox.replyHint")}
          </p>
          <button type="submit" class="btn btn-primary">
            {noteMode() ? t("inbox.addNote") : t("inbox.send")}
          </button>
        </form>
      </section>
      <Show when={detail.data()}>
        {(d) => (
          <InboxContact
            detail={d()}
            open={showContact()}
            onClose={() => setShowContact(false)}
            onMerge={(personId) =>
              act(() => read(api()["merge-person"].$post({ ...param(), json: { personId } })), t("inbox.merged"))
            }
          />
        )}
      </Show>
    </>
  );
}
