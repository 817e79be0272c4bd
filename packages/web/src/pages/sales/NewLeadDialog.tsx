import { createSignal, For, onMount, Show } from "solid-js";
import { crmApi } from "../../components/crm/api";
import { DateInput } from "../../components/kit/DateInput";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { SearchSelect } from "../../components/kit/SearchSelect";
import { parseAmount } from "../../components/timecost/money";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { me } from "../../session";
import { type Lead, type LeadCreate, type Pipeline, salesApi } from "./api";

const sources = [
  "other",
  "phone",
  "walk_in",
  "referral",
  "website",
  "email",
  "whatsapp",
  "messenger",
  "instagram",
  "web_chat",
  "campaign",
  "reseller",
] as const;

/** "1,500.50" in `currency` to minor units; empty is zero; undefined when it is not an amount. */
function valueMinor(text: string, currency: string): number | undefined {
  if (text.trim() === "" || /^0+([.,]0+)?$/.test(text.trim())) return 0;
  return parseAmount(text, currency);
}

/**
 * "New lead": a title, the person (found, or typed as a new contact), the pipeline and stage (its first
 * by default), value and currency, expected close, owner (me by default) and source. The server answers
 * a second submit, or a contact it already knows, with the open lead it has (`created: false`).
 */
export function NewLeadDialog(props: {
  pipelines: Pipeline[];
  /** The pipeline shown where the form was opened. */
  pipelineId?: string;
  onCreated: (lead: Lead & { created: boolean }) => void;
  /** Closed (created or cancelled): the page unmounts it, so its searches run only while it is open. */
  onClose: () => void;
}) {
  let dialog: HTMLDialogElement | undefined;
  onMount(() => dialog?.showModal());
  const owners = createLoad(() => salesApi.owners());
  const [who, setWho] = createSignal<"existing" | "new">("existing");
  const [pipelineId, setPipelineId] = createSignal(props.pipelineId ?? "");
  const pipeline = () =>
    props.pipelines.find((p) => p.id === (pipelineId() || props.pipelineId)) ??
    props.pipelines.find((p) => p.isDefault);
  const myId = () => me()?.user.id ?? "";

  const submit = async (el: HTMLFormElement) => {
    const data = new FormData(el);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const currency = (text("currency") || "NGN").toUpperCase();
    const value = valueMinor(text("value"), currency);
    if (value === undefined) throw invalid("valueMinor", t("sales.create.badValue"));
    const person: Pick<LeadCreate, "personId" | "contact"> =
      who() === "existing"
        ? { personId: text("personId") || undefined }
        : {
            contact: {
              name: text("contactName"),
              ...(text("contactPhone") ? { phone: text("contactPhone") } : {}),
              ...(text("contactEmail") ? { email: text("contactEmail") } : {}),
            },
          };
    if (who() === "existing" && !person.personId) throw invalid("personId", t("sales.create.noPerson"));
    const lead = await salesApi.create({
      title: text("title"),
      ...person,
      ...(text("organizationId") ? { organizationId: text("organizationId") } : {}),
      ...(pipeline() ? { pipelineId: pipeline()?.id } : {}),
      ...(text("stageId") ? { stageId: text("stageId") } : {}),
      valueMinor: value,
      currency,
      ...(text("expectedCloseDate") ? { expectedCloseDate: text("expectedCloseDate") } : {}),
      ...(text("ownerUserId") ? { ownerUserId: text("ownerUserId") } : {}),
      source: text("source") as LeadCreate["source"],
    });
    props.onCreated(lead);
  };

  return (
    <DialogForm
      id="new-lead-dialog"
      ref={(el) => {
        dialog = el;
      }}
      wide
      title={t("sales.create.title")}
      submitLabel={t("sales.create.submit")}
      submit={submit}
      onClose={props.onClose}
    >
      {(errors) => (
        <div class="new-lead-grid">
          <Field id="new-lead-title" label={t("sales.create.leadTitle")} error={errors.field("title")} class="span-2">
            {(aria) => <input {...aria} name="title" required maxLength={200} autocomplete="off" />}
          </Field>
          <fieldset class="span-2 new-lead-who">
            <legend>{t("sales.create.person")}</legend>
            <label class="check">
              <input type="radio" name="who" checked={who() === "existing"} onChange={() => setWho("existing")} />
              {t("sales.create.existing")}
            </label>
            <label class="check">
              <input type="radio" name="who" checked={who() === "new"} onChange={() => setWho("new")} />
              {t("sales.create.newContact")}
            </label>
          </fieldset>
          <Show
            when={who() === "existing"}
            fallback={
              <>
                <Field
                  id="new-lead-contact-name"
                  label={t("sales.create.contactName")}
                  error={errors.field("contact.name")}
                >
                  {(aria) => <input {...aria} name="contactName" required maxLength={200} autocomplete="off" />}
                </Field>
                <Field
                  id="new-lead-contact-phone"
                  label={t("sales.create.contactPhone")}
                  hint={t("sales.create.contactHint")}
                  error={errors.field("contact.phone") ?? errors.field("contact")}
                >
                  {(aria) => <input {...aria} name="contactPhone" type="tel" autocomplete="off" maxLength={64} />}
                </Field>
                <Field
                  id="new-lead-contact-email"
                  label={t("sales.create.contactEmail")}
                  error={errors.field("contact.email")}
                >
                  {(aria) => <input {...aria} name="contactEmail" type="email" autocomplete="off" maxLength={320} />}
                </Field>
              </>
            }
          >
            <SearchSelect
              id="new-lead-person"
              name="personId"
              label={t("sales.create.personPick")}
              searchLabel={t("sales.create.personSearch")}
              hint={t("sales.create.personHint")}
              choose={t("sales.create.choosePerson")}
              error={errors.field("personId")}
              search={async (q) =>
                (await crmApi.people({ ...(q ? { q } : {}), limit: "20" })).items.map((p) => ({
                  id: p.id,
                  label: [p.displayName, p.phone ?? p.email].filter(Boolean).join(" · "),
                }))
              }
            />
          </Show>
          <SearchSelect
            id="new-lead-org"
            name="organizationId"
            label={t("sales.create.organization")}
            searchLabel={t("sales.create.organizationSearch")}
            choose={t("sales.create.noOrganization")}
            error={errors.field("organizationId")}
            search={async (q) =>
              (await crmApi.organizations({ ...(q ? { q } : {}), limit: "20" })).items.map((o) => ({
                id: o.id,
                label: o.name,
              }))
            }
          />
          <Field id="new-lead-pipeline" label={t("sales.create.pipeline")} error={errors.field("pipelineId")}>
            {(aria) => (
              <select {...aria} name="pipelineId" onChange={(e) => setPipelineId(e.currentTarget.value)}>
                <For each={props.pipelines}>
                  {(p) => (
                    <option value={p.id} selected={p.id === pipeline()?.id}>
                      {p.name}
                    </option>
                  )}
                </For>
              </select>
            )}
          </Field>
          <Field id="new-lead-stage" label={t("sales.create.stage")} error={errors.field("stageId")}>
            {(aria) => (
              <select {...aria} name="stageId">
                <For each={pipeline()?.stages ?? []}>{(s) => <option value={s.id}>{s.name}</option>}</For>
              </select>
            )}
          </Field>
          <Field
            id="new-lead-value"
            label={t("sales.create.value")}
            hint={t("sales.create.valueHint")}
            error={errors.field("valueMinor")}
          >
            {(aria) => <input {...aria} name="value" inputMode="decimal" autocomplete="off" placeholder="0.00" />}
          </Field>
          <Field id="new-lead-currency" label={t("sales.create.currency")} error={errors.field("currency")}>
            {(aria) => <input {...aria} name="currency" value="NGN" maxLength={3} autocomplete="off" />}
          </Field>
          <div class="field">
            <label for="new-lead-close">{t("sales.create.expectedClose")}</label>
            <DateInput
              id="new-lead-close"
              name="expectedCloseDate"
              kind="date"
              value=""
              error={errors.field("expectedCloseDate")}
            />
          </div>
          <Field id="new-lead-owner" label={t("sales.create.owner")} error={errors.field("ownerUserId")}>
            {(aria) => (
              <select {...aria} name="ownerUserId">
                <For each={owners.data()?.items ?? []}>
                  {(o) => (
                    <option value={o.id} selected={o.id === myId()}>
                      {o.id === myId() ? t("sales.create.me", { name: o.name }) : o.name}
                    </option>
                  )}
                </For>
              </select>
            )}
          </Field>
          <Field id="new-lead-source" label={t("sales.create.source")} error={errors.field("source")}>
            {(aria) => (
              <select {...aria} name="source">
                <For each={sources}>{(s) => <option value={s}>{t(`sales.source.${s}`)}</option>}</For>
              </select>
            )}
          </Field>
        </div>
      )}
    </DialogForm>
  );
}
