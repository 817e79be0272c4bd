import { useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { client, read } from "../../api";
import { InboxIcon } from "../../components/icons";
import { ErrorAlert } from "../../components/kit/Alert";
import { EmptyState, RelativeTime } from "../../components/ui";
import { timeUntil, useNow, useTitle } from "../../format";
import { t } from "../../i18n";
import { useLiveRefresh } from "../../lib/live";
import { createLoad } from "../../lib/load";
import { InboxBulkBar } from "./InboxBulkBar";
import { LabelChip } from "./InboxMedia";
import { InboxThread } from "./InboxThread";
import { InboxViews } from "./InboxViews";
import { type Conversation, conversations, type Folder, folders, POLL_MS } from "./types";

const channelKinds = ["whatsapp", "messenger", "instagram", "email", "widget"] as const;
const statuses = ["open", "pending", "snoozed", "resolved_to_ticket", "resolved"] as const;
const priorities = ["none", "low", "medium", "high", "urgent"] as const;

/** The agents' inbox: folders and list, the thread, the contact sidebar; stacked views below 900 px. */
export function InboxPage() {
  useTitle(t("inbox.title"));
  const now = useNow();
  const [params, setParams] = useSearchParams<{
    folder?: string;
    c?: string;
    kind?: string;
    label?: string;
    q?: string;
    status?: string;
    priority?: string;
  }>();
  const folder = (): Folder => (folders.includes(params.folder as Folder) ? (params.folder as Folder) : "all");
  const selected = () => params.c;
  const [helpOpen, setHelpOpen] = createSignal(false);
  const [extra, setExtra] = createSignal<Conversation[]>([]);
  const [nextCursor, setNextCursor] = createSignal<string | null>(null);
  const query = () => ({
    folder: folder(),
    ...(params.kind ? { channelKind: params.kind as (typeof channelKinds)[number] } : {}),
    ...(params.label ? { label: params.label } : {}),
    ...(params.q ? { q: params.q } : {}),
    ...(params.status ? { status: params.status } : {}),
    ...(params.priority ? { priority: params.priority } : {}),
  });
  /** The list's filters as a saved view stores them. */
  const viewFilters = () => {
    const { folder: f, channelKind, label, q, status, priority } = query();
    return { folder: f, channelKind, label, q, status, priority };
  };
  const applyView = (v: Record<string, unknown>) => {
    const text = (x: unknown) => (Array.isArray(x) ? x.join(",") : typeof x === "string" && x ? x : undefined);
    setParams({
      folder: text(v.folder) ?? "all",
      kind: text(v.channelKind),
      label: text(v.label),
      q: text(v.q),
      status: text(v.status),
      priority: text(v.priority),
      c: undefined,
    });
  };
  // Bulk selection: ids on this page; shift+click selects the range from the last one toggled.
  const [chosen, setChosen] = createSignal<string[]>([]);
  let lastToggled: string | undefined;
  const isChosen = (id: string) => chosen().includes(id);
  const toggle = (id: string, range = false) => {
    const all = items().map((c) => c.id);
    const on = !isChosen(id);
    let ids = [id];
    if (range && lastToggled && all.includes(lastToggled)) {
      const [from, to] = [all.indexOf(lastToggled), all.indexOf(id)];
      const [a, b] = [Math.min(from, to), Math.max(from, to)];
      ids = all.slice(a, b + 1);
    }
    lastToggled = id;
    setChosen(on ? [...new Set([...chosen(), ...ids])] : chosen().filter((c) => !ids.includes(c)));
  };
  const allChosen = () => items().length > 0 && items().every((c) => isChosen(c.id));
  createEffect(() => {
    // A selection belongs to the list it was made in.
    query();
    setChosen([]);
  });
  const list = createLoad(
    async () => {
      const page = await read(conversations.$get({ query: query() }));
      setExtra([]);
      setNextCursor(page.nextCursor);
      return page.items;
    },
    { key: () => JSON.stringify(query()), keepOnError: true },
  );
  const counts = createLoad(() => read(conversations.counts.$get()), { keepOnError: true });
  const labels = createLoad(() => read(client.api.v1.inbox.labels.$get()), { keepOnError: true });
  const canned = createLoad(() => read(client.api.v1.inbox["canned-responses"].$get()), { keepOnError: true });
  const items = () => [...(list.data() ?? []), ...extra()];
  // The nav's unread badge follows what this page just counted.
  createEffect(() => {
    const unread = counts.data()?.unread;
    if (unread !== undefined) document.dispatchEvent(new CustomEvent("inbox:unread", { detail: unread }));
  });

  /** The one place a change anywhere (poll, live event, own action) refreshes the list and the badges. */
  const changed = () => {
    void list.refresh();
    void counts.refresh();
  };
  // Live: any conversation the agent may see changing refreshes the list and the counts at once; while
  // the socket is down the page polls, so counts are never older than POLL_MS.
  useLiveRefresh(() => "inbox", changed, POLL_MS);

  const loadMore = async () => {
    const cursor = nextCursor();
    if (!cursor) return;
    const page = await read(conversations.$get({ query: { ...query(), cursor } }));
    setExtra([...extra(), ...page.items]);
    setNextCursor(page.nextCursor);
  };

  const open = (id: string | undefined) => setParams({ c: id });
  const move = (step: number) => {
    const all = items();
    const at = all.findIndex((c) => c.id === selected());
    const next = all[Math.max(0, Math.min(all.length - 1, at + step))];
    if (next) open(next.id);
  };

  const onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "j") move(1);
    else if (event.key === "k") move(-1);
    else if (event.key === "x" && selected()) toggle(selected() as string);
    else if (event.key === "?") setHelpOpen(true);
    else if (event.key === "Escape") setHelpOpen(false);
    else if (event.key === "r" || event.key === "n" || event.key === "e") {
      document.dispatchEvent(new CustomEvent("inbox:shortcut", { detail: event.key }));
    } else return;
    event.preventDefault();
  };
  onMount(() => {
    document.addEventListener("keydown", onKey);
    onCleanup(() => document.removeEventListener("keydown", onKey));
  });

  const countOf = (f: Folder) => counts.data()?.[f];
  const view = () => (selected() ? "thread" : "list");

  return (
    <div class="inbox" data-view={view()}>
      <h1 class="sr-only">{t("inbox.title")}</h1>
      <section class="inbox-list" aria-label={t("inbox.conversations")}>
        <nav class="inbox-folders" aria-label={t("inbox.folders")}>
          <For each={folders}>
            {(f) => (
              <button
                type="button"
                class="inbox-folder"
                aria-pressed={folder() === f}
                onClick={() => setParams({ folder: f, c: undefined })}
              >
                {t(`inbox.folder.${f}`)}
                <Show when={countOf(f) !== undefined}>
                  <span class="inbox-count">{countOf(f)}</span>
                </Show>
              </button>
            )}
          </For>
        </nav>
        <InboxViews current={viewFilters()} onApply={applyView} />
        <form
          class="inbox-filters"
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            setParams({
              q: String(data.get("q") ?? "") || undefined,
              kind: String(data.get("kind") ?? "") || undefined,
              label: String(data.get("label") ?? "") || undefined,
              status: String(data.get("status") ?? "") || undefined,
              priority: String(data.get("priority") ?? "") || undefined,
            });
          }}
        >
          <label class="sr-only" for="inbox-q">
            {t("inbox.search")}
          </label>
          <input id="inbox-q" name="q" type="search" placeholder={t("inbox.search")} value={params.q ?? ""} />
          <label class="sr-only" for="inbox-kind">
            {t("inbox.channel")}
          </label>
          <select
            id="inbox-kind"
            name="kind"
            value={params.kind ?? ""}
            onChange={(e) => setParams({ kind: e.currentTarget.value || undefined })}
          >
            <option value="">{t("inbox.anyChannel")}</option>
            <For each={channelKinds}>{(k) => <option value={k}>{t(`inbox.kind.${k}`)}</option>}</For>
          </select>
          <label class="sr-only" for="inbox-label">
            {t("inbox.label")}
          </label>
          <select
            id="inbox-label"
            name="label"
            value={params.label ?? ""}
            onChange={(e) => setParams({ label: e.currentTarget.value || undefined })}
          >
            <option value="">{t("inbox.anyLabel")}</option>
            <For each={labels.data()?.items ?? []}>{(l) => <option value={l.name}>{l.name}</option>}</For>
          </select>
          <label class="sr-only" for="inbox-status">
            {t("inboxMacros.status")}
          </label>
          <select
            id="inbox-status"
            name="status"
            value={params.status ?? ""}
            onChange={(e) => setParams({ status: e.currentTarget.value || undefined })}
          >
            <option value="">{t("inboxMacros.anyStatus")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`inbox.statusName.${s}`)}</option>}</For>
          </select>
          <label class="sr-only" for="inbox-priority-filter">
            {t("inbox.priority")}
          </label>
          <select
            id="inbox-priority-filter"
            name="priority"
            value={params.priority ?? ""}
            onChange={(e) => setParams({ priority: e.currentTarget.value || undefined })}
          >
            <option value="">{t("inboxMacros.anyPriority")}</option>
            <For each={priorities}>{(p) => <option value={p}>{t(`inbox.priorityName.${p}`)}</option>}</For>
          </select>
        </form>
        <Show when={chosen().length > 0}>
          <InboxBulkBar
            selected={chosen()}
            items={items()}
            labels={labels.data()?.items ?? []}
            onClear={() => setChosen([])}
            onDone={changed}
          />
        </Show>
        <ErrorAlert message={list.error()} />
        <Show
          when={items().length > 0 || list.loading()}
          fallback={
            <EmptyState icon={<InboxIcon />} title={t("inbox.empty")}>
              {t("inbox.emptyHint")}
            </EmptyState>
          }
        >
          <label class="inbox-select-all">
            <input
              type="checkbox"
              checked={allChosen()}
              ref={(el) => createEffect(() => (el.indeterminate = chosen().length > 0 && !allChosen()))}
              onChange={() => setChosen(allChosen() ? [] : items().map((c) => c.id))}
            />
            {t("inboxMacros.selectAll")}
          </label>
          <ul class="inbox-items">
            <For each={items()}>
              {(c) => (
                <li class="inbox-row" classList={{ chosen: isChosen(c.id) }}>
                  <input
                    type="checkbox"
                    class="inbox-check"
                    aria-label={t("inboxMacros.select", { name: c.personName })}
                    checked={isChosen(c.id)}
                    onClick={(e) => toggle(c.id, e.shiftKey)}
                  />
                  <a
                    class="inbox-item"
                    classList={{ unread: c.unreadCount > 0 }}
                    href={`/inbox?folder=${folder()}&c=${c.id}`}
                    aria-current={selected() === c.id ? "true" : undefined}
                    onClick={(e) => {
                      e.preventDefault();
                      open(c.id);
                    }}
                  >
                    <span class="inbox-item-top">
                      <span class="inbox-name">{c.personName}</span>
                      <RelativeTime at={c.lastMessageAt} now={now()} />
                    </span>
                    <span class="inbox-item-mid">
                      <span class={`inbox-kind kind-${c.channelKind}`}>{t(`inbox.kind.${c.channelKind}`)}</span>
                      <span class="inbox-preview">{c.preview ?? c.subject ?? ""}</span>
                      <Show when={c.unreadCount > 0}>
                        <span class="inbox-count">
                          <span aria-hidden="true">{c.unreadCount}</span>
                          <span class="sr-only">{t("inbox.unread", c.unreadCount)}</span>
                        </span>
                      </Show>
                    </span>
                    <Show when={c.replyDueAt}>
                      {(due) => (
                        <span class="inbox-due" classList={{ overdue: new Date(due()).getTime() <= now() }}>
                          {new Date(due()).getTime() <= now()
                            ? t("inbox.replyOverdue")
                            : t("inbox.replyDue", { at: timeUntil(due(), now()) })}
                        </span>
                      )}
                    </Show>
                    <Show when={c.labels.length > 0}>
                      <span class="inbox-labels">
                        <For each={c.labels}>{(l) => <LabelChip name={l} labels={labels.data()?.items ?? []} />}</For>
                      </span>
                    </Show>
                  </a>
                </li>
              )}
            </For>
          </ul>
          <Show when={nextCursor()}>
            <button type="button" class="btn btn-secondary inbox-more" onClick={loadMore}>
              {t("inbox.more")}
            </button>
          </Show>
        </Show>
      </section>
      <Show
        when={selected()}
        keyed
        fallback={
          <section class="inbox-thread inbox-placeholder" aria-label={t("inbox.conversations")}>
            <p>{t("inbox.pick")}</p>
          </section>
        }
      >
        {(id) => (
          <InboxThread
            id={id}
            labels={labels.data()?.items ?? []}
            canned={canned.data()?.items ?? []}
            onChanged={changed}
            onBack={() => open(undefined)}
          />
        )}
      </Show>
      <Show when={helpOpen()}>
        <div class="inbox-help" role="dialog" aria-modal="true" aria-labelledby="inbox-help-title">
          <h2 id="inbox-help-title">{t("inbox.shortcuts")}</h2>
          <dl>
            <For
              each={[
                ["j", t("inbox.shortcutList.next")],
                ["k", t("inbox.shortcutList.prev")],
                ["x", t("inboxMacros.shortcutSelect")],
                ["r", t("inbox.shortcutList.reply")],
                ["n", t("inbox.shortcutList.note")],
                ["e", t("inbox.shortcutList.resolve")],
                ["?", t("inbox.shortcutList.help")],
              ]}
            >
              {([key, label]) => (
                <>
                  <dt>
                    <kbd>{key}</kbd>
                  </dt>
                  <dd>{label}</dd>
                </>
              )}
            </For>
          </dl>
          <button type="button" class="btn btn-secondary" onClick={() => setHelpOpen(false)} autofocus>
            {t("inbox.shortcutList.close")}
          </button>
        </div>
      </Show>
    </div>
  );
}
