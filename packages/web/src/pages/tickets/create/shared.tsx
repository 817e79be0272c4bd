import { type JSX, Show } from "solid-js";
import { t } from "../../../i18n";

/** One field's server message, linked to its input by id. */
export function FieldMessage(props: { id: string; message: string | undefined }) {
  return (
    <Show when={props.message}>
      <span id={props.id} class="field-error">
        {props.message}
      </span>
    </Show>
  );
}

/** A chosen value of a picker, with a way to take it back. */
export function Picked(props: {
  label: string;
  id: string;
  children: JSX.Element;
  onRemove: () => void;
  error?: string;
}) {
  return (
    <fieldset class="field tk-fieldset">
      <legend class="tk-label">{props.label}</legend>
      <span class="tk-picked">
        <span>{props.children}</span>
        <button type="button" class="btn-link" onClick={() => props.onRemove()}>
          {t("ticketCreate.change")}
        </button>
      </span>
      <FieldMessage id={`${props.id}-error`} message={props.error} />
    </fieldset>
  );
}
