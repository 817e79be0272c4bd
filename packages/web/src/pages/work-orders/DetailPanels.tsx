import { createResource, createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { dateTimeShort } from "../../format";
import { t } from "../../i18n";
import { type Detail, workOrderApi } from "./api";

type Attachment = Detail["attachments"][number];

/** An image attachment's thumbnail, through its short-lived download link. */
function Thumb(props: { workOrderId: string; attachment: Attachment }) {
  const [link] = createResource(() => workOrderApi.download(props.workOrderId, props.attachment.id));
  return (
    <li class="wo-thumb">
      <Show when={link()} fallback={<span class="wo-thumb-img" />}>
        <a
          href={link()?.url}
          target="_blank"
          rel="noopener"
          aria-label={t("workOrders.detail.open", { name: props.attachment.filename })}
        >
          <Show
            when={props.attachment.contentType.startsWith("image/")}
            fallback={<span>{props.attachment.filename}</span>}
          >
            <img class="wo-thumb-img" src={link()?.url} alt={props.attachment.filename} />
          </Show>
        </a>
      </Show>
      <span class="wo-thumb-caption">
        {props.attachment.kind === "signature" && props.attachment.signerName
          ? t("workOrders.detail.signedBy", { name: props.attachment.signerName })
          : props.attachment.filename}
      </span>
    </li>
  );
}

export function AttachmentsPanel(props: { detail: Detail }) {
  return (
    <section class="panel" aria-labelledby="wo-attachments">
      <h2 id="wo-attachments">{t("workOrders.detail.attachments")}</h2>
      <Show when={props.detail.attachments.length > 0} fallback={<p>{t("workOrders.detail.noAttachments")}</p>}>
        <ul class="wo-thumbs">
          <For each={props.detail.attachments}>{(a) => <Thumb workOrderId={props.detail.id} attachment={a} />}</For>
        </ul>
      </Show>
    </section>
  );
}

export function CompletionPanel(props: { detail: Detail }) {
  const c = () => props.detail.completion;
  const mark = (ok: boolean) => (ok ? t("workOrders.detail.present") : t("workOrders.detail.missing"));
  return (
    <section class="panel" aria-labelledby="wo-completion">
      <h2 id="wo-completion">{t("workOrders.detail.completion")}</h2>
      <p>{c().required ? t("workOrders.detail.gateOn") : t("workOrders.detail.gateOff")}</p>
      <dl class="kv">
        <dt>{t("workOrders.detail.hasPhoto")}</dt>
        <dd>{mark(c().hasPhoto)}</dd>
        <dt>{t("workOrders.detail.hasSignature")}</dt>
        <dd>{mark(c().hasSignature)}</dd>
        <dt>{t("workOrders.detail.activeTime")}</dt>
        <dd>{t("workOrders.detail.minutes", { n: String(Math.round(props.detail.totalActiveSeconds / 60)) })}</dd>
      </dl>
      <Show when={c().outcome}>
        {(o) => (
          <div class="wo-outcome" data-testid="wo-outcome">
            <p>{t("workOrders.detail.outcome", { outcome: o().outcome })}</p>
            <Show when={o().reason}>
              <p>{t("workOrders.detail.outcomeReason", { reason: o().reason ?? "" })}</p>
            </Show>
            <Show when={o().ticketResolved}>
              <p>{t("workOrders.detail.ticketResolved")}</p>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}

export function TimelinePanel(props: { detail: Detail }) {
  return (
    <section class="panel" aria-labelledby="wo-events">
      <h2 id="wo-events">{t("workOrders.detail.events")}</h2>
      <Show when={props.detail.events.length > 0} fallback={<p>{t("workOrders.detail.noEvents")}</p>}>
        <ol class="wo-timeline" data-testid="wo-timeline">
          <For each={props.detail.events}>
            {(e) => (
              <li class={e.applied ? "wo-event" : "wo-event wo-event-ignored"}>
                <time datetime={e.occurredAt}>{dateTimeShort(e.occurredAt)}</time>{" "}
                <strong>
                  {e.source === "staff" && e.toStatus
                    ? t("workOrders.detail.staffMove", { status: t(`workOrders.statuses.${e.toStatus}`) })
                    : t(`workOrders.detail.fieldEvents.${e.event as "accept"}`)}
                </strong>
                <Show when={e.note}>
                  <span> — {e.note}</span>
                </Show>
                <Show when={!e.applied && e.ignoredReason}>
                  <span class="wo-ignored"> {t("workOrders.detail.ignored", { reason: e.ignoredReason ?? "" })}</span>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}

export function NotesPanel(props: { detail: Detail; onChange: () => void }) {
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<string>();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const body = String(data.get("body") ?? "").trim();
    if (!body) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await workOrderApi.addNote(props.detail.id, body, data.get("internal") === "on");
      form.reset();
      props.onChange();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel" aria-labelledby="wo-notes">
      <h2 id="wo-notes">{t("workOrders.detail.notes")}</h2>
      <Show when={props.detail.notes.length > 0} fallback={<p>{t("workOrders.detail.noNotes")}</p>}>
        <ul class="wo-notes">
          <For each={props.detail.notes}>
            {(n) => (
              <li>
                <time datetime={n.createdAt}>{dateTimeShort(n.createdAt)}</time>{" "}
                <Show when={n.internal}>
                  <span class="badge badge-neutral">{t("workOrders.detail.internalBadge")}</span>{" "}
                </Show>
                <span>{n.body}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="wo-note-form" onSubmit={submit}>
        <ErrorAlert message={failure()} />
        <label class="field">
          <span>{t("workOrders.detail.noteBody")}</span>
          <textarea name="body" rows={2} required />
        </label>
        <label class="check">
          <input type="checkbox" name="internal" checked />
          <span>{t("workOrders.detail.internal")}</span>
        </label>
        <button type="submit" class="btn btn-secondary" disabled={busy()}>
          {t("workOrders.detail.addNote")}
        </button>
      </form>
    </section>
  );
}
