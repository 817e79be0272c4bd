import { For, type JSX, Match, Show, Switch } from "solid-js";
import { RelativeTime } from "../ui";
import type { Comment, TicketEvent, TicketPriority, TicketStatus } from "./api";
import { priorityLabel, statusLabel, ticketPriorities, ticketStatuses } from "./labels";
import { staffMember, staffName } from "./staff";

type Entry = { at: string; key: string } & ({ comment: Comment } | { event: TicketEvent });

/** Events the comments already show (a first public reply is that reply). */
const hidden = new Set(["first_response"]);

/** Who did something: a staff user by name, else what kind of actor it was. */
export function actorName(actor: TicketEvent["actor"]): string {
  if (actor.type === "user" && actor.id) return staffMember(actor.id)?.name ?? "A customer";
  if (actor.type === "system") return "The system";
  if (actor.type === "apiKey" || actor.type === "webhook") return "An integration";
  return "Someone";
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isStatus = (v: unknown): v is TicketStatus => ticketStatuses.includes(v as TicketStatus);
const isPriority = (v: unknown): v is TicketPriority => ticketPriorities.includes(v as TicketPriority);

function assignedText(to: unknown): string {
  const t = rec(to);
  const primary = str(t.primaryAssigneeId);
  const others = Array.isArray(t.assigneeIds) ? (t.assigneeIds as string[]) : [];
  if (!primary && others.length === 0) return "removed every assignee";
  const rest = others.length > 0 ? ` with ${others.map((id) => staffName(id)).join(", ")}` : "";
  return primary ? `assigned ${staffName(primary)}${rest}` : `set the assignees to ${others.map(staffName).join(", ")}`;
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
      return "opened the ticket";
    case "status_changed":
      return (
        <>
          changed the status from <strong>{isStatus(e.from) ? statusLabel(e.from) : String(e.from)}</strong> to{" "}
          <strong>{isStatus(e.to) ? statusLabel(e.to) : String(e.to)}</strong>
        </>
      );
    case "priority_changed":
      return (
        <>
          changed the priority from {isPriority(e.from) ? priorityLabel(e.from) : String(e.from)} to{" "}
          <strong>{isPriority(e.to) ? priorityLabel(e.to) : String(e.to)}</strong>
        </>
      );
    case "type_changed":
      return (
        <>
          changed the type to <strong>{typeof e.to === "string" ? typeName(e.to) : "none"}</strong>
        </>
      );
    case "assigned":
      return assignedText(e.to);
    case "resolved":
      return "resolved the ticket";
    case "reopened":
      return "reopened the ticket";
    case "merged":
      return number ? `merged this ticket into ${number}` : "merged this ticket into another";
    case "merged_from":
      return number ? `merged ${number} into this ticket` : "merged another ticket into this one";
    case "linked":
      return `linked ${number ?? "a ticket"}${kind ? ` (${kind.replace("_", " ")})` : ""}`;
    case "unlinked":
      return number ? `removed the link to ${number}` : "removed a link";
    case "attachment_added":
      return str(to.filename) ? `attached ${String(to.filename)}` : "added an attachment";
    case "confirmation_sent":
      return str(to.email)
        ? `asked the customer (${String(to.email)}) to confirm the resolution`
        : "asked the customer to confirm the resolution";
    case "confirmed":
      return to.outcome === "auto_confirmed"
        ? "The resolution was confirmed automatically after the grace period"
        : "The customer confirmed the resolution";
    case "disputed":
      return str(to.reason)
        ? `The customer disputed the resolution: “${String(to.reason)}”`
        : "disputed the resolution";
    case "deleted":
      return "deleted the ticket";
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
}) {
  const entries = (): Entry[] =>
    [
      // At the same instant the change reads before the note written with it ("closed", then why).
      ...props.comments.map((c) => ({ at: c.createdAt, key: `b:${c.id}`, comment: c })),
      ...props.events.filter((e) => !hidden.has(e.kind)).map((e) => ({ at: e.at, key: `a:${e.id}`, event: e })),
    ].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));

  return (
    <Show when={entries().length > 0} fallback={<p class="muted tk-empty-line">Nothing has happened yet.</p>}>
      <ol class="tk-timeline" aria-label="Timeline">
        <For each={entries()}>
          {(entry) => (
            <Switch>
              <Match when={"comment" in entry && entry.comment}>
                {(c) => (
                  <li class={c().isInternal ? "tk-entry tk-comment tk-internal" : "tk-entry tk-comment tk-public"}>
                    <div class="tk-entry-head">
                      <strong>
                        {c().authorId ? (staffMember(c().authorId as string)?.name ?? "Customer") : "Customer"}
                      </strong>
                      <span class={c().isInternal ? "tk-kind tk-kind-internal" : "tk-kind tk-kind-public"}>
                        {c().isInternal ? "Internal note" : "Public reply"}
                      </span>
                      <span class="muted">
                        <RelativeTime at={c().createdAt} now={props.now} />
                      </span>
                    </div>
                    <p class="tk-body">{c().body}</p>
                  </li>
                )}
              </Match>
              <Match when={"event" in entry && entry.event}>
                {(e) => (
                  <li class="tk-entry tk-event">
                    <span class="tk-event-dot" aria-hidden="true" />
                    <span>
                      <Show when={!["confirmed", "disputed"].includes(e().kind)}>
                        <strong>{actorName(e().actor)}</strong>{" "}
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
