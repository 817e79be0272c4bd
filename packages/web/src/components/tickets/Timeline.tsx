import { For, type JSX, Match, Show, Switch } from "solid-js";
import { fileSize } from "../../format";
import { t } from "../../i18n";
import { DownloadIcon } from "../icons";
import { RelativeTime } from "../ui";
import type { Attachment, Comment, LinkKind, TicketEvent, TicketPriority, TicketStatus } from "./api";
import { linkKinds } from "./api";
import { linkKindLabel, priorityLabel, statusLabel, ticketPriorities, ticketStatuses } from "./labels";
import { staffMember, staffName } from "./staff";

type Entry = { at: string; key: string } & ({ comment: Comment } | { event: TicketEvent });

/** Events the comments already show (a first public reply is that reply). */
const hidden = new Set(["first_response"]);

/** Who did something: a staff user or the customer's portal account by name, else what kind of actor it was. */
export function actorName(actor: TicketEvent["actor"], accountName?: (id: string) => string | undefined): string {
  if (actor.type === "user" && actor.id)
    return staffMember(actor.id)?.name ?? accountName?.(actor.id) ?? t("ticket.timeline.aCustomer");
  if (actor.type === "system") return t("ticket.timeline.system");
  if (actor.type === "apiKey" || actor.type === "webhook") return t("ticket.timeline.integration");
  return t("ticket.timeline.someone");
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isStatus = (v: unknown): v is TicketStatus => ticketStatuses.includes(v as TicketStatus);
const isLinkKind = (v: string): v is LinkKind => (linkKinds as readonly string[]).includes(v);
const isPriority = (v: unknown): v is TicketPriority => ticketPriorities.includes(v as TicketPriority);

function assignedText(to: unknown, from: unknown, actor: TicketEvent["actor"]): string {
  const value = rec(to);
  const before = rec(from);
  const primary = str(value.primaryAssigneeId);
  const others = Array.isArray(value.assigneeIds) ? (value.assigneeIds as string[]) : [];
  if (!primary && others.length === 0) return t("ticket.timeline.removedAll");
  // Taking a ticket: "Ayo took the ticket", not "Ayo assigned Ayo".
  const unassignedBefore = !str(before.primaryAssigneeId);
  if (unassignedBefore && others.length === 0 && actor.type === "user" && actor.id === primary)
    return t("ticket.timeline.took");
  const names = others.map((id) => staffName(id)).join(", ");
  if (!primary) return t("ticket.timeline.setAssignees", { names });
  return others.length > 0
    ? t("ticket.timeline.assignedWith", { name: staffName(primary), others: names })
    : t("ticket.timeline.assigned", { name: staffName(primary) });
}

/** One event as a sentence; unknown kinds still read sensibly. */
function describe(
  e: TicketEvent,
  typeName: (id: string) => string,
  numberOf: (id: string) => string | undefined,
): JSX.Element {
  const to = rec(e.to);
  const from = rec(e.from);
  const other = str(to.ticketId) ?? str(from.ticketId);
  const number = str(to.number) ?? str(from.number) ?? (other ? numberOf(other) : undefined);
  const kind = str(to.kind) ?? str(from.kind);
  switch (e.kind) {
    case "created":
      return t("ticket.timeline.created");
    case "status_changed":
      return (
        <>
          {t("ticket.timeline.statusFrom")} <strong>{isStatus(e.from) ? statusLabel(e.from) : String(e.from)}</strong>{" "}
          {t("ticket.timeline.to")} <strong>{isStatus(e.to) ? statusLabel(e.to) : String(e.to)}</strong>
        </>
      );
    case "priority_changed":
      return (
        <>
          {t("ticket.timeline.priorityFrom")} {isPriority(e.from) ? priorityLabel(e.from) : String(e.from)}{" "}
          {t("ticket.timeline.to")} <strong>{isPriority(e.to) ? priorityLabel(e.to) : String(e.to)}</strong>
        </>
      );
    case "type_changed":
      return (
        <>
          {t("ticket.timeline.typeTo")}{" "}
          <strong>{typeof e.to === "string" ? typeName(e.to) : t("ticket.timeline.none")}</strong>
        </>
      );
    case "assigned":
      return assignedText(e.to, e.from, e.actor);
    case "resolved":
      return to.confirmation === "nobody_to_ask" ? t("ticket.timeline.resolvedClosed") : t("ticket.timeline.resolved");
    case "reopened":
      return t("ticket.timeline.reopened");
    case "merged":
      return number ? t("ticket.timeline.mergedInto", { number }) : t("ticket.timeline.mergedIntoAnother");
    case "merged_from":
      return number ? t("ticket.timeline.mergedFrom", { number }) : t("ticket.timeline.mergedFromAnother");
    case "linked":
      return kind && isLinkKind(kind)
        ? t("ticket.timeline.linkedKind", { number: number ?? t("ticket.timeline.aTicket"), kind: linkKindLabel(kind) })
        : t("ticket.timeline.linked", { number: number ?? t("ticket.timeline.aTicket") });
    case "unlinked":
      return number ? t("ticket.timeline.unlinked", { number }) : t("ticket.timeline.unlinkedAny");
    case "attachment_added":
      return str(to.filename)
        ? t("ticket.timeline.attached", { name: String(to.filename) })
        : t("ticket.timeline.attachedAny");
    case "confirmation_sent":
      return str(to.email)
        ? t("ticket.timeline.confirmationSentTo", { email: String(to.email) })
        : t("ticket.timeline.confirmationSent");
    case "confirmed":
      return to.outcome === "auto_confirmed" ? t("ticket.timeline.autoConfirmed") : t("ticket.timeline.confirmed");
    case "disputed":
      return str(to.reason)
        ? t("ticket.timeline.disputedReason", { reason: String(to.reason) })
        : t("ticket.timeline.disputed");
    case "deleted":
      return t("ticket.timeline.deleted");
    default:
      return String(e.kind).replaceAll("_", " ");
  }
}

/** Comments and the event log in one time order; internal notes look different from public replies. */
export function Timeline(props: {
  comments: Comment[];
  events: TicketEvent[];
  now: number;
  typeName: (id: string) => string;
  numberOf: (id: string) => string | undefined;
  /** Names of the customer's portal accounts, from the ticket's customer context. */
  accountName?: (id: string) => string | undefined;
  /** The ticket's files: each one sent with a reply shows under that reply. */
  attachments?: Attachment[];
  onDownload?: (attachment: Attachment) => void;
}) {
  const filesOf = (commentId: string) => (props.attachments ?? []).filter((a) => a.commentId === commentId);
  const entries = (): Entry[] =>
    [
      // At the same instant the change reads before the note written with it ("closed", then why).
      ...props.comments.map((c) => ({ at: c.createdAt, key: `b:${c.id}`, comment: c })),
      ...props.events.filter((e) => !hidden.has(e.kind)).map((e) => ({ at: e.at, key: `a:${e.id}`, event: e })),
    ].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));

  return (
    <Show when={entries().length > 0} fallback={<p class="muted tk-empty-line">{t("ticket.timeline.empty")}</p>}>
      <ol class="tk-timeline" aria-label={t("ticket.timeline.label")}>
        <For each={entries()}>
          {(entry) => (
            <Switch>
              <Match when={"comment" in entry && entry.comment}>
                {(c) => (
                  <li class={c().isInternal ? "tk-entry tk-comment tk-internal" : "tk-entry tk-comment tk-public"}>
                    <div class="tk-entry-head">
                      <strong>
                        {c().authorId
                          ? (staffMember(c().authorId as string)?.name ??
                            props.accountName?.(c().authorId as string) ??
                            t("ticket.timeline.customer"))
                          : t("ticket.timeline.customer")}
                      </strong>
                      <span class={c().isInternal ? "tk-kind tk-kind-internal" : "tk-kind tk-kind-public"}>
                        {c().isInternal ? t("ticket.internalNote") : t("ticket.publicReply")}
                      </span>
                      <span class="muted">
                        <RelativeTime at={c().createdAt} now={props.now} />
                      </span>
                    </div>
                    <p class="tk-body">{c().body}</p>
                    <Show when={filesOf(c().id).length > 0}>
                      <ul class="tk-comment-files" aria-label={t("ticket.commentFiles")}>
                        <For each={filesOf(c().id)}>
                          {(a) => (
                            <li>
                              <button
                                type="button"
                                class="btn-link tk-file-name"
                                onClick={() => props.onDownload?.(a)}
                                aria-label={t("widgets.files.download", { name: a.filename })}
                              >
                                <DownloadIcon />
                                {a.filename}
                              </button>{" "}
                              <span class="muted">{fileSize(a.size)}</span>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </li>
                )}
              </Match>
              <Match when={"event" in entry && entry.event}>
                {(e) => (
                  <li class="tk-entry tk-event">
                    <span class="tk-event-dot" aria-hidden="true" />
                    <span>
                      <Show when={!["confirmed", "disputed"].includes(e().kind)}>
                        <strong>{actorName(e().actor, props.accountName)}</strong>{" "}
                      </Show>
                      {describe(e(), props.typeName, props.numberOf)}
                      <span class="muted tk-event-time">
                        <RelativeTime at={e().at} now={props.now} />
                      </span>
                    </span>
                  </li>
                )}
              </Match>
            </Switch>
          )}
        </For>
      </ol>
    </Show>
  );
}
