import { A, useParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { ApiError, errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { AttachmentsPanel } from "../../../components/tickets/AttachmentsPanel";
import {
  type Attachment,
  type Comment,
  type Confirmation,
  type CustomerContext,
  type Ticket,
  type TicketChannel,
  type TicketEvent,
  type TicketLink,
  type TicketType,
  type Transition,
  ticketApi,
} from "../../../components/tickets/api";
import { LinksPanel } from "../../../components/tickets/LinksPanel";
import { channelLabel, PriorityLabel, StatusChip } from "../../../components/tickets/labels";
import { SlaSection } from "../../../components/tickets/SlaSection";
import { loadStaff, staffName } from "../../../components/tickets/staff";
import { Timeline } from "../../../components/tickets/Timeline";
import { ErrorState, RelativeTime, Skeleton } from "../../../components/ui";
import { useNow, useTitle } from "../../../format";
import { t as tr } from "../../../i18n";
import { can } from "../../../session";
import { AssigneesControl } from "./AssigneesControl";
import { FieldsControl } from "./FieldsControl";
import { ReplyBox } from "./ReplyBox";
import { ConfirmationSection, CustomerSection, UnaskedSection } from "./SideSections";
import { StatusControl } from "./StatusControl";
import { TitleEditor } from "./TitleEditor";

/** One ticket: its header and properties, the timeline and reply box, files, links and SLA. */
export function TicketDetailPage() {
  const params = useParams();
  const now = useNow();
  const [ticket, setTicket] = createSignal<Ticket>();
  const [loadError, setLoadError] = createSignal<{ status: number; message: string }>();
  const [comments, setComments] = createSignal<Comment[]>([]);
  const [events, setEvents] = createSignal<TicketEvent[]>([]);
  const [links, setLinks] = createSignal<TicketLink[]>();
  const [linksError, setLinksError] = createSignal<string>();
  const [files, setFiles] = createSignal<Attachment[]>();
  const [filesError, setFilesError] = createSignal<string>();
  const [confirmation, setConfirmation] = createSignal<Confirmation>();
  const [customer, setCustomer] = createSignal<CustomerContext>();
  const accountName = (id: string) => customer()?.accounts.find((a) => a.id === id)?.name;
  const [types, setTypes] = createSignal<TicketType[]>([]);
  const [transitions, setTransitions] = createSignal<Transition[]>();
  const [mergedInto, setMergedInto] = createSignal<{ id: string; number: string }>();
  const [activityError, setActivityError] = createSignal<string>();

  createEffect(() => useTitle(ticket() ? `${ticket()?.number} ${ticket()?.title}` : tr("ticket.title")));
  const readOnly = () => ticket()?.status === "merged" || !can("support:ticket:update");
  const typeName = (id: string) => types().find((t) => t.id === id)?.name ?? tr("ticket.unknownType");
  const numbers = createMemo(() => new Map((links() ?? []).map((l) => [l.ticket.id, l.ticket.number])));
  /** Closed when resolved because nobody could be asked to confirm (the newest resolution says so). */
  const closedUnasked = () =>
    ticket()?.status === "closed" &&
    (events().findLast((e) => e.kind === "resolved")?.to as { confirmation?: string } | null)?.confirmation ===
      "nobody_to_ask";

  const loadActivity = async (id: string) => {
    try {
      const [c, e] = await Promise.all([ticketApi.comments(id), ticketApi.events(id)]);
      setComments(c);
      setEvents(e);
      setActivityError(undefined);
      void loadStaff([
        ...c.map((x) => x.authorId),
        ...e.flatMap((x) => {
          const to = (x.to ?? {}) as { primaryAssigneeId?: string; assigneeIds?: string[] };
          return [x.actor.type === "user" ? x.actor.id : null, to.primaryAssigneeId, ...(to.assigneeIds ?? [])];
        }),
      ]);
    } catch (failure) {
      setActivityError(errorMessage(failure));
    }
  };
  const loadLinks = async (id: string) => {
    try {
      setLinks(await ticketApi.links(id));
      setLinksError(undefined);
    } catch (failure) {
      setLinksError(tr("ticket.linksFailed", { error: errorMessage(failure) }));
    }
  };
  const loadFiles = async (id: string) => {
    try {
      const items = await ticketApi.attachments(id);
      setFiles(items);
      setFilesError(undefined);
      void loadStaff(items.map((a) => a.createdById));
    } catch (failure) {
      setFilesError(tr("ticket.filesFailed", { error: errorMessage(failure) }));
    }
  };
  /** A reply's file: a short-lived link, saved without leaving the page. */
  const download = async (a: Attachment) => {
    try {
      const { url } = await ticketApi.download(ticket()?.id ?? "", a.id);
      const link = document.createElement("a");
      link.href = url;
      link.download = a.filename;
      link.target = "_blank";
      link.rel = "noopener";
      document.body.append(link);
      link.click();
      link.remove();
    } catch (failure) {
      setFilesError(tr("widgets.files.downloadFailed", { name: a.filename, error: errorMessage(failure) }));
    }
  };
  const loadConfirmation = async (id: string) => {
    try {
      // null: the ticket was never resolved to the customer, so there is nothing to show.
      setConfirmation((await ticketApi.confirmation(id)) ?? undefined);
    } catch {
      // A failure leaves the section out; the rest of the page does not depend on it.
      setConfirmation(undefined);
    }
  };

  const adopt = (t: Ticket) => {
    setTicket(t);
    void loadStaff([t.primaryAssigneeId, ...t.assigneeIds, t.createdById]);
    if (t.status === "merged" && t.mergedIntoId) {
      ticketApi
        .get(t.mergedIntoId)
        .then((target) => setMergedInto({ id: target.id, number: target.number }))
        .catch(() => setMergedInto({ id: t.mergedIntoId as string, number: "" }));
    } else {
      setMergedInto(undefined);
    }
  };

  const load = async (ref: string) => {
    setLoadError(undefined);
    try {
      const t = await ticketApi.get(ref);
      setCustomer(t.customer);
      adopt(t);
      await Promise.all([loadActivity(t.id), loadLinks(t.id), loadFiles(t.id), loadConfirmation(t.id)]);
    } catch (failure) {
      setTicket(undefined);
      setLoadError({
        status: failure instanceof ApiError ? failure.status : 0,
        message: errorMessage(failure),
      });
    }
  };

  /** After a change: the new ticket at once, then its log (and the rest that may have moved). */
  const changed = (t: Ticket) => {
    adopt({ ...t, sla: ticket()?.sla ?? null });
    void ticketApi.get(t.id).then(
      (read) => {
        setCustomer(read.customer);
        adopt(read);
      },
      () => {},
    );
    void loadActivity(t.id);
    void loadConfirmation(t.id);
  };

  createEffect(
    on(
      () => params.ref,
      (ref) => {
        setTicket(undefined);
        setCustomer(undefined);
        setLinks(undefined);
        setFiles(undefined);
        setComments([]);
        setEvents([]);
        if (ref) void load(ref);
      },
    ),
  );
  void ticketApi.types().then(
    (items) => setTypes(items),
    () => {},
  );
  // Without the transition table every status is offered, and the server's refusal says what is allowed.
  void ticketApi.transitions().then(
    (items) => setTransitions(items),
    () => setTransitions(undefined),
  );

  return (
    <div class="page tk-page">
      <Switch>
        <Match when={loadError()}>
          {(failure) => (
            <>
              <p class="tk-crumb">
                <A href="/tickets">{tr("ticket.crumb")}</A> /
              </p>
              <Show
                when={failure().status === 404}
                fallback={
                  <ErrorState
                    title={tr("ticket.loadFailed")}
                    detail={failure().message}
                    onRetry={() => params.ref && load(params.ref)}
                  />
                }
              >
                <div class="panel tk-missing" role="alert">
                  <h1>{tr("ticket.notFound", { ref: params.ref ?? "" })}</h1>
                  <p class="muted">{tr("ticket.notFoundBody")}</p>
                  <A href="/tickets" class="btn btn-secondary">
                    {tr("ticket.back")}
                  </A>
                </div>
              </Show>
            </>
          )}
        </Match>
        <Match when={ticket()}>
          {(t) => (
            <>
              <div class="tk-detail-head">
                <p class="tk-crumb">
                  <A href="/tickets">{tr("ticket.crumb")}</A> / <span class="tk-number">{t().number}</span>
                </p>
                <TitleEditor
                  ticket={t()}
                  readOnly={readOnly()}
                  onSave={async (title) => changed(await ticketApi.patch(t().id, { title }))}
                />
                <div class="tk-head-meta">
                  <StatusChip status={t().status} />
                  <PriorityLabel priority={t().priority} />
                  <Show when={t().ticketTypeId}>
                    <span>{typeName(t().ticketTypeId as string)}</span>
                  </Show>
                  <Show when={t().channel}>
                    <span class="muted">
                      {tr("ticket.via", { channel: channelLabel(t().channel as TicketChannel) })}
                    </span>
                  </Show>
                  <span class="muted">
                    {tr("ticket.opened")} <RelativeTime at={t().createdAt} now={now()} />
                    <Show when={t().createdById}>
                      {" "}
                      {tr("ticket.by", {
                        name: accountName(t().createdById as string) ?? staffName(t().createdById),
                      })}
                    </Show>
                  </span>
                </div>
                <Show when={t().tags.length > 0}>
                  <ul class="tk-chips" aria-label={tr("ticket.tags")}>
                    <For each={t().tags}>{(tag) => <li class="tk-chip tk-tag">{tag}</li>}</For>
                  </ul>
                </Show>
              </div>

              <Show when={t().status === "merged"}>
                <div class="alert alert-info tk-merged" role="status">
                  {tr("ticket.mergedInto")}{" "}
                  <Show when={mergedInto()} fallback={tr("ticket.anotherTicket")}>
                    {(m) => (
                      <A href={`/tickets/${encodeURIComponent(m().number || m().id)}`}>
                        {m().number || tr("ticket.anotherTicket")}
                      </A>
                    )}
                  </Show>
                  {tr("ticket.mergedReadOnly")}
                </div>
              </Show>

              <div class="tk-detail">
                <div class="tk-main">
                  <Show when={t().description}>
                    <section class="panel tk-description" aria-label={tr("ticket.description")}>
                      <p class="tk-body">{t().description}</p>
                    </section>
                  </Show>
                  <section class="panel tk-activity" aria-labelledby="activity-title">
                    <div class="panel-head">
                      <h2 id="activity-title" class="panel-title">
                        {tr("ticket.activity")}
                      </h2>
                    </div>
                    <ErrorAlert
                      message={activityError() && tr("ticket.timelineFailed", { error: activityError() ?? "" })}
                    />
                    <Timeline
                      comments={comments()}
                      events={events()}
                      now={now()}
                      typeName={typeName}
                      numberOf={(id) => numbers().get(id)}
                      accountName={accountName}
                      attachments={files()}
                      onDownload={(a) => void download(a)}
                    />
                  </section>
                  <Show when={!readOnly()}>
                    <ReplyBox
                      ticket={t()}
                      onSent={() => {
                        changed(t());
                        void loadFiles(t().id);
                      }}
                    />
                  </Show>
                </div>

                <aside class="tk-side" aria-label={tr("ticket.details")}>
                  <section class="tk-side-section" aria-label={tr("ticket.statusAndAssignment")}>
                    <StatusControl
                      ticket={t()}
                      transitions={transitions()}
                      readOnly={readOnly()}
                      confirmsResolution={customer()?.confirmsResolution}
                      onChanged={changed}
                    />
                    <AssigneesControl ticket={t()} readOnly={readOnly()} onChanged={changed} />
                    <Show when={can("operations:work_order:create")}>
                      <A class="btn btn-secondary btn-small" href={`/work-orders/new?ticket=${t().id}`}>
                        {tr("ticket.createWorkOrder")}
                      </A>
                    </Show>
                  </section>
                  <CustomerSection customer={customer()} />
                  <SlaSection ticket={t()} />
                  <Show when={confirmation()} fallback={<Show when={closedUnasked()}>{<UnaskedSection />}</Show>}>
                    {(c) => <ConfirmationSection confirmation={c()} now={now()} />}
                  </Show>
                  <section class="tk-side-section" aria-labelledby="fields-title">
                    <h2 id="fields-title" class="tk-side-title">
                      {tr("ticket.detailsTitle")}
                    </h2>
                    <FieldsControl ticket={t()} types={types()} readOnly={readOnly()} onChanged={changed} />
                  </section>
                  <LinksPanel
                    ticket={t()}
                    links={links()}
                    error={linksError()}
                    readOnly={readOnly()}
                    onChanged={() => {
                      void loadLinks(t().id);
                      void loadActivity(t().id);
                    }}
                  />
                  <AttachmentsPanel
                    ticket={t()}
                    items={files()}
                    error={filesError()}
                    readOnly={readOnly()}
                    now={now()}
                    onChanged={() => {
                      void loadFiles(t().id);
                      void loadActivity(t().id);
                    }}
                  />
                </aside>
              </div>
            </>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <For each={[1, 2, 3, 4]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
