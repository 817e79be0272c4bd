import { createSignal, type JSX, Show } from "solid-js";
import { absoluteTime, relativeTime } from "../format";
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
        Try again
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
  sub: JSX.Element;
  tone?: "danger";
  children: JSX.Element;
}) {
  return (
    <section class={props.tone === "danger" ? "panel panel-danger" : "panel"} aria-labelledby={props.id}>
      <div class="panel-head">
        <h2 id={props.id} class="panel-title">
          {props.title}
        </h2>
        <p class="panel-sub">{props.sub}</p>
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

/** A row action that asks once inline before it does something that cannot be undone. */
export function ConfirmAction(props: {
  label: string;
  prompt: JSX.Element;
  confirmLabel: string;
  busyLabel?: string;
  open: boolean;
  busy: boolean;
  onOpen: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <Show
      when={props.open}
      fallback={
        <button type="button" class="btn btn-secondary" onClick={() => props.onOpen()}>
          {props.label}
        </button>
      }
    >
      <span class="confirm">
        <span>{props.prompt}</span>
        <button type="button" class="btn btn-danger" disabled={props.busy} onClick={() => props.onConfirm()}>
          {props.busy ? (props.busyLabel ?? "Revoking…") : props.confirmLabel}
        </button>
        <button type="button" class="btn btn-secondary" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </span>
    </Show>
  );
}

/** A button that asks once inline before an action that is hard to undo. */
export function InlineConfirm(props: {
  label: string;
  prompt: JSX.Element;
  confirmLabel: string;
  busyLabel: string;
  run: () => Promise<void>;
  danger?: boolean;
}) {
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let confirmButton: HTMLButtonElement | undefined;
  const confirm = async () => {
    setBusy(true);
    try {
      await props.run();
      setOpen(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show
      when={open()}
      fallback={
        <button
          type="button"
          class={props.danger ? "btn btn-danger-outline" : "btn btn-secondary"}
          onClick={() => {
            setOpen(true);
            queueMicrotask(() => confirmButton?.focus());
          }}
        >
          {props.label}
        </button>
      }
    >
      <span class="confirm">
        <span>{props.prompt}</span>
        <button
          type="button"
          class={props.danger ? "btn btn-danger" : "btn btn-primary"}
          ref={confirmButton}
          disabled={busy()}
          onClick={confirm}
        >
          {busy() ? props.busyLabel : props.confirmLabel}
        </button>
        <button type="button" class="btn btn-secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </span>
    </Show>
  );
}
