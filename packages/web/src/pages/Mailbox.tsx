import { useSearchParams } from "@solidjs/router";
import type { InferResponseType } from "hono/client";
import { createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { ApiError, client, errorMessage, send } from "../api";
import { RefreshIcon } from "../components/icons";
import { PageHeader } from "../components/kit/PageHeader";
import { MailIcon } from "../components/NotificationBell";
import { EmptyState, ErrorState, Skeleton } from "../components/ui";
import { absoluteTime, relativeTime, useNow, useTitle } from "../format";
import { t } from "../i18n";

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
          ← All messages
        </button>
        <h2 id="mb-subject" class="mb-subject">
          {props.message.subject}
        </h2>
        <dl class="mb-meta">
          <dt class="mb-meta-term">From</dt>
          <dd class="mb-meta-value">{props.message.from}</dd>
          <dt class="mb-meta-term">To</dt>
          <dd class="mb-meta-value">{props.message.to}</dd>
          <dt class="mb-meta-term">Sent</dt>
          <dd class="mb-meta-value">
            <time datetime={props.message.sentAt}>{absoluteTime(props.message.sentAt)}</time>
          </dd>
        </dl>
        <Show when={props.message.html}>
          <fieldset class="nf-filter">
            <legend class="sr-only">Show the message as</legend>
            <button
              type="button"
              class="nf-filter-btn"
              aria-pressed={view() === "html"}
              onClick={() => setView("html")}
            >
              HTML
            </button>
            <button
              type="button"
              class="nf-filter-btn"
              aria-pressed={view() === "text"}
              onClick={() => setView("text")}
            >
              Plain text
            </button>
          </fieldset>
        </Show>
      </div>
      <Show when={view() === "html" && props.message.html} fallback={<LinkedText text={props.message.text} />}>
        {(html) => <iframe class="mb-frame" title={`HTML of “${props.message.subject}”`} sandbox="" srcdoc={html()} />}
      </Show>
    </article>
  );
}

/**
 * The development mailbox: every message the local mail driver wrote under DATA_DIR/mail, newest first.
 * HTML bodies render in a sandboxed frame (no scripts, no same-origin access); text links are clickable.
 */
export function MailboxPage() {
  useTitle("Mailbox");
  const now = useNow();
  const [params, setParams] = useSearchParams<{ id?: string }>();
  const [items, setItems] = createSignal<Message[]>();
  const [error, setError] = createSignal<string>();
  const [notLocal, setNotLocal] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);

  const load = async () => {
    setLoading(true);
    try {
      const res = await send(endpoint.$get());
      setItems((await res.json()).items);
      setError(undefined);
      setNotLocal(undefined);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) setNotLocal(failure.message);
      else setError(errorMessage(failure));
      setItems(undefined);
    } finally {
      setLoading(false);
    }
  };
  onMount(load);

  const selected = () => items()?.find((m) => m.id === params.id);
  const open = (id: string | undefined) => setParams({ id });

  return (
    <div class="page">
      <PageHeader
        title={<>Mailbox</>}
        sub={<>Mail the local driver wrote instead of sending it: for development and tests only.</>}
        actions={
          <button type="button" class="btn btn-secondary" onClick={load} disabled={loading()}>
            <RefreshIcon spinning={loading()} />
            Refresh
          </button>
        }
      />

      <Switch>
        <Match when={notLocal()}>
          <div class="alert alert-info" role="status">
            <strong>No local mailbox here.</strong> {notLocal()}
          </div>
        </Match>
        <Match when={error()}>
          <ErrorState title="Could not open the mailbox" detail={error() ?? ""} onRetry={load} busy={loading()} />
        </Match>
        <Match when={!items()}>
          <div class="panel loading" aria-hidden="true">
            <For each={[1, 2, 3]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
        <Match when={items()?.length === 0}>
          <div class="panel">
            <EmptyState icon={<MailIcon />} title="The mailbox is empty">
              Invitations, password resets and notification emails appear here once the app sends them.
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
                    <p class="muted">Choose a message to read it.</p>
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
