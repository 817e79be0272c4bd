import { A, useNavigate } from "@solidjs/router";
import type { InferResponseType } from "hono/client";
import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../api";
import { relativeTime, useNow } from "../format";
import { t } from "../i18n";
import { Spinner } from "./ui";

const endpoint = client.api.v1.notifications;
export type NotificationItem = InferResponseType<typeof endpoint.$get, 200>["items"][number];

const POLL_MS = 30_000;
const JSON_HEADERS = { headers: { "content-type": "application/json" } };

/** Stroke icons in the style of icons.tsx, decorative. */
export const BellIcon = () => (
  <svg
    class="icon"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
  </svg>
);

export const MailIcon = () => (
  <svg
    class="icon"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <rect x="2" y="4" width="20" height="16" rx="2" />
    <path d="m22 7-10 6L2 7" />
  </svg>
);

// One unread count for the page: the bell shows it, the Notifications page refreshes it after marking.
const [unread, setUnread] = createSignal<number>();

export { unread };

/** Asks the server for the unread count again (the bell's poll, and after anything marks read). */
export async function refreshUnread(): Promise<void> {
  try {
    const res = await send(endpoint["unread-count"].$get());
    setUnread((await res.json()).unread);
  } catch {
    // The badge keeps its last known value; the next poll tries again.
  }
}

export async function markRead(id: string): Promise<NotificationItem> {
  const res = await send(endpoint[":id"].read.$post({ param: { id } }, JSON_HEADERS));
  const item = await res.json();
  void refreshUnread();
  return item;
}

export async function markAllRead(): Promise<number> {
  const res = await send(endpoint["read-all"].$post(undefined, JSON_HEADERS));
  const { updated } = await res.json();
  setUnread(0);
  return updated;
}

export const countLabel = (n: number) => (n > 99 ? "99+" : String(n));

/**
 * The staff top bar's bell: the unread count (polled every 30 s and whenever the window regains focus)
 * and a menu of the latest 10 notifications with links to their tickets and "Mark all read".
 */
export function NotificationBell() {
  const navigate = useNavigate();
  const now = useNow();
  const [open, setOpen] = createSignal(false);
  const [items, setItems] = createSignal<NotificationItem[]>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let root: HTMLDivElement | undefined;
  let button: HTMLButtonElement | undefined;
  let panel: HTMLElement | undefined;

  const load = async () => {
    setError(undefined);
    try {
      const res = await send(endpoint.$get({ query: { limit: "10" } }));
      const page = await res.json();
      setItems(page.items);
      setUnread(page.unread);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const close = (refocus = false) => {
    setOpen(false);
    if (refocus) button?.focus();
  };

  const toggle = () => {
    if (open()) return close();
    setOpen(true);
    setItems(undefined);
    void load().then(() => panel?.querySelector<HTMLElement>("a, button:not(:disabled)")?.focus());
  };

  const follow = async (event: MouseEvent, item: NotificationItem) => {
    event.preventDefault();
    close();
    if (!item.readAt) await markRead(item.id).catch(() => undefined);
    if (item.link) navigate(item.link);
  };

  const readAll = async () => {
    setBusy(true);
    try {
      await markAllRead();
      setItems((list) => list?.map((n) => ({ ...n, readAt: n.readAt ?? new Date().toISOString() })));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const onDocumentClick = (event: MouseEvent) => {
    if (open() && root && !root.contains(event.target as Node)) close();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Escape" && open()) close(true);
  };
  const onFocus = () => void refreshUnread();
  const onVisible = () => {
    if (document.visibilityState === "visible") void refreshUnread();
  };

  onMount(() => {
    void refreshUnread();
    const timer = setInterval(() => void refreshUnread(), POLL_MS);
    window.addEventListener("focus", onFocus);
    document.addEventListener("visibilitychange", onVisible);
    document.addEventListener("click", onDocumentClick);
    onCleanup(() => {
      clearInterval(timer);
      window.removeEventListener("focus", onFocus);
      document.removeEventListener("visibilitychange", onVisible);
      document.removeEventListener("click", onDocumentClick);
    });
  });

  const label = () => {
    const n = unread() ?? 0;
    return n > 0 ? t("widgets.bell.unread", { n: String(n) }) : t("widgets.bell.label");
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the menu closes it; the controls inside are buttons and links.
    <div class="nb" ref={root} onKeyDown={onKey}>
      <button
        type="button"
        class="btn btn-topbar nb-button"
        ref={button}
        aria-label={label()}
        aria-expanded={open()}
        aria-controls={open() ? "nb-panel" : undefined}
        onClick={toggle}
      >
        <BellIcon />
        <Show when={(unread() ?? 0) > 0}>
          <span class="nb-count" aria-hidden="true">
            {countLabel(unread() ?? 0)}
          </span>
        </Show>
      </button>
      <Show when={open()}>
        <section id="nb-panel" class="nb-panel" aria-label={t("widgets.bell.latest")} ref={panel}>
          <div class="nb-head">
            <h2 class="nb-title">{t("widgets.bell.label")}</h2>
            <button type="button" class="btn-link" onClick={readAll} disabled={busy() || (unread() ?? 0) === 0}>
              {busy() ? t("widgets.bell.marking") : t("widgets.bell.markAll")}
            </button>
          </div>
          <Switch>
            <Match when={error()}>
              <p class="nb-state alert alert-error" role="alert">
                {error()}{" "}
                <button type="button" class="btn-link" onClick={load}>
                  {t("kit.retry")}
                </button>
              </p>
            </Match>
            <Match when={!items()}>
              <p class="nb-state">
                <Spinner label={t("widgets.bell.loading")} />
              </p>
            </Match>
            <Match when={items()?.length === 0}>
              <p class="nb-state muted">{t("widgets.bell.empty")}</p>
            </Match>
            <Match when={items()}>
              {(list) => (
                <ul class="nb-list">
                  <For each={list()}>
                    {(n) => (
                      <li class={n.readAt ? "nb-item" : "nb-item nb-unread"}>
                        <a href={n.link ?? "/notifications"} class="nb-link" onClick={(e) => follow(e, n)}>
                          <Show when={!n.readAt}>
                            <span class="sr-only">{t("widgets.bell.unreadPrefix")}</span>
                          </Show>
                          <span class="nb-item-title">{n.title}</span>
                          <Show when={n.body}>
                            <span class="nb-item-body">{n.body}</span>
                          </Show>
                          <time class="nb-item-time" datetime={n.createdAt}>
                            {relativeTime(n.createdAt, now())}
                          </time>
                        </a>
                      </li>
                    )}
                  </For>
                </ul>
              )}
            </Match>
          </Switch>
          <div class="nb-foot">
            <A href="/notifications" class="btn-link" onClick={() => close()}>
              {t("widgets.bell.viewAll")}
            </A>
          </div>
        </section>
      </Show>
    </div>
  );
}
