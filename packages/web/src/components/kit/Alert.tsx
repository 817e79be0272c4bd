import { type JSX, Show } from "solid-js";
import { AlertIcon } from "../icons";

/** A failure the user should read at once (role=alert); renders nothing without a message. */
export function ErrorAlert(props: { message: JSX.Element | undefined; id?: string; class?: string }) {
  return (
    <Show when={props.message}>
      <div class={`alert alert-error alert-row ${props.class ?? ""}`} role="alert" id={props.id}>
        <AlertIcon />
        <span>{props.message}</span>
      </div>
    </Show>
  );
}

/** A quiet confirmation of something that worked (role=status). */
export function Notice(props: { message: JSX.Element | undefined; tone?: "success" | "info"; class?: string }) {
  return (
    <Show when={props.message}>
      <div class={`alert alert-${props.tone ?? "success"} ${props.class ?? ""}`} role="status">
        {props.message}
      </div>
    </Show>
  );
}

/** Text for screen readers only, read politely when it changes ("12 tickets shown"). */
export function LiveRegion(props: { message: string }) {
  return (
    <p class="sr-only" role="status" aria-live="polite">
      {props.message}
    </p>
  );
}
