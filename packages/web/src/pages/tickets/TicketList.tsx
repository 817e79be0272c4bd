import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, onMount, Show, Switch } from "solid-js";
import { errorMessage } from "../../api";
import { AlertIcon, DownloadIcon, FilterIcon, InboxIcon, PlusIcon, RefreshIcon } from "../../components/icons";
import {
  type BulkResult,
  call,
  enc,
  type ListedTicket,
  queryString,
  type SavedFilter,
  type StaffMember,
  type TicketStatus,
  type TicketType,
} from "../../components/tickets/api";
import { Combobox } from "../../components/tickets/Combobox";
import {
  apiFilters,
  isFiltered,
  type ListView,
  viewFromApi,
  viewFromParams,
  viewToParams,
} from "../../components/tickets/filters";
import {
  PriorityLabel,
  priorityLabel,
  StatusChip,
  statusLabel,
  ticketPriorities,
  ticketStatuses,
} from "../../components/tickets/labels";
import { SlaCell } from "../../components/tickets/SlaCell";
import { customerKindLabel, loadStaff, searchCustomers, searchStaff, staffName } from "../../components/tickets/staff";
import { EmptyState, ErrorState, Panel, RelativeTime, Skeleton } from "../../components/ui";
import { plural, useNow, useTitle } from "../../format";
import { can, user } from "../../session";

const PAGE_SIZE = 50;

function ErrorAlert(props: { message: string | undefined }) {
  return (
    <Show when={props.message}>
      <div class="alert alert-error alert-row" role="alert">
        <AlertIcon />
        <span>{props.message}</span>
      </div>
    </Show>
  );
}

/** Whether a key press belongs to a text field (shortcuts stay out of the way there). */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/** The filter form: applied to the address bar, so a link reproduces the view. */
function FilterBar(props: {
  view: ListView;
  types: TicketType[];
  staff: StaffMember[];
  onApply: (view: ListView) => void;
  onClear: () => void;
  searchRef: (el: HTMLInputElement) => void;
}) {
  const [subscriber, setSubscriber] = createSignal({ id: props.view.subscriber, label: props.view.subscriberLabel });
  createEffect(() => setSubscriber({ id: props.view.subscriber, label: props.view.subscriberLabel }));
  const statusCount = () => props.view.status.length;
  // Phones show the filters on demand; wider screens always.
  const [shown, setShown] = createSignal(false);

  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? "").trim();
    props.onApply({
      status: data.getAll("status").map(String) as TicketStatus[],
      priority: value("priority") as ListView["priority"],
      type: value("type"),
      assignee: value("assignee"),
      team: value("team"),
      subscriber: subscriber().id,
      subscriberLabel: subscriber().label,
      from: value("from"),
      to: value("to"),
      q: value("q"),
      sla: value("sla") as ListView["sla"],
    });
  };

  return (
    <>
      <button
        type="button"
        class="btn btn-secondary tk-filters-toggle"
        aria-expanded={shown()}
        aria-controls="tk-filters"
        onClick={() => setShown((v) => !v)}
      >
        <FilterIcon />
        {shown() ? "Hide filters" : isFiltered(props.view) ? "Filters (on)" : "Filters"}
      </button>
      <form
        id="tk-filters"
        class={shown() ? "panel filter-bar tk-filters tk-filters-shown" : "panel filter-bar tk-filters"}
        onSubmit={apply}
        aria-label="Filter tickets"
      >
        <div class="field tk-filter-search">
          <label for="tf-q">Search</label>
          <input
            id="tf-q"
            ref={props.searchRef}
            name="q"
            type="search"
            value={props.view.q}
            placeholder="Number, title or description"
            aria-keyshortcuts="/"
          />
        </div>
        <fieldset class="field tk-status-filter">
          <legend>Status</legend>
          <details class="tk-menu">
            <summary class="tk-menu-button">
              {statusCount() === 0
                ? "Any status"
                : statusCount() === 1
                  ? statusLabel[props.view.status[0] as TicketStatus]
                  : `${statusCount()} statuses`}
            </summary>
            <div class="tk-menu-panel">
              <For each={ticketStatuses}>
                {(s) => (
                  <label class="check" for={`tf-status-${s}`}>
                    <input
                      id={`tf-status-${s}`}
                      class="check-box"
                      type="checkbox"
                      name="status"
                      value={s}
                      checked={props.view.status.includes(s)}
                    />
                    <span>{statusLabel[s]}</span>
                  </label>
                )}
              </For>
            </div>
          </details>
        </fieldset>
        <div class="field">
          <label for="tf-priority">Priority</label>
          <select id="tf-priority" name="priority" value={props.view.priority}>
            <option value="">Any priority</option>
            <For each={ticketPriorities}>{(p) => <option value={p}>{priorityLabel[p]}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="tf-type">Type</label>
          <select id="tf-type" name="type" value={props.view.type}>
            <option value="">Any type</option>
            <For each={props.types}>
              {(t) => (
                <option value={t.id} selected={t.id === props.view.type}>
                  {t.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="tf-assignee">Assignee</label>
          <select id="tf-assignee" name="assignee" value={props.view.assignee}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Nobody (unassigned)</option>
            <Show when={props.view.assignee && props.view.assignee !== "me" && props.view.assignee !== "none"}>
              <Show when={!props.staff.some((s) => s.id === props.view.assignee)}>
                <option value={props.view.assignee}>{staffName(props.view.assignee)}</option>
              </Show>
            </Show>
            <For each={props.staff}>
              {(s) => (
                <option value={s.id} selected={s.id === props.view.assignee}>
                  {s.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="tf-team">Team</label>
          <input id="tf-team" name="team" value={props.view.team} placeholder="e.g. NOC" />
        </div>
        <div class="field">
          <label for="tf-sla">SLA</label>
          <select id="tf-sla" name="sla" value={props.view.sla}>
            <option value="">Any</option>
            <option value="at_risk">At risk</option>
            <option value="breached">Breached</option>
          </select>
        </div>
        <Show
          when={subscriber().id}
          fallback={
            <Combobox
              id="tf-subscriber"
              label="Subscriber"
              placeholder="Number or name"
              search={async (q) => (await searchCustomers(q)).filter((c) => c.subscriberId)}
              key={(c) => c.id}
              text={(c) => c.label}
              detail={(c) => c.detail}
              tag={(c) => customerKindLabel[c.kind]}
              empty="No subscriber matches"
              onPick={(c) => setSubscriber({ id: c.subscriberId ?? "", label: c.label })}
            />
          }
        >
          <fieldset class="field tk-fieldset">
            <legend class="tk-label">Subscriber</legend>
            <span class="tk-picked">
              <span>{subscriber().label || "Chosen subscriber"}</span>
              <button
                type="button"
                class="btn-link"
                aria-label="Remove the subscriber filter"
                onClick={() => setSubscriber({ id: "", label: "" })}
              >
                Remove
              </button>
            </span>
          </fieldset>
        </Show>
        <div class="field">
          <label for="tf-from">Created from</label>
          <input id="tf-from" name="from" type="date" value={props.view.from} />
        </div>
        <div class="field">
          <label for="tf-to">Created to</label>
          <input id="tf-to" name="to" type="date" value={props.view.to} />
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            <FilterIcon />
            Apply filters
          </button>
          <Show when={isFiltered(props.view)}>
            <button type="button" class="btn btn-secondary" onClick={() => props.onClear()}>
              Clear
            </button>
          </Show>
        </div>
      </form>
    </>
  );
}

/** Saved views of the list: pick one, save the current filters under a name, delete one. */
function SavedFilters(props: { view: ListView; onPick: (view: ListView) => void }) {
  const [items, setItems] = createSignal<SavedFilter[]>([]);
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [saving, setSaving] = createSignal(false);
  const [naming, setNaming] = createSignal(false);
  const [selected, setSelected] = createSignal("");
  let nameInput: HTMLInputElement | undefined;

  const load = async () => {
    try {
      setItems((await call<{ items: SavedFilter[] }>("GET", "/api/v1/saved-filters")).items);
    } catch (failure) {
      setError(`Saved views could not be loaded: ${errorMessage(failure)}`);
    }
  };
  onMount(load);

  const pick = (id: string) => {
    setSelected(id);
    const found = items().find((f) => f.id === id);
    if (found) props.onPick(viewFromApi(found.filters, user()?.id));
  };

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get("name") ?? "").trim();
    if (!name) return;
    setSaving(true);
    setError(undefined);
    try {
      const saved = await call<SavedFilter>("PUT", `/api/v1/saved-filters/${enc(name)}`, {
        filters: apiFilters(props.view, user()?.id),
      });
      await load();
      setSelected(saved.id);
      setNaming(false);
      setNotice(`Saved the view “${saved.name}”.`);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    const found = items().find((f) => f.id === selected());
    if (!found) return;
    setError(undefined);
    try {
      await call("DELETE", `/api/v1/saved-filters/${found.id}`);
      setSelected("");
      await load();
      setNotice(`Deleted the view “${found.name}”.`);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <section class="tk-saved" aria-label="Saved views">
      <div class="field tk-saved-pick">
        <label for="tk-saved">Saved view</label>
        <select id="tk-saved" value={selected()} onChange={(e) => pick(e.currentTarget.value)}>
          <option value="">{items().length === 0 ? "No saved views yet" : "Choose a saved view"}</option>
          <For each={items()}>{(f) => <option value={f.id}>{f.name}</option>}</For>
        </select>
      </div>
      <Show when={selected()}>
        <button type="button" class="btn btn-secondary" onClick={remove}>
          Delete view
        </button>
      </Show>
      <Show
        when={naming()}
        fallback={
          <button
            type="button"
            class="btn btn-secondary"
            onClick={() => {
              setNaming(true);
              queueMicrotask(() => nameInput?.focus());
            }}
          >
            Save current view
          </button>
        }
      >
        <form class="field inline-form tk-saved-form" onSubmit={save}>
          <label for="tk-saved-name" class="sr-only">
            Name of the view
          </label>
          <input
            id="tk-saved-name"
            ref={nameInput}
            name="name"
            required
            maxLength={100}
            placeholder="Name of the view"
            onKeyDown={(e) => e.key === "Escape" && setNaming(false)}
          />
          <button type="submit" class="btn btn-primary" disabled={saving()}>
            {saving() ? "Saving…" : "Save view"}
          </button>
          <button type="button" class="btn btn-secondary" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      </Show>
      <p class="sr-only" role="status" aria-live="polite">
        {notice()}
      </p>
      <ErrorAlert message={error()} />
    </section>
  );
}

/** Status, primary assignee and team for every selected ticket at once; failures are listed per ticket. */
function BulkBar(props: {
  selected: string[];
  tickets: ListedTicket[];
  onDone: (result: BulkResult) => void;
  onClear: () => void;
}) {
  const [status, setStatus] = createSignal("");
  const [assignee, setAssignee] = createSignal<StaffMember | null>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const noteLikely = () => ["closed", "canceled"].includes(status());

  const apply = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const note = String(data.get("note") ?? "").trim();
    const team = String(data.get("team") ?? "").trim();
    const body: Record<string, unknown> = { ids: props.selected };
    if (status()) body.status = status();
    if (note) body.note = note;
    if (assignee() !== undefined) body.primaryAssigneeId = assignee()?.id ?? null;
    if (team) body.serviceTeam = team;
    if (!body.status && body.primaryAssigneeId === undefined && !body.serviceTeam) {
      setError("Choose a status, an assignee or a team to apply.");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const result = await call<BulkResult>("POST", "/api/v1/tickets/bulk", body);
      form.reset();
      setStatus("");
      setAssignee(undefined);
      props.onDone(result);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel tk-bulk" onSubmit={apply} aria-label="Change the selected tickets">
      <p class="tk-bulk-count" role="status">
        {plural(props.selected.length, "ticket")} selected
        <button type="button" class="btn-link" onClick={() => props.onClear()}>
          Clear selection
        </button>
      </p>
      <div class="tk-bulk-fields">
        <div class="field">
          <label for="bulk-status">Set status</label>
          <select id="bulk-status" name="status" value={status()} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Keep status</option>
            <For each={ticketStatuses.filter((s) => s !== "merged")}>
              {(s) => <option value={s}>{statusLabel[s]}</option>}
            </For>
          </select>
        </div>
        <div class="field tk-bulk-note">
          <label for="bulk-note">Note{noteLikely() ? " (required for this change)" : " (when required)"}</label>
          <input
            id="bulk-note"
            name="note"
            maxLength={20000}
            required={noteLikely()}
            placeholder="Why; stored as an internal note"
          />
        </div>
        <Show
          when={assignee() === undefined}
          fallback={
            <fieldset class="field tk-fieldset">
              <legend class="tk-label">Assign to</legend>
              <span class="tk-picked">
                <span>{assignee()?.name ?? "Nobody (unassign)"}</span>
                <button type="button" class="btn-link" onClick={() => setAssignee(undefined)}>
                  Change
                </button>
              </span>
            </fieldset>
          }
        >
          <Combobox
            id="bulk-assignee"
            label="Assign to"
            placeholder="Name or email"
            search={searchStaff}
            key={(s) => s.id}
            text={(s) => s.name}
            detail={(s) => s.email}
            empty="No staff user matches"
            onPick={(s) => setAssignee(s)}
          />
        </Show>
        <div class="field">
          <label for="bulk-team">Set team</label>
          <input id="bulk-team" name="team" maxLength={100} placeholder="Keep team" />
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {busy() ? "Applying…" : `Apply to ${plural(props.selected.length, "ticket")}`}
          </button>
        </div>
      </div>
      <ErrorAlert message={error()} />
    </form>
  );
}

function BulkOutcome(props: { result: BulkResult; onDismiss: () => void }) {
  return (
    <div
      class={props.result.failed.length > 0 ? "alert alert-warning tk-outcome" : "alert alert-success tk-outcome"}
      role="status"
    >
      <p>
        Updated {plural(props.result.updated.length, "ticket")}
        {props.result.failed.length > 0 ? `; ${props.result.failed.length} could not be changed:` : "."}
      </p>
      <Show when={props.result.failed.length > 0}>
        <ul class="tk-failures">
          <For each={props.result.failed}>
            {(f) => (
              <li>
                <A href={`/tickets/${enc(f.number || f.id)}`}>{f.number || f.id}</A>: {f.detail}
              </li>
            )}
          </For>
        </ul>
      </Show>
      <button type="button" class="btn-link" onClick={() => props.onDismiss()}>
        Dismiss
      </button>
    </div>
  );
}

function TicketTable(props: {
  items: ListedTicket[];
  now: number;
  types: Map<string, string>;
  selected: Set<string>;
  active: number;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  onFocusRow: (index: number) => void;
}) {
  const allChecked = () => props.items.length > 0 && props.items.every((t) => props.selected.has(t.id));
  return (
    <div class="table-wrap">
      <table class="table table-stack tk-table">
        <thead>
          <tr>
            <th scope="col" class="tk-check-col">
              <input
                type="checkbox"
                class="check-box"
                aria-label="Select every ticket shown"
                checked={allChecked()}
                onChange={() => props.onToggleAll()}
              />
            </th>
            <th scope="col">Ticket</th>
            <th scope="col">Status</th>
            <th scope="col">Priority</th>
            <th scope="col">Type</th>
            <th scope="col">Assignee</th>
            <th scope="col">Team</th>
            <th scope="col">SLA</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.items}>
            {(t, i) => (
              <tr
                class={[props.active === i() ? "tk-row-active" : "", props.selected.has(t.id) ? "tk-row-selected" : ""]
                  .filter(Boolean)
                  .join(" ")}
                data-ticket={t.number}
              >
                <td class="tk-check-col" data-label="Select">
                  <input
                    type="checkbox"
                    class="check-box"
                    aria-label={`Select ${t.number}`}
                    checked={props.selected.has(t.id)}
                    onChange={() => props.onToggle(t.id)}
                  />
                </td>
                <th scope="row" class="row-title tk-title-cell">
                  <A href={`/tickets/${enc(t.number)}`} class="tk-row-link" onFocus={() => props.onFocusRow(i())}>
                    <span class="tk-number">{t.number}</span>
                    <span class="tk-title">{t.title}</span>
                  </A>
                </th>
                <td data-label="Status">
                  <StatusChip status={t.status} />
                </td>
                <td data-label="Priority">
                  <PriorityLabel priority={t.priority} />
                </td>
                <td data-label="Type">
                  {t.ticketTypeId ? (props.types.get(t.ticketTypeId) ?? "—") : <span class="muted">—</span>}
                </td>
                <td data-label="Assignee">
                  <Show when={t.primaryAssigneeId} fallback={<span class="muted">Unassigned</span>}>
                    {staffName(t.primaryAssigneeId)}
                  </Show>
                  <Show when={t.assigneeIds.length > 0}>
                    <span class="muted"> +{t.assigneeIds.length}</span>
                  </Show>
                </td>
                <td data-label="Team" class="nowrap">
                  {t.serviceTeam ?? <span class="muted">—</span>}
                </td>
                <td data-label="SLA">
                  <SlaCell sla={t.sla} />
                </td>
                <td data-label="Updated" class="nowrap">
                  <span>
                    <RelativeTime at={t.updatedAt} now={props.now} />
                    <span class="sub">
                      opened <RelativeTime at={t.createdAt} now={props.now} />
                    </span>
                  </span>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** The support team's ticket list: filters in the address, saved views, bulk changes, CSV export. */
export function TicketListPage() {
  useTitle("Tickets");
  const now = useNow();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = createMemo(() => viewFromParams(params), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const filters = () => apiFilters(view(), user()?.id);
  const [items, setItems] = createSignal<ListedTicket[]>();
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();
  const [moreError, setMoreError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [announcement, setAnnouncement] = createSignal("");
  const [types, setTypes] = createSignal<TicketType[]>([]);
  const [staff, setStaff] = createSignal<StaffMember[]>([]);
  const [selected, setSelected] = createSignal<Set<string>>(new Set());
  const [active, setActive] = createSignal(-1);
  const [outcome, setOutcome] = createSignal<BulkResult>();
  let searchInput: HTMLInputElement | undefined;
  let generation = 0;

  const typeNames = createMemo(() => new Map(types().map((t) => [t.id, t.name])));
  const listPath = (after?: string) =>
    `/api/v1/tickets${queryString({ ...filters(), limit: String(PAGE_SIZE), cursor: after })}`;
  const exportHref = () => `/api/v1/tickets/export.csv${queryString(filters())}`;

  const load = async () => {
    const mine = ++generation;
    setLoading(true);
    setMoreError(undefined);
    try {
      const page = await call<{ items: ListedTicket[]; nextCursor: string | null }>("GET", listPath());
      if (mine !== generation) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setError(undefined);
      setActive(-1);
      setSelected(new Set<string>());
      setAnnouncement(`${page.items.length}${page.nextCursor ? "+" : ""} tickets shown.`);
      void loadStaff(page.items.map((t) => t.primaryAssigneeId));
    } catch (failure) {
      if (mine !== generation) return;
      setItems(undefined);
      setError(errorMessage(failure));
    } finally {
      if (mine === generation) setLoading(false);
    }
  };

  const loadMore = async () => {
    const after = cursor();
    if (!after || loadingMore()) return;
    const mine = generation;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await call<{ items: ListedTicket[]; nextCursor: string | null }>("GET", listPath(after));
      if (mine !== generation) return;
      setItems((list) => [...(list ?? []), ...page.items]);
      setCursor(page.nextCursor);
      setAnnouncement(`${page.items.length} more tickets loaded.`);
      void loadStaff(page.items.map((t) => t.primaryAssigneeId));
    } catch (failure) {
      setMoreError(errorMessage(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  onMount(async () => {
    try {
      setTypes((await call<{ items: TicketType[] }>("GET", "/api/v1/tickets/types")).items);
    } catch {
      // The type filter and column stay empty; the list itself reports its own failure.
    }
    try {
      setStaff(await searchStaff(""));
    } catch {
      // "Anyone" and "Me" still work without the staff list.
    }
  });
  createEffect(
    on(
      () => JSON.stringify(filters()),
      () => void load(),
    ),
  );

  const applyView = (next: ListView) => setParams(viewToParams(next));
  const clear = () => setParams(viewToParams(viewFromParams({})));

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () => {
    const list = items() ?? [];
    setSelected((current) =>
      list.every((t) => current.has(t.id)) ? new Set<string>() : new Set(list.map((t) => t.id)),
    );
  };

  const rowLinks = () => Array.from(document.querySelectorAll<HTMLAnchorElement>(".tk-table .tk-row-link"));
  const moveTo = (index: number) => {
    const links = rowLinks();
    const link = links[Math.max(0, Math.min(index, links.length - 1))];
    link?.focus();
    link?.scrollIntoView({ block: "nearest" });
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    if (document.querySelector("dialog[open]")) return;
    const list = items() ?? [];
    if (event.key === "/") {
      event.preventDefault();
      searchInput?.focus();
    } else if (event.key === "j") {
      event.preventDefault();
      moveTo(active() + 1);
    } else if (event.key === "k") {
      event.preventDefault();
      moveTo(active() <= 0 ? 0 : active() - 1);
    } else if (event.key === "x") {
      const ticket = list[active()];
      if (ticket) {
        event.preventDefault();
        toggle(ticket.id);
      }
    } else if (event.key === "Enter" && !(event.target instanceof HTMLAnchorElement)) {
      const ticket = list[active()];
      if (ticket) navigate(`/tickets/${enc(ticket.number)}`);
    }
  };
  onMount(() => document.addEventListener("keydown", onKey));
  onCleanup(() => document.removeEventListener("keydown", onKey));

  const selectedIds = () => [...selected()];

  return (
    <div class="page tk-page">
      <div class="page-header">
        <div>
          <h1>Tickets</h1>
          <p class="page-sub">
            Every support ticket.{" "}
            <span class="hide-narrow">
              Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>x</kbd> selects, <kbd>/</kbd> searches.
            </span>
          </p>
        </div>
        <div class="page-actions">
          <a class="btn btn-secondary" href={exportHref()} download="">
            <DownloadIcon />
            Export CSV
          </a>
          <Show when={can("support:ticket:create")}>
            <A class="btn btn-primary" href="/tickets/new">
              <PlusIcon />
              New ticket
            </A>
          </Show>
        </div>
      </div>
      <p class="sr-only" role="status" aria-live="polite">
        {announcement()}
      </p>

      <FilterBar
        view={view()}
        types={types()}
        staff={staff()}
        onApply={applyView}
        onClear={clear}
        searchRef={(el) => {
          searchInput = el;
        }}
      />
      <SavedFilters view={view()} onPick={applyView} />

      <Show when={outcome()}>
        {(result) => <BulkOutcome result={result()} onDismiss={() => setOutcome(undefined)} />}
      </Show>
      <Show when={selected().size > 0 && can("support:ticket:update")}>
        <BulkBar
          selected={selectedIds()}
          tickets={items() ?? []}
          onClear={() => setSelected(new Set<string>())}
          onDone={(result) => {
            setOutcome(result);
            void load();
          }}
        />
      </Show>

      <Switch>
        <Match when={error()}>
          <ErrorState title="Could not load the tickets" detail={error() ?? ""} onRetry={load} busy={loading()} />
        </Match>
        <Match when={items()}>
          {(list) => (
            <Panel
              id="tickets-title"
              title={<>Tickets</>}
              sub={isFiltered(view()) ? "Matching the filters above, newest first." : "Newest first."}
            >
              <Show
                when={list().length > 0}
                fallback={
                  <EmptyState
                    icon={<InboxIcon />}
                    title={isFiltered(view()) ? "No tickets match these filters" : "No tickets yet"}
                  >
                    {isFiltered(view())
                      ? "Clear a filter to see more."
                      : "Tickets opened by staff, email or the customer portal show up here."}
                  </EmptyState>
                }
              >
                <TicketTable
                  items={list()}
                  now={now()}
                  types={typeNames()}
                  selected={selected()}
                  active={active()}
                  onToggle={toggle}
                  onToggleAll={toggleAll}
                  onFocusRow={setActive}
                />
                <div class="load-more">
                  <ErrorAlert message={moreError() && `Could not load more: ${moreError()}`} />
                  <Show
                    when={cursor()}
                    fallback={
                      <p class="muted">{list().length === 1 ? "1 ticket" : `All ${list().length} tickets`} shown.</p>
                    }
                  >
                    <button type="button" class="btn btn-secondary" onClick={loadMore} disabled={loadingMore()}>
                      <RefreshIcon spinning={loadingMore()} />
                      {loadingMore() ? "Loading…" : "Load more"}
                    </button>
                  </Show>
                </div>
              </Show>
            </Panel>
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
