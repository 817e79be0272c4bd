import type { InferResponseType } from "hono/client";
import { createMemo, createSignal, For, Index, Show } from "solid-js";
import { client, read } from "../../api";
import { AttachmentUpload } from "../../components/AttachmentUpload";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { inboxUpload } from "./upload";

const templatesOf = client.api.v1.inbox.channels[":id"].templates;
type Template = InferResponseType<typeof templatesOf.$get, 200>["items"][number];

const bodyText = (tpl: Template) => {
  const body = tpl.components.find((c) => String(c.type).toUpperCase() === "BODY");
  return typeof body?.text === "string" ? body.text : "";
};
const mediaHeader = (tpl: Template) => ["IMAGE", "VIDEO", "DOCUMENT"].includes(tpl.headerFormat ?? "");

/**
 * WhatsApp outside the 24-hour window: pick an approved template of the channel, fill its `{{n}}`,
 * read the preview, send. One idempotency key per filled template, so a double submit is one message.
 */
export function TemplatePicker(props: {
  channelId: string;
  conversationId: string;
  onSend: (send: () => Promise<unknown>) => Promise<boolean>;
}) {
  const templates = createLoad(() => read(templatesOf.$get({ param: { id: props.channelId } })), {
    key: () => props.channelId,
  });
  const approved = () => (templates.data()?.items ?? []).filter((x) => x.status === "APPROVED");
  const [chosenId, setChosenId] = createSignal("");
  const [values, setValues] = createSignal<string[]>([]);
  const [header, setHeader] = createSignal<{ id: string }>();
  let sendKey = crypto.randomUUID();
  const chosen = () => approved().find((x) => x.id === chosenId());
  const preview = createMemo(() => {
    const tpl = chosen();
    if (!tpl) return "";
    return bodyText(tpl).replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => values()[Number(n) - 1] || whole);
  });
  const pick = (id: string) => {
    setChosenId(id);
    setValues(Array.from({ length: approved().find((x) => x.id === id)?.bodyVariables ?? 0 }, () => ""));
    setHeader(undefined);
    sendKey = crypto.randomUUID();
  };
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const tpl = chosen();
    const headerId = header()?.id;
    if (!tpl || (mediaHeader(tpl) && !headerId)) return;
    const sent = await props.onSend(() =>
      read(
        client.api.v1.inbox.conversations[":id"].messages.$post({
          param: { id: props.conversationId },
          json: {
            template: {
              name: tpl.name,
              language: tpl.language,
              variables: values(),
              ...(mediaHeader(tpl) && headerId ? { headerMediaUploadId: headerId } : {}),
            },
            idempotencyKey: sendKey,
          },
        }),
      ),
    );
    if (sent) pick("");
  };

  return (
    <form class="inbox-template" aria-labelledby="inbox-template-title" onSubmit={submit}>
      <h3 id="inbox-template-title">{t("inbox.template.title")}</h3>
      <Show when={!templates.loading() || templates.data()}>
        <Show
          when={approved().length > 0}
          fallback={<p class="muted">{templates.error() ?? t("inbox.template.none")}</p>}
        >
          <label for="inbox-template-pick">{t("inbox.template.pick")}</label>
          <select id="inbox-template-pick" value={chosenId()} onChange={(e) => pick(e.currentTarget.value)}>
            <option value="">{t("inbox.template.choose")}</option>
            <For each={approved()}>
              {(x) => (
                <option value={x.id}>
                  {x.name} ({x.language})
                </option>
              )}
            </For>
          </select>
          <Show when={chosen()}>
            {(tpl) => (
              <>
                <Index each={values()}>
                  {(value, i) => (
                    <>
                      <label for={`inbox-template-var-${i + 1}`}>
                        {t("inbox.template.variable", { n: String(i + 1) })}
                      </label>
                      <input
                        id={`inbox-template-var-${i + 1}`}
                        required
                        maxLength={1024}
                        value={value()}
                        onInput={(e) => {
                          const next = [...values()];
                          next[i] = e.currentTarget.value;
                          setValues(next);
                        }}
                      />
                    </>
                  )}
                </Index>
                <Show when={mediaHeader(tpl())}>
                  <p class="inbox-template-warning" classList={{ ready: !!header() }}>
                    {header()
                      ? t("inbox.template.headerReady")
                      : t("inbox.template.mediaHeader", { format: (tpl().headerFormat ?? "").toLowerCase() })}
                  </p>
                  <AttachmentUpload
                    label={t("inbox.template.uploadHeader")}
                    slot={inboxUpload.slot}
                    attach={inboxUpload.attach}
                    onAttached={(state) => setHeader({ id: state.id })}
                  />
                </Show>
                <figure class="inbox-template-preview">
                  <figcaption>{t("inbox.template.preview")}</figcaption>
                  <blockquote>{preview()}</blockquote>
                </figure>
                <button type="submit" class="btn btn-primary" disabled={mediaHeader(tpl()) && !header()}>
                  {t("inbox.template.send")}
                </button>
              </>
            )}
          </Show>
        </Show>
      </Show>
    </form>
  );
}

/** The composer's "Send a template" toggle and, opened, the picker (the window is closed). */
export function TemplateOffer(props: Parameters<typeof TemplatePicker>[0]) {
  const [open, setOpen] = createSignal(false);
  return (
    <>
      <button
        type="button"
        class="btn btn-secondary inbox-template-toggle"
        aria-expanded={open()}
        aria-controls="inbox-template-panel"
        onClick={() => setOpen(!open())}
      >
        {t("inbox.template.offer")}
      </button>
      <Show when={open()}>
        <div id="inbox-template-panel">
          <TemplatePicker {...props} />
        </div>
      </Show>
    </>
  );
}
