import { createSignal, type JSX, Show, untrack } from "solid-js";
import { ApiError, errorMessage, fieldMessage } from "../../api";
import { t } from "../../i18n";
import { ErrorAlert } from "./Alert";

/** What a dialog's fields need to show the server's per-field errors. */
export interface FormErrors {
  /** The server's message for one input path, if it named it. */
  field: (path: string) => string | undefined;
}

/** A refusal found before sending (nothing chosen): thrown from `submit`, it lands on the field like the server's. */
export function invalid(path: string, message: string): ApiError {
  return new ApiError(400, message, "validation", undefined, [{ path, message }]);
}

/**
 * A modal form in a native `<dialog>` (focus trapped, Escape closes): a title, the fields, the
 * server's message, and Cancel beside a submit button that says it is busy. `submit` throws to keep
 * the dialog open: an ApiError's `errors[]` are shown on the fields through `errors.field(path)`
 * (see `Field`), anything else above them. `ref` hands the element to the page (`showModal()`).
 */
export function DialogForm(props: {
  id: string;
  ref: (el: HTMLDialogElement) => void;
  title: JSX.Element;
  intro?: JSX.Element;
  submitLabel: string;
  busyLabel?: string;
  submit: (form: HTMLFormElement) => Promise<void>;
  onClose?: () => void;
  /** Shown instead of the form (the created API key, or a drawer's loading state). */
  done?: JSX.Element;
  wide?: boolean;
  danger?: boolean;
  /**
   * A side drawer (one account's details): Close sits in the head instead of Cancel, a successful
   * submit leaves it open (the page says what was saved), and `before`/`after` hold what is shown
   * around the form: facts above it, actions that apply at once below it.
   */
  drawer?: { before?: JSX.Element; after?: JSX.Element };
  children: (errors: FormErrors) => JSX.Element;
}) {
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  let dialog: HTMLDialogElement | undefined;
  let form: HTMLFormElement | undefined;

  // The paths the form shows beside an input; a named field the form does not show goes in the alert.
  const shown = new Set<string>();
  const errors: FormErrors = {
    field: (path) => {
      shown.add(path);
      return fieldMessage(failure(), path);
    },
  };
  const alertText = () => {
    const error = failure();
    if (error === undefined) return undefined;
    if (!(error instanceof ApiError) || error.fields.length === 0) return errorMessage(error);
    const elsewhere = error.fields.filter((f) => !shown.has(f.path));
    return elsewhere.length === 0
      ? t("kit.form.fix")
      : `${t("kit.form.fix")} ${elsewhere.map((f) => `${f.path}: ${f.message}`).join("; ")}`;
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await props.submit(event.currentTarget as HTMLFormElement);
      if (!props.done && !props.drawer) dialog?.close();
    } catch (error) {
      setFailure(() => error);
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setFailure(undefined);
    form?.reset();
    props.onClose?.();
  };

  const form_ = () => (
    <form class={props.drawer ? "form" : "form dialog-body"} ref={form} onSubmit={onSubmit} novalidate={false}>
      <Show when={props.intro}>
        <p class="muted">{props.intro}</p>
      </Show>
      <ErrorAlert message={alertText()} />
      {props.children(errors)}
      <div class="dialog-actions">
        <Show when={!props.drawer}>
          <button type="button" class="btn btn-secondary" onClick={() => dialog?.close()}>
            {t("kit.cancel")}
          </button>
        </Show>
        <button
          type="submit"
          class={props.danger ? "btn btn-danger" : "btn btn-primary"}
          disabled={busy()}
          aria-busy={busy()}
        >
          {busy() ? (props.busyLabel ?? t("kit.saving")) : props.submitLabel}
        </button>
      </div>
    </form>
  );

  return (
    <dialog
      class={props.drawer ? "dialog drawer" : props.wide ? "dialog dialog-wide" : "dialog"}
      ref={(el) => {
        dialog = el;
        props.ref(el);
      }}
      aria-labelledby={`${props.id}-title`}
      onClose={close}
    >
      <div class={props.drawer ? "dialog-head drawer-head" : "dialog-head"}>
        <h2 id={`${props.id}-title`} class="panel-title">
          {props.title}
        </h2>
        <Show when={props.drawer}>
          <button type="button" class="btn btn-secondary btn-small" onClick={() => dialog?.close()}>
            {t("kit.close")}
          </button>
        </Show>
      </div>
      <Show
        when={props.drawer}
        fallback={
          <Show when={!props.done} fallback={<div class="dialog-body">{props.done}</div>}>
            {form_()}
          </Show>
        }
      >
        {(drawer) => (
          <div class="dialog-body drawer-body">
            <Show when={!props.done} fallback={props.done}>
              {drawer().before}
              {form_()}
              {drawer().after}
            </Show>
          </div>
        )}
      </Show>
    </dialog>
  );
}

export interface FieldAria {
  readonly id: string;
  readonly "aria-invalid": "true" | undefined;
  readonly "aria-describedby": string | undefined;
}

/**
 * A labelled input with its hint and the server's message for it: `aria-invalid` and
 * `aria-describedby` point at whichever is shown.
 */
export function Field(props: {
  id: string;
  label: JSX.Element;
  hint?: JSX.Element;
  error?: string | undefined;
  class?: string;
  children: (aria: FieldAria) => JSX.Element;
}) {
  // Getters, so a spread `{...aria}` on the input follows the error without re-creating the input.
  const aria: FieldAria = {
    get id() {
      return props.id;
    },
    get "aria-invalid"() {
      return props.error ? ("true" as const) : undefined;
    },
    get "aria-describedby"() {
      return props.error ? `${props.id}-error` : props.hint ? `${props.id}-hint` : undefined;
    },
  };
  return (
    <div class={`field ${props.class ?? ""}`}>
      <label for={props.id}>{props.label}</label>
      {untrack(() => props.children(aria))}
      <Show
        when={props.error}
        fallback={
          <Show when={props.hint}>
            <span id={`${props.id}-hint`} class="field-hint">
              {props.hint}
            </span>
          </Show>
        }
      >
        <span id={`${props.id}-error`} class="field-error">
          {props.error}
        </span>
      </Show>
    </div>
  );
}
