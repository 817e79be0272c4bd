import { Show } from "solid-js";
import { dateTimeShort } from "../../format";
import { t } from "../../i18n";
import { MessageMedia } from "./InboxMedia";
import type { Message } from "./types";

/** The customer's reaction to a message (drawn on it), if it still stands. */
const reactionOf = (m: Message): string | null =>
  (m.payload.reactions as { customer?: { emoji: string | null } } | undefined)?.customer?.emoji ?? null;
const ticks: Record<string, string> = { queued: "•", sending: "•", sent: "✓", delivered: "✓✓", read: "✓✓" };
/** One message of the thread: who wrote it, its text or e-mail, its files, reaction, time, ticks and failure. */
export function Bubble(props: { message: Message; onRetry: (id: string) => void }) {
  const m = () => props.message;
  return (
    <li class={`inbox-bubble ${m().direction}`} classList={{ failed: m().status === "failed" }}>
      <Show when={m().direction === "internal"}>
        <p class="inbox-bubble-by">{t("inbox.noteBy", { name: m().authorName ?? "" })}</p>
      </Show>
      <Show when={m().subject}>
        <p class="inbox-bubble-subject">{m().subject}</p>
      </Show>
      <Show
        when={m().hasHtml}
        fallback={
          <Show when={m().body}>
            <p class="inbox-bubble-body">{m().body}</p>
          </Show>
        }
      >
        {/* Sanitised server-side, and still boxed: no scripts, no same-origin, no forms. */}
        <iframe
          class="inbox-email"
          sandbox=""
          title={m().subject ?? t("inbox.attachment")}
          src={`/api/v1/inbox/messages/${m().id}/html`}
        />
      </Show>
      <MessageMedia message={m()} />
      <Show when={m().payload.unsent}>
        <p class="inbox-bubble-unsent">{t("inbox.unsent")}</p>
      </Show>
      <Show when={reactionOf(m())}>
        {(emoji) => (
          <p class="inbox-reaction">
            <span aria-hidden="true">{emoji()}</span>
            <span class="sr-only">{t("inbox.reacted", { emoji: emoji() })}</span>
          </p>
        )}
      </Show>
      <p class="inbox-bubble-meta">
        <time dateTime={m().createdAt}>{dateTimeShort(m().createdAt)}</time>
        <Show when={m().direction === "outbound"}>
          <span
            class="inbox-ticks"
            classList={{ read: m().status === "read" }}
            title={t(`inbox.delivery.${m().status}`)}
          >
            {ticks[m().status] ?? ""}
            <span class="sr-only">{t(`inbox.delivery.${m().status}`)}</span>
          </span>
        </Show>
      </p>
      <Show when={m().status === "failed"}>
        <p class="inbox-failed">
          {t("inbox.failed")}
          <Show when={m().errorDetail}>: {m().errorDetail}</Show>{" "}
          <button type="button" class="btn btn-secondary btn-small" onClick={() => props.onRetry(m().id)}>
            {t("inbox.retry")}
          </button>
        </p>
      </Show>
    </li>
  );
}
