import { useSearchParams } from "@solidjs/router";
import type { InferResponseType } from "hono/client";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { ApiError, client, read } from "../api";
import { PageHeader } from "../components/kit/PageHeader";
import { MailIcon } from "../components/NotificationBell";
import { EmptyState, ErrorState, Skeleton } from "../components/ui";
import { absoluteTime, relativeTime, useNow, useTitle } from "../format";
import { t } from "../i18n";
import { createLoad } from "../lib/load";

const endpoint = client.api.v1.dev.mailbox;
type Message = InferResponseType<typeof endpoint.$get, 200>["items"][number];

const URL_PATTERN = /https?:\/\/[^\s<>"')]+/g;

/** Plain text with its http(s) URLs as links; everything else stays text (never parsed as HTML). */
function LinkedText(props: { text: string }) {
  const parts = () => {
    const out: { text: string; href?: string }[] = [];
    let last = 0;
    for (const match of props.text.matchAll(URL_PATTERN)) {
      const at = match.index ?? 0;
      if (at > last) out.push({ text: props.text.slice(last, at) });
      out.push({ text: match[0], href: match[0] });
      last = at + match[0].length;
    }
    if (last < props.text.length) out.push({ text: props.text.slice(last) });
    return out;
  };
  return (
    <pre class="mb-text">
      <For each={parts()}>{(p) => (p.href ? <a href={p.href}>{p.text}</a> : p.text)}</For>
    </pre>
  );
}

function MessageView(props: { message: Message; onBack: () => void }) {
  const [view, setView] = createSignal<"html" | "text">(props.message.html ? "html" : "text");
  return (
    <article class="panel mb-message" aria-labelledby="mb-subject">
      <div class="mb-message-head">
        <button type="button" class="btn-link mb-back" onClick={() => props.onBack()}>
          {t("mail.mailbox.back")}
        </button>
        <h2 id="mb-subject" class="mb-subject">
          {props.message.subject}
        </h2>
        <dl class="mb-meta">
          <dt class="mb-meta-term">{t("mail.mailbox.from")}</dt>
          <dd class="mb-meta-value">{props.message.from}</dd>
          <dt class="mb-meta-term">{t("mail.mailbox.to")}</dt>
          <dd class="mb-meta-value">{props.message.to}</dd>
          <dt class="mb-meta-term">{t("mail.mailbox.sent")}</dt>
          <dd class="mb-meta-value">
            <time datetime={props.message.sentAt}>{absoluteTime(props.message.sentAt)}</time>
          </dd>
        </dl>
        <Show when={props.message.html}>
          <fieldset class="nf-filter">
            <legend class="sr-only">{t("mail.mailbox.showAs")}</legend>
            <button
              type="button"
              class="nf-filter-btn"
              aria-pressed={view() === "html"}
              onClick={() => setView("html")}
            >
              {t("mail.mailbox.html")}
            </button>
            <button
              type="button"
              class="nf-filter-btn"
              aria-pressed={view() === "text"}
              onClick={() => setView("text")}
            >
              {t("mail.mailbox.text")}
            </button>
          </fieldset>
        </Show>
      </div>
      <Show when={view() === "html" && props.message.html} fallback={<LinkedText text={props.message.text} />}>
        {(html) => (
          <iframe
            class="mb-frame"
            title={t("mail.mailbox.frame", { subject: props.message.subject })}
            sandbox=""
            srcdoc={html()}
          />
        )}
      </Show>
    </article>
  );
}

/**
 * The development mailbox: every message the local mail driver wrote under DATA_DIR/mail, newest first.
 * HTML bodies render in a sandboxed frame (no scripts, no same-origin access); text links are clickable.
 */
export function MailboxPage() {
  useTitle(t("mail.mailbox.title"));
  const now = useNow();
  const [params, setParams] = useSearchParams<{ id?: string }>();
  const mailbox = createLoad(async () => (await read(endpoint.$get())).items);
  const items = mailbox.data;
  // The API answers 404 when mail is not written to a local folder (any driver but the local one).
  const notLocal = () => {
    const failure = mailbox.failure();
    return failure instanceof ApiError && failure.status === 404 ? failure.message : undefined;
  };
  const error = () => (notLocal() ? undefined : mailbox.error());

  const selected = () => items()?.find((m) => m.id === params.id);
  const open = (id: string | undefined) => setParams({ id });

  return (
    <div class="page">
      <PageHeader
        title={t("mail.mailbox.title")}
        sub={t("mail.mailbox.sub")}
        refreshedAt={mailbox.refreshedAt()}
        onRefresh={mailbox.refresh}
        refreshing={mailbox.loading()}
      />

      <Switch>
        <Match when={notLocal()}>
          <div class="alert alert-info" role="status">
            <strong>{t("mail.mailbox.notLocal")}</strong> {notLocal()}
          </div>
        </Match>
        <Match when={error()}>
          <ErrorState
            title={t("mail.mailbox.loadFailed")}
            detail={error() ?? ""}
            onRetry={mailbox.refresh}
            busy={mailbox.loading()}
          />
        </Match>
        <Match when={!items()}>
          <div class="panel loading" aria-hidden="true">
            <For each={[1, 2, 3]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
        <Match when={items()?.length === 0}>
          <div class="panel">
            <EmptyState icon={<MailIcon />} title={t("mail.mailbox.empty")}>
              {t("mail.mailbox.emptyBody")}
            </EmptyState>
          </div>
        </Match>
        <Match when={items()}>
          {(list) => (
            <div class={selected() ? "mb-layout mb-reading" : "mb-layout"}>
              <section class="panel mb-list-panel" aria-labelledby="mb-list-title">
                <h2 id="mb-list-title" class="mb-list-title">
                  {t("count.message", list().length)}
                </h2>
                <ul class="mb-list">
                  <For each={list()}>
                    {(m) => (
                      <li class="mb-item">
                        <button
                          type="button"
                          class="mb-row"
                          aria-current={m.id === params.id ? "true" : undefined}
                          onClick={() => open(m.id)}
                        >
                          <span class="mb-row-subject">{m.subject}</span>
                          <span class="mb-row-meta">
                            <span class="mb-row-to">{m.to}</span>
                            <time datetime={m.sentAt} title={absoluteTime(m.sentAt)}>
                              {relativeTime(m.sentAt, now())}
                            </time>
                          </span>
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </section>
              <Show
                when={selected()}
                keyed
                fallback={
                  <div class="panel mb-placeholder">
                    <p class="muted">{t("mail.mailbox.choose")}</p>
                  </div>
                }
              >
                {(message) => <MessageView message={message} onBack={() => open(undefined)} />}
              </Show>
            </div>
          )}
        </Match>
      </Switch>
    </div>
  );
}
