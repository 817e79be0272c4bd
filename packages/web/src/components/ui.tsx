import { type JSX, Show } from "solid-js";
import { absoluteTime, relativeTime } from "../format";
import { t } from "../i18n";
import { AlertIcon, RefreshIcon } from "./icons";

export type Tone = "success" | "danger" | "warning" | "info" | "neutral";

/** A status pill: a coloured dot plus the word, so colour is never the only signal. */
export function Badge(props: { tone: Tone; children: JSX.Element }) {
  return (
    <span class={`badge badge-${props.tone}`}>
      <span class="badge-dot" aria-hidden="true" />
      {props.children}
    </span>
  );
}

export function Spinner(props: { label?: string }) {
  return (
    <span class="spinner">
      <span class="spinner-ring" aria-hidden="true" />
      <Show when={props.label}>
        <span class="sr-only">{props.label}</span>
      </Show>
    </span>
  );
}

export function EmptyState(props: { icon: JSX.Element; title: string; children?: JSX.Element }) {
  return (
    <div class="empty">
      <div class="empty-icon">{props.icon}</div>
      <p class="empty-title">{props.title}</p>
      <Show when={props.children}>
        <p class="empty-body">{props.children}</p>
      </Show>
    </div>
  );
}

/** A failed load with the server's explanation and a way to try again. */
export function ErrorState(props: { title: string; detail: string; onRetry: () => void; busy?: boolean }) {
  return (
    <div class="error-state" role="alert">
      <div class="error-state-icon">
        <AlertIcon />
      </div>
      <h2 class="error-state-title">{props.title}</h2>
      <p class="error-state-detail">{props.detail}</p>
      <button type="button" class="btn btn-primary" onClick={() => props.onRetry()}>
        <RefreshIcon spinning={props.busy} />
        {t("kit.retry")}
      </button>
    </div>
  );
}

export function Skeleton(props: { class?: string }) {
  return <span class={`skeleton ${props.class ?? ""}`} aria-hidden="true" />;
}

/** A titled section of a page; the heading labels the region for assistive technology. */
export function Panel(props: {
  id: string;
  title: JSX.Element;
  sub?: JSX.Element;
  tone?: "danger";
  /** Buttons at the end of the panel's heading row. */
  actions?: JSX.Element;
  class?: string;
  children: JSX.Element;
}) {
  return (
    <section
      class={`${props.tone === "danger" ? "panel panel-danger" : "panel"} ${props.class ?? ""}`}
      aria-labelledby={props.id}
    >
      <div class={props.actions ? "panel-head panel-head-actions" : "panel-head"}>
        <div>
          <h2 id={props.id} class="panel-title">
            {props.title}
          </h2>
          <Show when={props.sub}>
            <p class="panel-sub">{props.sub}</p>
          </Show>
        </div>
        <Show when={props.actions}>
          <div class="panel-actions">{props.actions}</div>
        </Show>
      </div>
      {props.children}
    </section>
  );
}

/** "3 minutes ago" with the exact time on hover; `fallback` when there is no time (e.g. never used). */
export function RelativeTime(props: { at: string | null | undefined; now: number; fallback?: string }) {
  return (
    <Show when={props.at} fallback={<span class="muted">{props.fallback ?? "—"}</span>}>
      {(at) => (
        <time datetime={at()} title={absoluteTime(at())}>
          {relativeTime(at(), props.now)}
        </time>
      )}
    </Show>
  );
}
