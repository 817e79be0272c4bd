import { createSignal, Show } from "solid-js";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { t } from "../../i18n";
import { type Quote, quotesApi } from "./api";

/** Send by email (the PDF attached) or in the lead's conversation, with a fresh single-use link. */
export function SendDialog(props: { ref: (el: HTMLDialogElement) => void; quote: Quote; onSent: (q: Quote) => void }) {
  const [via, setVia] = createSignal<"email" | "inbox">("email");
  return (
    <DialogForm
      id="send-quote"
      ref={props.ref}
      title={t("quotes.send.title", { number: props.quote.number })}
      submitLabel={t("quotes.send.submit")}
      submit={async (form) => {
        const data = new FormData(form);
        const to = String(data.get("to") ?? "").trim();
        const message = String(data.get("message") ?? "").trim();
        props.onSent(
          await quotesApi.send(props.quote.id, {
            via: via(),
            ...(via() === "email" && to ? { to } : {}),
            ...(message ? { message } : {}),
          }),
        );
      }}
    >
      {(errors) => (
        <>
          <fieldset class="signature-kind">
            <legend>{t("quotes.send.via")}</legend>
            <label class="check">
              <input type="radio" name="via" checked={via() === "email"} onChange={() => setVia("email")} />
              {t("quotes.send.email")}
            </label>
            <label class="check">
              <input type="radio" name="via" checked={via() === "inbox"} onChange={() => setVia("inbox")} />
              {t("quotes.send.inbox")}
            </label>
          </fieldset>
          <Show when={via() === "email"}>
            <Field id="send-to" label={t("quotes.send.to")} hint={t("quotes.send.toHint")} error={errors.field("to")}>
              {(aria) => <input {...aria} name="to" type="email" placeholder={props.quote.personEmail ?? ""} />}
            </Field>
          </Show>
          <Show when={errors.field("conversationId")}>
            <p class="field-error">{errors.field("conversationId")}</p>
          </Show>
          <Field
            id="send-message"
            label={t("quotes.send.message")}
            hint={t("quotes.send.messageHint")}
            error={errors.field("message")}
          >
            {(aria) => <textarea {...aria} name="message" rows={3} maxLength={2000} />}
          </Field>
        </>
      )}
    </DialogForm>
  );
}
