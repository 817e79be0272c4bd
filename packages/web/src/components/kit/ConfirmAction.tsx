import { createSignal, type JSX, Show } from "solid-js";
import { errorMessage } from "../../api";
import { t } from "../../i18n";

/**
 * A button that asks once, inline, before an action that is hard to undo: the question, the
 * confirming button (busy while it runs, focused when it appears) and Cancel. A failure of `run`
 * is shown beside it (or handed to `onError`) and the question stays open.
 */
export function ConfirmAction(props: {
  label: string;
  prompt: JSX.Element;
  confirmLabel: string;
  busyLabel?: string;
  run: () => Promise<void>;
  /** Danger styling (removals); otherwise a secondary button and a primary confirm. */
  danger?: boolean;
  /** A plain secondary trigger even for a `danger` action (row actions such as Revoke). */
  quiet?: boolean;
  small?: boolean;
  onError?: (failure: unknown) => void;
}) {
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let confirmButton: HTMLButtonElement | undefined;
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.run();
      setOpen(false);
    } catch (failure) {
      if (props.onError) props.onError(failure);
      else setError(errorMessage(failure));
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
          class={`btn ${props.danger && !props.quiet ? "btn-danger-outline" : "btn-secondary"}${props.small ? " btn-small" : ""}`}
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
          {busy() ? (props.busyLabel ?? t("kit.working")) : props.confirmLabel}
        </button>
        <button type="button" class="btn btn-secondary" onClick={() => setOpen(false)}>
          {t("kit.cancel")}
        </button>
        <Show when={error()}>
          <span class="field-error" role="alert">
            {error()}
          </span>
        </Show>
      </span>
    </Show>
  );
}
