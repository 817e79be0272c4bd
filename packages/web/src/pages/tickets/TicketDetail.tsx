import { A, useParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { ApiError, errorMessage } from "../../api";
import { AlertIcon } from "../../components/icons";
import { AttachmentsPanel } from "../../components/tickets/AttachmentsPanel";
import {
  type Attachment,
  type Comment,
  type Confirmation,
  type Customer,
  call,
  enc,
  FieldError,
  fieldMessage,
  type StaffMember,
  type Ticket,
  type TicketEvent,
  type TicketLink,
  type TicketStatus,
  type TicketType,
  type Transition,
} from "../../components/tickets/api";
import { Combobox } from "../../components/tickets/Combobox";
import { LinksPanel } from "../../components/tickets/LinksPanel";
import {
  channelLabel,
  PriorityLabel,
  priorityLabel,
  StatusChip,
  statusLabel,
  ticketPriorities,
  ticketStatuses,
} from "../../components/tickets/labels";
import { SlaSection } from "../../components/tickets/SlaSection";
import { customerKindLabel, loadStaff, searchStaff, staffName } from "../../components/tickets/staff";
import { Timeline } from "../../components/tickets/Timeline";
import { ErrorState, RelativeTime, Skeleton } from "../../components/ui";
import { absoluteTime, useNow, useTitle } from "../../format";
import { can } from "../../session";

type DetailTicket = Ticket;

function Alert(props: { message: string | undefined; tone?: "error" | "success" }) {
  return (
    <Show when={props.message}>
      <div
        class={props.tone === "success" ? "alert alert-success" : "alert alert-error alert-row"}
        role={props.tone === "success" ? "status" : "alert"}
      >
        <Show when={props.tone !== "success"}>
          <AlertIcon />
        </Show>
        <span>{props.message}</span>
      </div>
    </Show>
  );
}

/** `2026-11-26T09:00` for a datetime-local input, in the browser's time zone. */
const localInput = (iso: string | null) => {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** The title, editable in place. */
function TitleEditor(props: { ticket: Ticket; readOnly: boolean; onSave: (title: string) => Promise<void> }) {
  const [editing, setEditing] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let input: HTMLInputElement | undefined;
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const title = String(new FormData(event.currentTarget as HTMLFormElement).get("title") ?? "").trim();
    setBusy(true);
    setError(undefined);
    try {
      await props.onSave(title);
      setEditing(false);
    } catch (failure) {
      setError(fieldMessage(failure, "title") ?? errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show
      when={editing()}
      fallback={
        <div class="tk-title-row">
          <h1 class="tk-heading">{props.ticket.title}</h1>
          <Show when={!props.readOnly}>
            <button
              type="button"
              class="btn btn-secondary btn-small"
              onClick={() => {
                setEditing(true);
                queueMicrotask(() => input?.select());
              }}
            >
              Edit title
            </button>
          </Show>
        </div>
      }
    >
      <form class="field inline-form tk-title-form" onSubmit={save}>
        <label for="tk-title-input" class="sr-only">
          Title
        </label>
        <input
          id="tk-title-input"
          ref={input}
          name="title"
          required
          maxLength={300}
          value={props.ticket.title}
          aria-invalid={error() ? "true" : undefined}
          aria-describedby={error() ? "tk-title-error" : undefined}
          onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
        />
        <button type="submit" class="btn btn-primary" disabled={busy()}>
          {busy() ? "Saving…" : "Save title"}
        </button>
        <button type="button" class="btn btn-secondary" onClick={() => setEditing(false)}>
          Cancel
        </button>
        <Show when={error()}>
          <span id="tk-title-error" class="tk-field-error">
            {error()}
          </span>
        </Show>
      </form>
    </Show>
  );
}

/** Moves the ticket along the allowed transitions; a transition that needs a note asks for one. */
function StatusControl(props: {
  ticket: Ticket;
  transitions: Transition[] | undefined;
  readOnly: boolean;
  onChanged: (ticket: Ticket) => void;
}) {
  const [target, setTarget] = createSignal<TicketStatus | "">("");
  const [needsNote, setNeedsNote] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  let noteInput: HTMLTextAreaElement | undefined;

  /** From the transition table when it could be read; otherwise every status, and the server decides. */
  const allowed = (): Transition[] => {
    const from = props.ticket.status;
    const table = props.transitions;
    if (table && table.length > 0) return table.filter((t) => t.from === from && t.active !== false);
    return ticketStatuses.filter((s) => s !== from && s !== "merged").map((to) => ({ from, to, requiresNote: false }));
  };

  const change = async (status: TicketStatus, note?: string) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const updated = await call<Ticket>("POST", `/api/v1/tickets/${props.ticket.id}/status`, {
        status,
        ...(note ? { note } : {}),
      });
      setTarget("");
      setNeedsNote(false);
      props.onChanged(updated);
    } catch (error) {
      setFailure(error);
      if (fieldMessage(error, "note")) {
        setNeedsNote(true);
        queueMicrotask(() => noteInput?.focus());
      }
    } finally {
      setBusy(false);
    }
  };

  const pick = (value: string) => {
    const status = value as TicketStatus;
    setTarget(status);
    setFailure(undefined);
    if (!value) return setNeedsNote(false);
    const rule = allowed().find((t) => t.to === status);
    if (rule?.requiresNote) {
      setNeedsNote(true);
      queueMicrotask(() => noteInput?.focus());
    } else {
      void change(status);
    }
  };

  const submitNote = (event: SubmitEvent) => {
    event.preventDefault();
    const note = String(new FormData(event.currentTarget as HTMLFormElement).get("note") ?? "").trim();
    const status = target();
    if (status) void change(status, note);
  };

  const noteError = () => fieldMessage(failure(), "note");

  return (
    <div class="tk-status">
      <div class="field">
        <label for="tk-status">Status</label>
        <select
          id="tk-status"
          value={target()}
          disabled={props.readOnly || busy()}
          onChange={(e) => pick(e.currentTarget.value)}
        >
          <option value="">{statusLabel[props.ticket.status]} (current)</option>
          <For each={allowed()}>
            {(t) => (
              <option value={t.to}>
                {statusLabel[t.to]}
                {t.requiresNote ? " — needs a note" : ""}
              </option>
            )}
          </For>
        </select>
      </div>
      <Show when={needsNote() && target()}>
        <form class="tk-note-form" onSubmit={submitNote}>
          <div class="field">
            <label for="tk-status-note">Note for {statusLabel[target() as TicketStatus]} (required)</label>
            <textarea
              id="tk-status-note"
              ref={noteInput}
              name="note"
              rows={3}
              required
              maxLength={20000}
              aria-invalid={noteError() ? "true" : undefined}
              aria-describedby="tk-status-note-hint"
            />
            <span id="tk-status-note-hint" class={noteError() ? "tk-field-error" : "field-hint"}>
              {noteError() ?? "Saved on the ticket as an internal note."}
            </span>
          </div>
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy()}>
              {busy() ? "Changing…" : "Change status"}
            </button>
            <button
              type="button"
              class="btn btn-secondary btn-small"
              onClick={() => {
                setTarget("");
                setNeedsNote(false);
                setFailure(undefined);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      </Show>
      <Alert message={failure() && !noteError() ? errorMessage(failure()) : undefined} />
    </div>
  );
}

/** Primary assignee and the others, changed through the assign route. */
function AssigneesControl(props: { ticket: Ticket; readOnly: boolean; onChanged: (ticket: Ticket) => void }) {
  const [error, setError] = createSignal<string>();
  const [picking, setPicking] = createSignal<"primary" | "other">();
  const assign = async (body: { primaryAssigneeId?: string | null; assigneeIds?: string[] }) => {
    setError(undefined);
    try {
      props.onChanged(await call<Ticket>("POST", `/api/v1/tickets/${props.ticket.id}/assign`, body));
      setPicking(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const others = () => props.ticket.assigneeIds;
  return (
    <div class="tk-assignees">
      <div class="tk-prop">
        <span class="tk-prop-label">Primary assignee</span>
        <span class="tk-prop-value">
          <Show when={props.ticket.primaryAssigneeId} fallback={<span class="muted">Unassigned</span>}>
            {staffName(props.ticket.primaryAssigneeId)}
          </Show>
        </span>
        <Show when={!props.readOnly && can("support:ticket:assign")}>
          <span class="button-row">
            <button type="button" class="btn-link" onClick={() => setPicking("primary")}>
              {props.ticket.primaryAssigneeId ? "Change" : "Assign"}
            </button>
            <Show when={props.ticket.primaryAssigneeId}>
              <button type="button" class="btn-link" onClick={() => assign({ primaryAssigneeId: null })}>
                Unassign
              </button>
            </Show>
          </span>
        </Show>
      </div>
      <div class="tk-prop">
        <span class="tk-prop-label">Also assigned</span>
        <span class="tk-prop-value">
          <Show when={others().length > 0} fallback={<span class="muted">Nobody else</span>}>
            <ul class="tk-chips">
              <For each={others()}>
                {(id) => (
                  <li class="tk-chip">
                    {staffName(id)}
                    <Show when={!props.readOnly && can("support:ticket:assign")}>
                      <button
                        type="button"
                        class="tk-chip-remove"
                        aria-label={`Remove ${staffName(id)}`}
                        onClick={() => assign({ assigneeIds: others().filter((o) => o !== id) })}
                      >
                        ×
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </span>
        <Show when={!props.readOnly && can("support:ticket:assign")}>
          <button type="button" class="btn-link" onClick={() => setPicking("other")}>
            Add
          </button>
        </Show>
      </div>
      <Show when={picking()}>
        {(which) => (
          <div class="tk-assign-pick">
            <Combobox
              id="tk-assign"
              label={which() === "primary" ? "New primary assignee" : "Add an assignee"}
              placeholder="Name or email"
              search={searchStaff}
              key={(s: StaffMember) => s.id}
              text={(s) => s.name}
              detail={(s) => s.email}
              empty="No staff user matches"
              inputRef={(el) => queueMicrotask(() => el.focus())}
              onPick={(s) =>
                assign(
                  which() === "primary"
                    ? { primaryAssigneeId: s.id }
                    : { assigneeIds: [...new Set([...others(), s.id])] },
                )
              }
            />
            <button type="button" class="btn-link" onClick={() => setPicking(undefined)}>
              Cancel
            </button>
          </div>
        )}
      </Show>
      <Alert message={error()} />
    </div>
  );
}

/** Priority, type, team, region and due date, each saved as it changes. */
function FieldsControl(props: {
  ticket: Ticket;
  types: TicketType[];
  readOnly: boolean;
  onChanged: (ticket: Ticket) => void;
}) {
  const [error, setError] = createSignal<string>();
  const [saved, setSaved] = createSignal<string>();
  const patch = async (what: string, body: Record<string, unknown>) => {
    setError(undefined);
    setSaved(undefined);
    try {
      props.onChanged(await call<Ticket>("PATCH", `/api/v1/tickets/${props.ticket.id}`, body));
      setSaved(`${what} saved.`);
    } catch (failure) {
      setError(
        failure instanceof FieldError
          ? failure.fields.map((f) => `${f.path}: ${f.message}`).join("; ")
          : errorMessage(failure),
      );
    }
  };
  const saveText = (field: "serviceTeam" | "region", what: string) => (event: SubmitEvent) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get(field) ?? "").trim();
    void patch(what, { [field]: value || null });
  };
  return (
    <div class="tk-fields">
      <div class="field">
        <label for="tk-priority">Priority</label>
        <select
          id="tk-priority"
          value={props.ticket.priority}
          disabled={props.readOnly}
          onChange={(e) => patch("Priority", { priority: e.currentTarget.value })}
        >
          <For each={ticketPriorities}>{(p) => <option value={p}>{priorityLabel[p]}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for="tk-type">Type</label>
        <select
          id="tk-type"
          value={props.ticket.ticketTypeId ?? ""}
          disabled={props.readOnly}
          onChange={(e) => patch("Type", { ticketTypeId: e.currentTarget.value || null })}
        >
          <option value="">No type</option>
          <For each={props.types}>
            {(t) => (
              <option value={t.id} selected={t.id === props.ticket.ticketTypeId}>
                {t.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <form class="field" onSubmit={saveText("serviceTeam", "Team")}>
        <label for="tk-team">Team</label>
        <span class="tk-inline">
          <input
            id="tk-team"
            name="serviceTeam"
            maxLength={100}
            value={props.ticket.serviceTeam ?? ""}
            disabled={props.readOnly}
          />
          <Show when={!props.readOnly}>
            <button type="submit" class="btn btn-secondary btn-small" aria-label="Save team">
              Save
            </button>
          </Show>
        </span>
      </form>
      <form class="field" onSubmit={saveText("region", "Region")}>
        <label for="tk-region">Region</label>
        <span class="tk-inline">
          <input
            id="tk-region"
            name="region"
            maxLength={100}
            value={props.ticket.region ?? ""}
            disabled={props.readOnly}
          />
          <Show when={!props.readOnly}>
            <button type="submit" class="btn btn-secondary btn-small" aria-label="Save region">
              Save
            </button>
          </Show>
        </span>
      </form>
      <form
        class="field"
        onSubmit={(event) => {
          event.preventDefault();
          const due = String(new FormData(event.currentTarget).get("dueAt") ?? "");
          void patch("Due date", { dueAt: due ? new Date(due).toISOString() : null });
        }}
      >
        <label for="tk-due">Due</label>
        <span class="tk-inline">
          <input
            id="tk-due"
            name="dueAt"
            type="datetime-local"
            value={localInput(props.ticket.dueAt)}
            disabled={props.readOnly}
          />
          <Show when={!props.readOnly}>
            <button type="submit" class="btn btn-secondary btn-small" aria-label="Save due date">
              Save
            </button>
          </Show>
        </span>
      </form>
      <p class="sr-only" role="status" aria-live="polite">
        {saved()}
      </p>
      <Alert message={error()} />
    </div>
  );
}

/** A public reply to the customer or an internal note for staff. */
function ReplyBox(props: { ticket: Ticket; onSent: () => void }) {
  const [internal, setInternal] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = String(new FormData(form).get("body") ?? "").trim();
    if (!body) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await call<Comment>("POST", `/api/v1/tickets/${props.ticket.id}/comments`, { body, isInternal: internal() });
      form.reset();
      setNotice(internal() ? "Internal note added." : "Reply sent.");
      props.onSent();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class={internal() ? "panel tk-reply tk-reply-internal" : "panel tk-reply"} onSubmit={submit}>
      <fieldset class="tk-toggle">
        <legend class="sr-only">Who sees it</legend>
        <label class={internal() ? "tk-toggle-option" : "tk-toggle-option active"}>
          <input type="radio" name="visibility" checked={!internal()} onChange={() => setInternal(false)} />
          Public reply
        </label>
        <label class={internal() ? "tk-toggle-option active" : "tk-toggle-option"}>
          <input type="radio" name="visibility" checked={internal()} onChange={() => setInternal(true)} />
          Internal note
        </label>
      </fieldset>
      <div class="field">
        <label for="tk-reply-body" class="sr-only">
          {internal() ? "Internal note" : "Public reply"}
        </label>
        <textarea
          id="tk-reply-body"
          name="body"
          rows={4}
          required
          maxLength={20000}
          placeholder={internal() ? "Only staff see this note" : "The customer sees this reply"}
          aria-describedby="tk-reply-hint"
        />
        <span id="tk-reply-hint" class="field-hint">
          Mention a colleague with <code>@their.email@example.com</code>; they are notified.
          {internal() ? " Internal notes are never shown to the customer." : ""}
        </span>
      </div>
      <Alert message={error()} />
      <p class="sr-only" role="status" aria-live="polite">
        {notice()}
      </p>
      <div class="tk-reply-actions">
        <button type="submit" class="btn btn-primary" disabled={busy()}>
          {busy() ? "Sending…" : internal() ? "Add internal note" : "Send reply"}
        </button>
      </div>
    </form>
  );
}

/** Who the ticket is for: its subscriber, person and organisation, as the directory labels them. */
function CustomerSection(props: { ticket: Ticket }) {
  const [items, setItems] = createSignal<Customer[]>();
  const [error, setError] = createSignal<string>();
  createEffect(
    on(
      () => [props.ticket.subscriberId, props.ticket.personId, props.ticket.organizationId] as const,
      async ([subscriberId, personId, organizationId]) => {
        setError(undefined);
        if (!subscriberId && !personId && !organizationId) return setItems([]);
        const query = new URLSearchParams();
        if (subscriberId) query.set("subscriberId", subscriberId);
        if (personId) query.set("personId", personId);
        if (organizationId) query.set("organizationId", organizationId);
        try {
          setItems((await call<{ items: Customer[] }>("GET", `/api/v1/directory/customers?${query}`)).items);
        } catch (failure) {
          setError(`The customer could not be loaded: ${errorMessage(failure)}`);
        }
      },
    ),
  );
  return (
    <section class="tk-side-section" aria-labelledby="customer-title">
      <h2 id="customer-title" class="tk-side-title">
        Customer
      </h2>
      <Show when={error()}>
        <p class="error-text">{error()}</p>
      </Show>
      <Show when={items()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">No customer on this ticket.</p>}>
            <ul class="tk-customers">
              <For each={list()}>
                {(c) => (
                  <li>
                    <span class="tk-combo-tag">{customerKindLabel[c.kind]}</span> <strong>{c.label}</strong>
                    <span class="sub">{c.detail}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}

const confirmationLabel: Record<Confirmation["state"], string> = {
  open: "Waiting for the customer",
  confirmed: "Confirmed by the customer",
  disputed: "Disputed by the customer",
  auto_confirmed: "Confirmed automatically",
  superseded: "Replaced by a newer request",
  expired: "Expired without an answer",
};

function ConfirmationSection(props: { confirmation: Confirmation; now: number }) {
  return (
    <section class="tk-side-section" aria-labelledby="confirm-title">
      <h2 id="confirm-title" class="tk-side-title">
        Customer confirmation
      </h2>
      <p>
        <strong>{confirmationLabel[props.confirmation.state] ?? props.confirmation.state}</strong>
      </p>
      <p class="muted">
        <Show when={props.confirmation.email}>Sent to {props.confirmation.email}. </Show>
        <Show
          when={props.confirmation.decidedAt}
          fallback={
            <>
              Closes automatically <RelativeTimeUntil at={props.confirmation.expiresAt} now={props.now} />.
            </>
          }
        >
          Decided <RelativeTime at={props.confirmation.decidedAt} now={props.now} />.
        </Show>
      </p>
      <Show when={props.confirmation.reason}>
        <blockquote class="tk-quote">{props.confirmation.reason}</blockquote>
      </Show>
    </section>
  );
}

/** "in 23 h" or "on 27 Nov, 10:00"; the exact time on hover. */
function RelativeTimeUntil(props: { at: string; now: number }) {
  const text = () => {
    const ms = new Date(props.at).getTime() - props.now;
    if (ms <= 0) return "any moment now";
    const minutes = Math.round(ms / 60_000);
    if (minutes < 60) return `in ${minutes} min`;
    const hours = Math.round(minutes / 60);
    if (hours < 48) return `in ${hours} h`;
    return `on ${absoluteTime(props.at)}`;
  };
  return (
    <time datetime={props.at} title={absoluteTime(props.at)}>
      {text()}
    </time>
  );
}

/** One ticket: its header and properties, the timeline and reply box, files, links and SLA. */
export function TicketDetailPage() {
  const params = useParams();
  const now = useNow();
  const [ticket, setTicket] = createSignal<DetailTicket>();
  const [loadError, setLoadError] = createSignal<{ status: number; message: string }>();
  const [comments, setComments] = createSignal<Comment[]>([]);
  const [events, setEvents] = createSignal<TicketEvent[]>([]);
  const [links, setLinks] = createSignal<TicketLink[]>();
  const [linksError, setLinksError] = createSignal<string>();
  const [files, setFiles] = createSignal<Attachment[]>();
  const [filesError, setFilesError] = createSignal<string>();
  const [confirmation, setConfirmation] = createSignal<Confirmation>();
  const [types, setTypes] = createSignal<TicketType[]>([]);
  const [transitions, setTransitions] = createSignal<Transition[]>();
  const [mergedInto, setMergedInto] = createSignal<{ id: string; number: string }>();
  const [activityError, setActivityError] = createSignal<string>();

  createEffect(() => useTitle(ticket() ? `${ticket()?.number} ${ticket()?.title}` : "Ticket"));
  const readOnly = () => ticket()?.status === "merged" || !can("support:ticket:update");
  const typeName = (id: string) => types().find((t) => t.id === id)?.name ?? "Unknown type";
  const numbers = createMemo(() => new Map((links() ?? []).map((l) => [l.ticket.id, l.ticket.number])));

  const loadActivity = async (id: string) => {
    try {
      const [c, e] = await Promise.all([
        call<{ items: Comment[] }>("GET", `/api/v1/tickets/${id}/comments`),
        call<{ items: TicketEvent[] }>("GET", `/api/v1/tickets/${id}/events`),
      ]);
      setComments(c.items);
      setEvents(e.items);
      setActivityError(undefined);
      void loadStaff([
        ...c.items.map((x) => x.authorId),
        ...e.items.flatMap((x) => {
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
      setLinks((await call<{ items: TicketLink[] }>("GET", `/api/v1/tickets/${id}/links`)).items);
      setLinksError(undefined);
    } catch (failure) {
      setLinksError(`Links could not be loaded: ${errorMessage(failure)}`);
    }
  };
  const loadFiles = async (id: string) => {
    try {
      const { items } = await call<{ items: Attachment[] }>("GET", `/api/v1/tickets/${id}/attachments`);
      setFiles(items);
      setFilesError(undefined);
      void loadStaff(items.map((a) => a.createdById));
    } catch (failure) {
      setFilesError(`Attachments could not be loaded: ${errorMessage(failure)}`);
    }
  };
  const loadConfirmation = async (id: string) => {
    try {
      setConfirmation(await call<Confirmation>("GET", `/api/v1/tickets/${id}/confirmation`));
    } catch {
      // 404: no confirmation was ever asked for; anything else leaves the section out.
      setConfirmation(undefined);
    }
  };

  const adopt = (t: DetailTicket) => {
    setTicket(t);
    void loadStaff([t.primaryAssigneeId, ...t.assigneeIds, t.createdById]);
    if (t.status === "merged" && t.mergedIntoId) {
      call<Ticket>("GET", `/api/v1/tickets/${t.mergedIntoId}`)
        .then((target) => setMergedInto({ id: target.id, number: target.number }))
        .catch(() => setMergedInto({ id: t.mergedIntoId as string, number: "the other ticket" }));
    } else {
      setMergedInto(undefined);
    }
  };

  const load = async (ref: string) => {
    setLoadError(undefined);
    try {
      const t = await call<DetailTicket>("GET", `/api/v1/tickets/${enc(ref)}`);
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
    void call<DetailTicket>("GET", `/api/v1/tickets/${t.id}`).then(adopt, () => {});
    void loadActivity(t.id);
    void loadConfirmation(t.id);
  };

  createEffect(
    on(
      () => params.ref,
      (ref) => {
        setTicket(undefined);
        setLinks(undefined);
        setFiles(undefined);
        setComments([]);
        setEvents([]);
        if (ref) void load(ref);
      },
    ),
  );
  void call<{ items: TicketType[] }>("GET", "/api/v1/tickets/types").then(
    (r) => setTypes(r.items),
    () => {},
  );
  // Without the transition table every status is offered, and the server's refusal says what is allowed.
  void call<{ items: Transition[] }>("GET", "/api/v1/directory/transitions").then(
    (r) => setTransitions(r.items),
    () => setTransitions(undefined),
  );

  return (
    <div class="page tk-page">
      <Switch>
        <Match when={loadError()}>
          {(failure) => (
            <>
              <p class="tk-crumb">
                <A href="/tickets">Tickets</A> /
              </p>
              <Show
                when={failure().status === 404}
                fallback={
                  <ErrorState
                    title="Could not load this ticket"
                    detail={failure().message}
                    onRetry={() => params.ref && load(params.ref)}
                  />
                }
              >
                <div class="panel tk-missing" role="alert">
                  <h1>Ticket {params.ref} not found</h1>
                  <p class="muted">It may have been deleted, or the number is mistyped.</p>
                  <A href="/tickets" class="btn btn-secondary">
                    Back to tickets
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
                  <A href="/tickets">Tickets</A> / <span class="tk-number">{t().number}</span>
                </p>
                <TitleEditor
                  ticket={t()}
                  readOnly={readOnly()}
                  onSave={async (title) => changed(await call<Ticket>("PATCH", `/api/v1/tickets/${t().id}`, { title }))}
                />
                <div class="tk-head-meta">
                  <StatusChip status={t().status} />
                  <PriorityLabel priority={t().priority} />
                  <Show when={t().ticketTypeId}>
                    <span>{typeName(t().ticketTypeId as string)}</span>
                  </Show>
                  <Show when={t().channel}>
                    <span class="muted">via {channelLabel[t().channel as keyof typeof channelLabel]}</span>
                  </Show>
                  <span class="muted">
                    opened <RelativeTime at={t().createdAt} now={now()} />
                    <Show when={t().createdById}> by {staffName(t().createdById)}</Show>
                  </span>
                </div>
                <Show when={t().tags.length > 0}>
                  <ul class="tk-chips" aria-label="Tags">
                    <For each={t().tags}>{(tag) => <li class="tk-chip tk-tag">{tag}</li>}</For>
                  </ul>
                </Show>
              </div>

              <Show when={t().status === "merged"}>
                <div class="alert alert-info tk-merged" role="status">
                  This ticket was merged into{" "}
                  <Show when={mergedInto()} fallback="another ticket">
                    {(m) => (
                      <A href={`/tickets/${enc(m().number === "the other ticket" ? m().id : m().number)}`}>
                        {m().number}
                      </A>
                    )}
                  </Show>
                  . It is read-only; continue the conversation there.
                </div>
              </Show>

              <div class="tk-detail">
                <div class="tk-main">
                  <Show when={t().description}>
                    <section class="panel tk-description" aria-label="Description">
                      <p class="tk-body">{t().description}</p>
                    </section>
                  </Show>
                  <section class="panel tk-activity" aria-labelledby="activity-title">
                    <div class="panel-head">
                      <h2 id="activity-title" class="panel-title">
                        Activity
                      </h2>
                    </div>
                    <Alert message={activityError() && `The timeline could not be loaded: ${activityError()}`} />
                    <Timeline
                      comments={comments()}
                      events={events()}
                      now={now()}
                      typeName={typeName}
                      numberOf={(id) => numbers().get(id)}
                    />
                  </section>
                  <Show when={!readOnly()}>
                    <ReplyBox ticket={t()} onSent={() => changed(t())} />
                  </Show>
                </div>

                <aside class="tk-side" aria-label="Ticket details">
                  <section class="tk-side-section" aria-label="Status and assignment">
                    <StatusControl ticket={t()} transitions={transitions()} readOnly={readOnly()} onChanged={changed} />
                    <AssigneesControl ticket={t()} readOnly={readOnly()} onChanged={changed} />
                  </section>
                  <CustomerSection ticket={t()} />
                  <SlaSection ticket={t()} />
                  <Show when={confirmation()}>{(c) => <ConfirmationSection confirmation={c()} now={now()} />}</Show>
                  <section class="tk-side-section" aria-labelledby="fields-title">
                    <h2 id="fields-title" class="tk-side-title">
                      Details
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
