import { For, Index, Show } from "solid-js";
import type { WhatsAppChannel } from "../../components/marketing/api";
import { t } from "../../i18n";

/** Person fields a template variable can take; anything else is a fixed text. */
const personFields = ["first_name", "last_name", "name", "email"] as const;
type Source = (typeof personFields)[number] | "text";

export interface WhatsAppValue {
  inboxChannelId: string;
  /** `name|language` of the chosen template, or "". */
  template: string;
  /** One per `{{n}}`: `{{first_name}}`-style for a person field, or the fixed text. */
  variables: string[];
}

const sourceOf = (value: string): Source => {
  const m = /^\{\{(first_name|last_name|name|email)\}\}$/.exec(value.trim());
  return m ? (m[1] as Source) : "text";
};
export const templateKey = (name: string | null, language: string | null) => (name ? `${name}|${language}` : "");

/**
 * The WhatsApp message: a channel of the organisation, one of its approved templates (its body shown),
 * and each `{{n}}` mapped to a person field or a fixed text. The server refuses what is left unmapped.
 */
export function WhatsAppFields(props: {
  channels: WhatsAppChannel[] | undefined;
  value: WhatsAppValue;
  onChange: (next: WhatsAppValue) => void;
  invalid: (path: string) => boolean;
}) {
  const channel = () => props.channels?.find((c) => c.id === props.value.inboxChannelId);
  const template = () => channel()?.templates.find((x) => templateKey(x.name, x.language) === props.value.template);
  const set = (patch: Partial<WhatsAppValue>) => props.onChange({ ...props.value, ...patch });
  const setVariable = (i: number, value: string) =>
    set({ variables: props.value.variables.map((v, j) => (j === i ? value : v)) });
  const pick = (key: string) => {
    const chosen = channel()?.templates.find((x) => templateKey(x.name, x.language) === key);
    set({ template: key, variables: Array.from({ length: chosen?.variables ?? 0 }, () => "{{first_name}}") });
  };
  return (
    <>
      <Show
        when={(props.channels?.length ?? 1) > 0}
        fallback={<p class="muted">{t("campaigns.whatsapp.noChannels")}</p>}
      >
        <div class="field">
          <label for="campaign-wa-channel">{t("campaigns.whatsapp.channel")}</label>
          <select
            id="campaign-wa-channel"
            value={props.value.inboxChannelId}
            aria-invalid={props.invalid("inboxChannelId") ? "true" : undefined}
            onChange={(e) => set({ inboxChannelId: e.currentTarget.value, template: "", variables: [] })}
          >
            <option value="">{t("campaigns.whatsapp.pickChannel")}</option>
            <For each={props.channels}>{(c) => <option value={c.id}>{c.name}</option>}</For>
          </select>
        </div>
      </Show>
      <Show when={channel()}>
        {(c) => (
          <div class="field">
            <label for="campaign-template">{t("campaigns.whatsapp.template")}</label>
            <select
              id="campaign-template"
              value={props.value.template}
              aria-describedby="campaign-template-hint"
              aria-invalid={props.invalid("steps.0.templateName") ? "true" : undefined}
              onChange={(e) => pick(e.currentTarget.value)}
            >
              <option value="">{t("campaigns.whatsapp.pickTemplate")}</option>
              <For each={c().templates}>
                {(x) => (
                  <option value={templateKey(x.name, x.language)}>
                    {x.name} ({x.language})
                  </option>
                )}
              </For>
            </select>
            <span id="campaign-template-hint" class="field-hint">
              {c().templates.length > 0 ? t("campaigns.whatsapp.approvedOnly") : t("campaigns.whatsapp.noTemplates")}
            </span>
          </div>
        )}
      </Show>
      <Show when={template()}>
        {(x) => (
          <>
            <blockquote class="campaign-template-body">{x().body}</blockquote>
            <Index each={props.value.variables}>
              {(value, i) => (
                <fieldset class="field tk-fieldset campaign-variable">
                  <legend>{t("campaigns.whatsapp.variable", { n: `{{${i + 1}}}` })}</legend>
                  <label for={`wa-var-${i}`}>{t("campaigns.whatsapp.source")}</label>
                  <select
                    id={`wa-var-${i}`}
                    value={sourceOf(value())}
                    aria-invalid={props.invalid(`steps.0.templateVariables.${i}`) ? "true" : undefined}
                    onChange={(e) => {
                      const source = e.currentTarget.value as Source;
                      setVariable(i, source === "text" ? "" : `{{${source}}}`);
                    }}
                  >
                    <For each={personFields}>
                      {(f) => <option value={f}>{t(`campaigns.whatsapp.fields.${f}`)}</option>}
                    </For>
                    <option value="text">{t("campaigns.whatsapp.fields.text")}</option>
                  </select>
                  <Show when={sourceOf(value()) === "text"}>
                    <label for={`wa-text-${i}`}>{t("campaigns.whatsapp.text")}</label>
                    <input
                      id={`wa-text-${i}`}
                      value={value()}
                      maxLength={1024}
                      placeholder={t("campaigns.whatsapp.textPlaceholder")}
                      onInput={(e) => setVariable(i, e.currentTarget.value)}
                    />
                  </Show>
                </fieldset>
              )}
            </Index>
          </>
        )}
      </Show>
    </>
  );
}
