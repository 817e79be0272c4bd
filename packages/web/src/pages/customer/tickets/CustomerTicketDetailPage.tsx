import { A, useParams } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { errorMessage } from "../../../api";
import { AttachmentUpload } from "../../../components/AttachmentUpload";
import { ErrorAlert } from "../../../components/kit/Alert";
import { PageHeader } from "../../../components/kit/PageHeader";
import { ErrorState, Panel, RelativeTime, Skeleton } from "../../../components/ui";
import { useNow, useTitle } from "../../../format";
import { t as tr } from "../../../i18n";
import { createLoad } from "../../../lib/load";
import { ConfirmPanel } from "./ConfirmPanel";
import { FileList } from "./FileList";
import { type CustomerTicket, TicketStatus, ticketApi } from "./shared";

/** One ticket: the public conversation, files, a reply box with attachments, and the confirmation panel. */
export function CustomerTicketDetailPage() {
  const params = useParams();
  const now = useNow();
  const ticket = createLoad(() => ticketApi.get(params.ref ?? ""), { key: () => params.ref, keepOnError: true });
  const data = ticket.data;
  const refetch = ticket.refresh;
  const mutate = ticket.mutate;
  const [replyError, setReplyError] = createSignal<string>();
  const [sending, setSending] = createSignal(false);
  let replyBox: HTMLTextAreaElement | undefined;

  const title = () => data()?.ticket.title;
  useTitle(tr("customer.detail.title"));

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
        <A href="/customer/tickets">{tr("customer.detail.back")}</A>
      </p>
      <Switch>
        <Match when={ticket.error() && !data()}>
          <ErrorState
            title={tr("customer.detail.loadFailed")}
            detail={ticket.error() ?? ""}
            onRetry={refetch}
            busy={ticket.loading()}
          />
        </Match>
        <Match when={data()}>
          {(t) => {
            document.title = `${t().ticket.number} · DotMac CRM`;
            return (
              <>
                <PageHeader
                  title={title()}
                  sub={
                    <span class="ct-sub">
                      <span class="mono">{t().ticket.number}</span>
                      <TicketStatus status={t().ticket.status} />
                      <Show when={t().ticket.ticketType}>{(type) => <span>{type()}</span>}</Show>
                      <span>
                        {tr("customer.detail.opened")} <RelativeTime at={t().ticket.createdAt} now={now()} />
                      </span>
                    </span>
                  }
                />
                <Show
                  when={
                    t().ticket.status === "pending_confirmation" &&
                    (t().confirmation?.state === "open" || t().confirmation?.state === "expired")
                  }
                >
                  <ConfirmPanel ticket={t()} onDone={refetch} />
                </Show>
                <ol class="ct-thread" aria-label={tr("customer.detail.conversation")}>
                  <li class="ct-msg ct-msg-you">
                    <div class="ct-msg-head">
                      <strong>{tr("customer.detail.you")}</strong>
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
                          <strong>{c.author.you ? tr("customer.detail.you") : c.author.name}</strong>
                          <Show when={c.author.kind === "staff"}>
                            <span class="ct-role">{tr("customer.detail.support")}</span>
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
                    <Panel id="ct-files-title" title={tr("customer.detail.files")} sub={tr("customer.detail.filesSub")}>
                      <div class="panel-body">
                        <FileList ticketId={t().ticket.id} files={filesOf(t(), null)} />
                      </div>
                    </Panel>
                  </div>
                </Show>
                <Show when={t().ticket.status !== "merged"}>
                  <section class="panel ct-reply" aria-labelledby="ct-reply-title">
                    <h2 id="ct-reply-title" class="panel-title">
                      {tr("customer.detail.reply")}
                    </h2>
                    <form class="form" onSubmit={sendReply}>
                      <ErrorAlert message={replyError()} />
                      <div class="field">
                        <label for="ct-reply-body">{tr("customer.detail.message")}</label>
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
                          {sending() ? tr("customer.detail.sending") : tr("customer.detail.send")}
                        </button>
                      </div>
                    </form>
                  </section>
                </Show>
              </>
            );
          }}
        </Match>
        <Match when={true}>
          <div class="panel" aria-busy="true">
            <span class="sr-only">{tr("customer.detail.loading")}</span>
            <Skeleton class="sk-line" />
            <Skeleton class="sk-line" />
          </div>
        </Match>
      </Switch>
    </div>
  );
}
