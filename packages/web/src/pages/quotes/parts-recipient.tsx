import { useNavigate } from "@solidjs/router";
import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { crmApi } from "../../components/crm/api";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { SearchSelect } from "../../components/kit/SearchSelect";
import { t } from "../../i18n";
import { quotesApi } from "./api";

type Lead = Awaited<ReturnType<typeof quotesApi.leads>>["items"][number];

/** Finds an open lead: a search box narrowing a select of leads (number, title, person). */
function LeadPicker(props: { leadId?: string; error?: string | undefined; onLeads: (leads: Lead[]) => void }) {
  const [leads, setLeads] = createSignal<Lead[]>([]);
  const [chosen, setChosen] = createSignal(props.leadId ?? "");
  let timer: number | undefined;
  onCleanup(() => window.clearTimeout(timer));
  const search = (text: string) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      const found = (await quotesApi.leads(text)).items;
      setLeads(found);
      props.onLeads(found);
    }, 250);
  };
  onMount(() => search(""));
  return (
    <>
      <Field id="lead-search" label={t("quotes.create.leadSearch")} hint={t("quotes.create.leadHint")}>
        {(aria) => <input {...aria} type="search" autocomplete="off" onInput={(e) => search(e.currentTarget.value)} />}
      </Field>
      <Field id="lead-id" label={t("quotes.create.lead")} error={props.error}>
        {(aria) => (
          <select {...aria} name="leadId" value={chosen()} onChange={(e) => setChosen(e.currentTarget.value)}>
            <option value="">{t("quotes.create.choose")}</option>
            <For each={leads()}>
              {(lead) => (
                <option value={lead.id} selected={lead.id === chosen()}>
                  {lead.number} · {lead.title} · {lead.personName}
                </option>
              )}
            </For>
          </select>
        )}
      </Field>
    </>
  );
}

/**
 * "New quote": for an open lead (its person, currency and reseller come with it) or for a person
 * without one (a walk-in customer, an upgrade); name the quote and open the draft in the builder.
 */
export function NewQuoteDialog(props: { ref: (el: HTMLDialogElement) => void; leadId?: string }) {
  const navigate = useNavigate();
  const [forWhom, setForWhom] = createSignal<"lead" | "person">("lead");
  let leads: Lead[] = [];
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const title = String(data.get("title") ?? "").trim();
    if (forWhom() === "person") {
      const personId = String(data.get("personId") ?? "");
      if (!personId) throw invalid("personId", t("quotes.create.noPerson"));
      if (!title) throw invalid("title", t("quotes.create.noTitle"));
      const draft = await quotesApi.create({ personId, title });
      navigate(`/quotes/${draft.id}`);
      return;
    }
    const leadId = String(data.get("leadId") ?? "");
    if (!leadId) throw invalid("leadId", t("quotes.create.noLead"));
    const lead = leads.find((l) => l.id === leadId);
    const draft = await quotesApi.create({ leadId, title: title || lead?.title || "" });
    navigate(`/quotes/${draft.id}`);
  };
  return (
    <DialogForm
      id="new-quote"
      ref={props.ref}
      title={t("quotes.create.title")}
      intro={t("quotes.create.intro")}
      submitLabel={t("quotes.create.submit")}
      submit={submit}
      onClose={() => setForWhom("lead")}
    >
      {(errors) => (
        <>
          <fieldset class="signature-kind">
            <legend>{t("quotes.create.forWhom")}</legend>
            <label class="check">
              <input type="radio" name="for" checked={forWhom() === "lead"} onChange={() => setForWhom("lead")} />
              {t("quotes.create.forLead")}
            </label>
            <label class="check">
              <input type="radio" name="for" checked={forWhom() === "person"} onChange={() => setForWhom("person")} />
              {t("quotes.create.forPerson")}
            </label>
          </fieldset>
          <Show
            when={forWhom() === "lead"}
            fallback={
              <SearchSelect
                id="quote-person"
                name="personId"
                label={t("quotes.create.person")}
                searchLabel={t("quotes.create.personSearch")}
                hint={t("quotes.create.personHint")}
                choose={t("quotes.create.choosePerson")}
                error={errors.field("personId")}
                search={async (q) =>
                  (await crmApi.people({ ...(q ? { q } : {}), limit: "20" })).items.map((p) => ({
                    id: p.id,
                    label: [p.displayName, p.email ?? p.phone].filter(Boolean).join(" · "),
                  }))
                }
              />
            }
          >
            <LeadPicker
              leadId={props.leadId}
              error={errors.field("leadId")}
              onLeads={(found) => {
                leads = found;
              }}
            />
          </Show>
          <Field id="quote-title" label={t("quotes.create.quoteTitle")} error={errors.field("title")}>
            {(aria) => <input {...aria} name="title" maxLength={200} />}
          </Field>
        </>
      )}
    </DialogForm>
  );
}
