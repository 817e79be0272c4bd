import { useSearchParams } from "@solidjs/router";
import type { InferRequestType, InferResponseType } from "hono/client";
import { createEffect, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { client, send } from "../api";
import { AlertIcon, DownloadIcon, FilterIcon, RefreshIcon, ShieldIcon } from "../components/icons";
import { Badge, EmptyState, ErrorState, Panel, Skeleton, type Tone } from "../components/ui";
import { absoluteTime, relativeTime, useNow, useTitle } from "../format";

const endpoint = client.api.v1.audit;
type Query = NonNullable<InferRequestType<typeof endpoint.$get>["query"]>;
type Page = InferResponseType<typeof endpoint.$get, 200>;
type AuditEvent = Page["items"][number];
type ActionName = NonNullable<Query["action"]>;

/** The actions the server knows; the compiler checks this list against the API's, both ways. */
const actions = [
  "api_key.created",
  "api_key.revoked",
  "auth.invitation.accepted",
  "auth.login.failed",
  "auth.login.succeeded",
  "auth.login.throttled",
  "auth.logout",
  "auth.magic_link.requested",
  "auth.magic_link.used",
  "auth.mfa.disabled",
  "auth.mfa.enabled",
  "auth.mfa.failed",
  "auth.mfa.recovery_regenerated",
  "auth.mfa.recovery_used",
  "auth.mfa.reset",
  "auth.password.changed",
  "auth.password.reset",
  "auth.password.reset_requested",
  "auth.session.refreshed",
  "auth.session.reuse_detected",
  "auth.session.revoked",
  "email.dead",
  "job.run",
  "organization.created",
  "organization.updated",
  "person.channel_added",
  "person.created",
  "person.merged",
  "person.removed",
  "person.status_changed",
  "person.updated",
  "role.created",
  "role.deleted",
  "role.updated",
  "saved_filter.deleted",
  "saved_filter.saved",
  "sla.calendar.removed",
  "sla.calendar.saved",
  "sla.policy.removed",
  "sla.policy.saved",
  "subscriber.created",
  "subscriber.updated",
  "support.settings.saved",
  "ticket.assigned",
  "ticket.attachment_added",
  "ticket.attachment_removed",
  "ticket.auto_confirmed",
  "ticket.bulk_updated",
  "ticket.comment_removed",
  "ticket.commented",
  "ticket.confirmation_sent",
  "ticket.confirmed",
  "ticket.created",
  "ticket.deleted",
  "ticket.disputed",
  "ticket.linked",
  "ticket.merged",
  "ticket.numbering_changed",
  "ticket.status_changed",
  "ticket.transition.removed",
  "ticket.transition.saved",
  "ticket.type.saved",
  "ticket.unlinked",
  "ticket.updated",
  "upload.accepted",
  "upload.created",
  "upload.rejected",
  "user.created",
  "user.deactivated",
  "user.invited",
  "user.permission.granted",
  "user.permission.revoked",
  "user.reactivated",
  "user.roles.changed",
  "user.updated",
] as const satisfies readonly ActionName[];
const everyAction: Exclude<ActionName, (typeof actions)[number]> extends never ? true : never = true;
void everyAction;

const PAGE_SIZE = 50;

const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });
const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

const actionTone = (action: string): Tone =>
  /failed|rejected|throttled|revoked/.test(action) ? "danger" : /succeeded|accepted/.test(action) ? "success" : "info";

const actorKinds: Record<string, string> = {
  user: "Staff user",
  apiKey: "API key",
  webhook: "Webhook",
  system: "System job",
  public: "Anonymous",
  unknown: "Unattributed",
};

/** The filters as they sit in the address bar (dates as YYYY-MM-DD), so a filtered view is a link. */
interface Filters {
  action: string;
  entityType: string;
  actor: string;
  from: string;
  to: string;
}

/** Days are the viewer's local days: `to` includes the whole of its day. */
function toQuery(f: Filters): Query {
  const day = (d: string, plus = 0) => {
    const at = new Date(`${d}T00:00:00`);
    at.setDate(at.getDate() + plus);
    return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
  };
  const query: Record<string, string> = {};
  if (f.action) query.action = f.action;
  if (f.entityType.trim()) query.entityType = f.entityType.trim();
  if (f.actor.trim()) query.actor = f.actor.trim();
  const from = f.from ? day(f.from) : undefined;
  const to = f.to ? day(f.to, 1) : undefined;
  if (from) query.from = from;
  if (to) query.to = to;
  return query as Query;
}

function short(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 28 ? `${text.slice(0, 27)}…` : text;
}

function ChangesSummary(props: { changes: AuditEvent["changes"] }) {
  const entries = () => Object.entries(props.changes ?? {});
  return (
    <Show when={entries().length > 0} fallback={<span class="muted">—</span>}>
      <ul class="changes" title={JSON.stringify(props.changes, null, 2)}>
        <For each={entries().slice(0, 3)}>
          {([field, change]) => (
            <li>
              <span class="change-field">{field}</span>{" "}
              <Show when={"from" in change}>
                <span class="change-from">{short(change.from)}</span> →{" "}
              </Show>
              <span class="change-to">{short(change.to)}</span>
            </li>
          )}
        </For>
        <Show when={entries().length > 3}>
          <li class="muted">+{entries().length - 3} more</li>
        </Show>
      </ul>
    </Show>
  );
}

/** An email may wrap before its @ (and nowhere else), so a narrow column does not split a word. */
function BreakableEmail(props: { text: string }) {
  const at = () => props.text.indexOf("@");
  return (
    <Show when={at() > 0} fallback={props.text}>
      <span class="nowrap">{props.text.slice(0, at())}</span>
      <wbr />
      <span class="nowrap">{props.text.slice(at())}</span>
    </Show>
  );
}

function Truncated(props: { value: string | null }) {
  return (
    <Show when={props.value} fallback={<span class="muted">—</span>}>
      {(value) => (
        <code class="truncate" title={value()}>
          {value().length > 9 ? `${value().slice(0, 8)}…` : value()}
        </code>
      )}
    </Show>
  );
}

function EventsTable(props: { items: AuditEvent[]; now: number }) {
  return (
    <div class="table-wrap">
      <table class="table table-stack audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Entity</th>
            <th scope="col">Changes</th>
            <th scope="col">Request ID</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.items}>
            {(e) => (
              <tr>
                <th scope="row" class="nowrap row-title">
                  <time datetime={e.at} title={absoluteTime(e.at)}>
                    {timeOfDay.format(new Date(e.at))}
                    <span class="sub">
                      {day.format(new Date(e.at))} · {relativeTime(e.at, props.now)}
                    </span>
                  </time>
                </th>
                <td data-label="Actor">
                  <div>
                    <span class="actor-name">
                      <BreakableEmail text={e.actor.label ?? e.actor.id ?? actorKinds[e.actor.type] ?? e.actor.type} />
                    </span>
                    <span class="sub">
                      {actorKinds[e.actor.type] ?? e.actor.type}
                      <Show when={e.ip}> · {e.ip}</Show>
                    </span>
                  </div>
                </td>
                <td data-label="Action" class="nowrap">
                  <Badge tone={actionTone(e.action)}>
                    <code class="action-code">{e.action}</code>
                  </Badge>
                </td>
                <td data-label="Entity">
                  <div>
                    {e.entityType}
                    <span class="sub">
                      <Truncated value={e.entityId} />
                    </span>
                  </div>
                </td>
                <td data-label="Changes" class="changes-cell">
                  <ChangesSummary changes={e.changes} />
                </td>
                <td data-label="Request ID">
                  <Truncated value={e.requestId} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

function LoadingSkeleton() {
  return (
    <div class="panel loading" aria-hidden="true">
      <Skeleton class="sk-line sk-short" />
      <For each={[1, 2, 3, 4, 5, 6]}>{() => <Skeleton class="sk-row" />}</For>
    </div>
  );
}

/** Every recorded change, sign-in and job run, newest first, with filters, paging and a CSV export. */
export function AuditPage() {
  useTitle("Audit log");
  const now = useNow();
  const [params, setParams] = useSearchParams<Record<keyof Filters, string>>();
  const filters = (): Filters => ({
    action: params.action ?? "",
    entityType: params.entityType ?? "",
    actor: params.actor ?? "",
    from: params.from ?? "",
    to: params.to ?? "",
  });
  const [items, setItems] = createSignal<AuditEvent[]>();
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();
  const [moreError, setMoreError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [announcement, setAnnouncement] = createSignal("");
  let generation = 0;

  const fetchPage = async (after?: string) => {
    const query = { ...toQuery(filters()), limit: String(PAGE_SIZE), ...(after ? { cursor: after } : {}) };
    return (await send(endpoint.$get({ query: query as Query }))).json();
  };

  const load = async () => {
    const mine = ++generation;
    setLoading(true);
    setMoreError(undefined);
    try {
      const page = await fetchPage();
      if (mine !== generation) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setError(undefined);
      setAnnouncement(`${page.items.length}${page.nextCursor ? "+" : ""} audit events shown.`);
    } catch (failure) {
      if (mine !== generation) return;
      setItems(undefined);
      setError(failure instanceof Error ? failure.message : String(failure));
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
      const page = await fetchPage(after);
      if (mine !== generation) return;
      setItems((list) => [...(list ?? []), ...page.items]);
      setCursor(page.nextCursor);
      setAnnouncement(`${page.items.length} more audit events loaded.`);
    } catch (failure) {
      setMoreError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  createEffect(
    on(
      () => JSON.stringify(filters()),
      () => void load(),
    ),
  );

  const exportHref = () => {
    const url = endpoint["export.csv"].$url({ query: toQuery(filters()) });
    return url.pathname + url.search;
  };

  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: keyof Filters) => String(data.get(name) ?? "").trim() || undefined;
    setParams({
      action: value("action"),
      entityType: value("entityType"),
      actor: value("actor"),
      from: value("from"),
      to: value("to"),
    });
  };
  const clear = () =>
    setParams({ action: undefined, entityType: undefined, actor: undefined, from: undefined, to: undefined });
  const filtered = () => Object.values(filters()).some(Boolean);

  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Audit log</h1>
          <p class="page-sub">Every change, sign-in and job run: who did it, when, and from which request.</p>
        </div>
        <div class="page-actions">
          <a class="btn btn-secondary" href={exportHref()} download="">
            <DownloadIcon />
            Export CSV
          </a>
        </div>
      </div>
      <p class="sr-only" role="status" aria-live="polite">
        {announcement()}
      </p>

      <form class="panel filter-bar" onSubmit={apply} aria-label="Filter audit events">
        <div class="field">
          <label for="f-action">Action</label>
          <select id="f-action" name="action" value={filters().action}>
            <option value="">All actions</option>
            <For each={actions}>{(a) => <option value={a}>{a}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="f-entity">Entity type</label>
          <input id="f-entity" name="entityType" value={filters().entityType} placeholder="user, subscriber…" />
        </div>
        <div class="field">
          <label for="f-actor">Actor</label>
          <input id="f-actor" name="actor" value={filters().actor} placeholder="Email, provider, job" />
        </div>
        <div class="field">
          <label for="f-from">From</label>
          <input id="f-from" name="from" type="date" value={filters().from} />
        </div>
        <div class="field">
          <label for="f-to">To</label>
          <input id="f-to" name="to" type="date" value={filters().to} />
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-primary">
            <FilterIcon />
            Apply filters
          </button>
          <Show when={filtered()}>
            <button type="button" class="btn btn-secondary" onClick={clear}>
              Clear
            </button>
          </Show>
        </div>
      </form>

      <Switch>
        <Match when={error()}>
          <ErrorState title="Could not load the audit log" detail={error() ?? ""} onRetry={load} busy={loading()} />
        </Match>
        <Match when={items()}>
          {(list) => (
            <Panel
              id="audit-events-title"
              title={<>Events</>}
              sub={filtered() ? "Matching the filters above, newest first." : "All events, newest first."}
            >
              <Show
                when={list().length > 0}
                fallback={
                  <EmptyState
                    icon={<ShieldIcon />}
                    title={filtered() ? "No events match these filters" : "No events yet"}
                  >
                    {filtered()
                      ? "Widen the dates or clear a filter to see more."
                      : "Sign-ins, changes and job runs appear here as they happen."}
                  </EmptyState>
                }
              >
                <EventsTable items={list()} now={now()} />
                <div class="load-more">
                  <Show when={moreError()}>
                    <div class="alert alert-error alert-row" role="alert">
                      <AlertIcon />
                      <span>Could not load more: {moreError()}</span>
                    </div>
                  </Show>
                  <Show
                    when={cursor()}
                    fallback={
                      <p class="muted">{list().length === 1 ? "1 event" : `All ${list().length} events`} shown.</p>
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
          <LoadingSkeleton />
        </Match>
      </Switch>
    </div>
  );
}
