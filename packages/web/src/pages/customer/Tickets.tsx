import { A, useNavigate, useParams } from "@solidjs/router";
import type { InferResponseType } from "hono/client";
import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../../api";
import { AttachmentUpload } from "../../components/AttachmentUpload";
import { DownloadIcon, InboxIcon, PlusIcon } from "../../components/icons";
import { Badge, EmptyState, ErrorState, Panel, RelativeTime, Skeleton, type Tone } from "../../components/ui";
import { useNow, useTitle } from "../../format";

const tickets = client.api.v1.customer.tickets;
const JSON_HEADERS = { headers: { "content-type": "application/json" } };

type TicketPage = InferResponseType<typeof tickets.$get, 200>;
type TicketSummary = TicketPage["items"][number];
type CustomerTicket = InferResponseType<(typeof tickets)[":ref"]["$get"], 200>;
type Attachment = CustomerTicket["attachments"][number];
type Status = TicketSummary["status"];

/** The customer portal's ticket calls; the server scopes each to the signed-in customer. */
const ticketApi = {
  async list(cursor?: string): Promise<TicketPage> {
    return (await send(tickets.$get({ query: cursor ? { cursor } : {} }))).json();
  },
  async types() {
    return (await (await send(tickets.types.$get())).json()).items;
  },
  async open(json: { title: string; description: string; ticketTypeId?: string }) {
    return (await send(tickets.$post({ json }))).json();
  },
  async get(ref: string): Promise<CustomerTicket> {
    return (await send(tickets[":ref"].$get({ param: { ref } }))).json();
  },
  async reply(id: string, body: string) {
    return (await send(tickets[":id"].comments.$post({ param: { id }, json: { body } }))).json();
  },
  async slot(id: string, file: { filename: string; contentType: string; size: number }) {
    return (await send(tickets[":id"].attachments.slots.$post({ param: { id }, json: file }))).json();
  },
  async attach(id: string, uploadId: string): Promise<Attachment> {
    return (await send(tickets[":id"].attachments.$post({ param: { id }, json: { uploadId } }))).json();
  },
  async download(id: string, attachmentId: string) {
    return (
      await send(tickets[":id"].attachments[":attachmentId"].download.$get({ param: { id, attachmentId } }))
    ).json();
  },
  async confirm(id: string) {
    return (await send(tickets[":id"].confirm.$post({ param: { id } }, JSON_HEADERS))).json();
  },
  async dispute(id: string, reason: string) {
    return (await send(tickets[":id"].dispute.$post({ param: { id }, json: { reason } }))).json();
  },
};

/** Statuses in the customer's words; the tone is never the only signal (the word is always there). */
const statusWords: Record<Status, [string, Tone]> = {
  new: ["Received", "info"],
  open: ["In progress", "info"],
  pending: ["Pending", "warning"],
  waiting_on_customer: ["Waiting for your reply", "warning"],
  pending_confirmation: ["Resolved, please confirm", "success"],
  lastmile_rerun: ["In progress", "info"],
  site_under_construction: ["Site work scheduled", "info"],
  on_hold: ["On hold", "neutral"],
  closed: ["Closed", "neutral"],
  canceled: ["Canceled", "neutral"],
  merged: ["Merged", "neutral"],
};

export function TicketStatus(props: { status: Status }) {
  const word = () => statusWords[props.status] ?? [props.status, "neutral"];
  return <Badge tone={word()[1]}>{word()[0]}</Badge>;
}

/** My tickets: newest first, with a way to open one. */
export function CustomerTicketsPage() {
  useTitle("Support tickets");
  const now = useNow();
  const [page, { refetch }] = createResource(() => ticketApi.list());
  const [more, setMore] = createSignal<TicketSummary[]>([]);
  const [cursor, setCursor] = createSignal<string | null | undefined>();
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [moreError, setMoreError] = createSignal<string>();
  const next = () => (cursor() === undefined ? page()?.nextCursor : cursor());
  const items = () => [...(page()?.items ?? []), ...more()];

  const loadMore = async () => {
    const c = next();
    if (!c) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const p = await ticketApi.list(c);
      setMore([...more(), ...p.items]);
      setCursor(p.nextCursor);
    } catch (error) {
      setMoreError(errorMessage(error));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Support tickets</h1>
          <p class="page-sub">Questions and problems you have raised with us, newest first.</p>
        </div>
        <div class="page-actions">
          <A href="/customer/tickets/new" class="btn btn-primary">
            <PlusIcon />
            Open a ticket
          </A>
        </div>
      </div>
      <Switch>
        <Match when={page.error}>
          <ErrorState
            title="Could not load your tickets"
            detail={errorMessage(page.error)}
            onRetry={refetch}
            busy={page.loading}
          />
        </Match>
        <Match when={page.loading && !page()}>
          <div class="panel" aria-busy="true">
            <span class="sr-only">Loading your tickets</span>
            <Skeleton class="sk-line" />
            <Skeleton class="sk-line" />
            <Skeleton class="sk-line" />
          </div>
        </Match>
        <Match when={items().length === 0}>
          <div class="panel">
            <EmptyState icon={<InboxIcon />} title="No tickets yet">
              When something is not working, tell us here and follow our answers.{" "}
              <A href="/customer/tickets/new">Open a ticket</A>
            </EmptyState>
          </div>
        </Match>
        <Match when={items().length > 0}>
          <ul class="ct-list" aria-label="Your tickets">
            <For each={items()}>
              {(t) => (
                <li class="ct-card">
                  <A href={`/customer/tickets/${t.number}`} class="ct-card-link">
                    <span class="ct-card-title">{t.title}</span>
                    <span class="ct-card-meta">
                      <span class="mono">{t.number}</span>
                      <span aria-hidden="true">·</span>
                      <span>
                        Updated <RelativeTime at={t.updatedAt} now={now()} />
                      </span>
                    </span>
                  </A>
                  <TicketStatus status={t.status} />
                </li>
              )}
            </For>
          </ul>
          <Show when={next()}>
            <div class="load-more">
              <Show when={moreError()}>
                {(m) => (
                  <p class="alert alert-error" role="alert">
                    {m()}
                  </p>
                )}
              </Show>
              <button type="button" class="btn btn-secondary" disabled={loadingMore()} onClick={loadMore}>
                {loadingMore() ? "Loading…" : "Show older tickets"}
              </button>
            </div>
          </Show>
        </Match>
      </Switch>
    </div>
  );
}

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

function FileList(props: { ticketId: string; files: Attachment[] }) {
  const [error, setError] = createSignal<string>();
  const open = async (file: Attachment) => {
    setError(undefined);
    try {
      const { url } = await ticketApi.download(props.ticketId, file.id);
      const a = document.createElement("a");
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener";
      a.click();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <>
      <ul class="ct-files">
        <For each={props.files}>
          {(file) => (
            <li>
              <button type="button" class="btn-link ct-file" onClick={() => open(file)}>
                <DownloadIcon />
                <span class="truncate">{file.filename}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={error()}>
        {(m) => (
          <p class="alert alert-error" role="alert">
            {m()}
          </p>
        )}
      </Show>
    </>
  );
}

/** "Is it fixed?": confirm closes the ticket, a dispute reopens it with the reason. */
function ConfirmPanel(props: { ticket: CustomerTicket; onDone: () => void }) {
  const [disputing, setDisputing] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      props.onDone();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const dispute = (e: SubmitEvent) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget as HTMLFormElement).get("reason") ?? "");
    void run(() => ticketApi.dispute(props.ticket.ticket.id, reason));
  };
  return (
    <section class="panel ct-confirm" aria-labelledby="ct-confirm-title">
      <h2 id="ct-confirm-title" class="panel-title">
        We think this is fixed. Is it?
      </h2>
      <p class="muted">Confirm to close the ticket, or tell us what is still wrong and we will keep working on it.</p>
      <Show when={error()}>
        {(m) => (
          <p class="alert alert-error" role="alert">
            {m()}
          </p>
        )}
      </Show>
      <Show
        when={disputing()}
        fallback={
          <div class="button-row">
            <button
              type="button"
              class="btn btn-primary"
              disabled={busy()}
              onClick={() => run(() => ticketApi.confirm(props.ticket.ticket.id))}
            >
              Yes, it's fixed
            </button>
            <button type="button" class="btn btn-secondary" disabled={busy()} onClick={() => setDisputing(true)}>
              No, still a problem
            </button>
          </div>
        }
      >
        <form class="form" onSubmit={dispute}>
          <div class="field">
            <label for="ct-reason">What is still wrong?</label>
            <textarea id="ct-reason" name="reason" required rows={3} maxLength={5000} />
          </div>
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy()}>
              {busy() ? "Sending…" : "Send and reopen"}
            </button>
            <button type="button" class="btn btn-secondary" onClick={() => setDisputing(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Show>
    </section>
  );
}

/** One ticket: the public conversation, files, a reply box with attachments, and the confirmation panel. */
export function CustomerTicketDetailPage() {
  const params = useParams();
  const now = useNow();
  const [data, { refetch, mutate }] = createResource(
    () => params.ref,
    (ref) => ticketApi.get(ref),
  );
  const [replyError, setReplyError] = createSignal<string>();
  const [sending, setSending] = createSignal(false);
  let replyBox: HTMLTextAreaElement | undefined;

  const title = () => data()?.ticket.title;
  useTitle("Support ticket");

  const sendReply = async (e: SubmitEvent) => {
    e.preventDefault();
    const current = data();
    const body = replyBox?.value.trim() ?? "";
    if (!current || !body) return;
    setSending(true);
    setReplyError(undefined);
    try {
      await ticketApi.reply(current.ticket.id, body);
      if (replyBox) replyBox.value = "";
      await refetch();
    } catch (failure) {
      setReplyError(errorMessage(failure));
    } finally {
      setSending(false);
    }
  };

  const filesOf = (t: CustomerTicket, commentId: string | null) =>
    t.attachments.filter((a) => a.commentId === commentId);

  return (
    <div class="page">
      <p class="ct-back">
        <A href="/customer/tickets">← All tickets</A>
      </p>
      <Switch>
        <Match when={data.error}>
          <ErrorState
            title="Could not load this ticket"
            detail={errorMessage(data.error)}
            onRetry={refetch}
            busy={data.loading}
          />
        </Match>
        <Match when={data()}>
          {(t) => {
            document.title = `${t().ticket.number} · DotMac CRM`;
            return (
              <>
                <div class="page-header">
                  <div>
                    <h1>{title()}</h1>
                    <p class="page-sub ct-sub">
                      <span class="mono">{t().ticket.number}</span>
                      <TicketStatus status={t().ticket.status} />
                      <Show when={t().ticket.ticketType}>{(type) => <span>{type()}</span>}</Show>
                      <span>
                        Opened <RelativeTime at={t().ticket.createdAt} now={now()} />
                      </span>
                    </p>
                  </div>
                </div>
                <Show
                  when={
                    t().ticket.status === "pending_confirmation" &&
                    (t().confirmation?.state === "open" || t().confirmation?.state === "expired")
                  }
                >
                  <ConfirmPanel ticket={t()} onDone={refetch} />
                </Show>
                <ol class="ct-thread" aria-label="Conversation">
                  <li class="ct-msg ct-msg-you">
                    <div class="ct-msg-head">
                      <strong>You</strong>
                      <RelativeTime at={t().ticket.createdAt} now={now()} />
                    </div>
                    <p class="ct-msg-body">{t().ticket.description ?? ""}</p>
                  </li>
                  <For each={t().comments}>
                    {(c) => (
                      <li
                        class="ct-msg"
                        classList={{ "ct-msg-you": c.author.you, "ct-msg-staff": c.author.kind === "staff" }}
                      >
                        <div class="ct-msg-head">
                          <strong>{c.author.you ? "You" : c.author.name}</strong>
                          <Show when={c.author.kind === "staff"}>
                            <span class="ct-role">Support</span>
                          </Show>
                          <RelativeTime at={c.createdAt} now={now()} />
                        </div>
                        <p class="ct-msg-body">{c.body}</p>
                        <Show when={filesOf(t(), c.id).length > 0}>
                          <FileList ticketId={t().ticket.id} files={filesOf(t(), c.id)} />
                        </Show>
                      </li>
                    )}
                  </For>
                </ol>
                <Show when={filesOf(t(), null).length > 0}>
                  <div class="ct-narrow">
                    <Panel id="ct-files-title" title="Files" sub="Shared on this ticket">
                      <div class="panel-body">
                        <FileList ticketId={t().ticket.id} files={filesOf(t(), null)} />
                      </div>
                    </Panel>
                  </div>
                </Show>
                <Show when={t().ticket.status !== "merged"}>
                  <section class="panel ct-reply" aria-labelledby="ct-reply-title">
                    <h2 id="ct-reply-title" class="panel-title">
                      Reply
                    </h2>
                    <form class="form" onSubmit={sendReply}>
                      <Show when={replyError()}>
                        {(m) => (
                          <p class="alert alert-error" role="alert">
                            {m()}
                          </p>
                        )}
                      </Show>
                      <div class="field">
                        <label for="ct-reply-body">Your message</label>
                        <textarea id="ct-reply-body" ref={replyBox} rows={4} required maxLength={20000} />
                      </div>
                      <AttachmentUpload
                        slot={(file) => ticketApi.slot(t().ticket.id, file)}
                        attach={(uploadId) => ticketApi.attach(t().ticket.id, uploadId)}
                        onAttached={(a) =>
                          mutate((current) =>
                            current ? { ...current, attachments: [...current.attachments, a] } : current,
                          )
                        }
                      />
                      <div class="button-row">
                        <button type="submit" class="btn btn-primary" disabled={sending()}>
                          {sending() ? "Sending…" : "Send reply"}
                        </button>
                      </div>
                    </form>
                  </section>
                </Show>
              </>
            );
          }}
        </Match>
        <Match when={data.loading}>
          <div class="panel" aria-busy="true">
            <span class="sr-only">Loading the ticket</span>
            <Skeleton class="sk-line" />
            <Skeleton class="sk-line" />
          </div>
        </Match>
      </Switch>
    </div>
  );
}
