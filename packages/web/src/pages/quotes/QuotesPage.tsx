import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney } from "../../components/timecost/money";
import { Panel } from "../../components/ui";
import { formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { can } from "../../session";
import { type QuoteSummary, quotesApi } from "./api";
import { StatusBadge } from "./parts";

const keys = ["q", "status"] as const;
const statuses = ["draft", "sent", "accepted", "rejected", "expired"] as const;
type Lead = Awaited<ReturnType<typeof quotesApi.leads>>["items"][number];

/** "New quote": find an open lead, name the quote, and open the draft in the builder. */
function NewQuoteDialog(props: { ref: (el: HTMLDialogElement) => void; leadId?: string }) {
  const navigate = useNavigate();
  const [leads, setLeads] = createSignal<Lead[]>([]);
  const [chosen, setChosen] = createSignal(props.leadId ?? "");
  let timer: number | undefined;
  const search = (text: string) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => setLeads((await quotesApi.leads(text)).items), 250);
  };
  onMount(() => search(""));
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const leadId = String(data.get("leadId") ?? "");
    if (!leadId) throw invalid("leadId", t("quotes.create.noLead"));
    const lead = leads().find((l) => l.id === leadId);
    const title = String(data.get("title") ?? "").trim() || lead?.title || "";
    const draft = await quotesApi.create({ leadId, title });
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
    >
      {(errors) => (
        <>
          <Field id="lead-search" label={t("quotes.create.leadSearch")} hint={t("quotes.create.leadHint")}>
            {(aria) => (
              <input {...aria} type="search" autocomplete="off" onInput={(e) => search(e.currentTarget.value)} />
            )}
          </Field>
          <Field id="lead-id" label={t("quotes.create.lead")} error={errors.field("leadId")}>
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
          <Field id="quote-title" label={t("quotes.create.quoteTitle")} error={errors.field("title")}>
            {(aria) => <input {...aria} name="title" maxLength={200} />}
          </Field>
        </>
      )}
    </DialogForm>
  );
}

/** Quotes, newest first, filtered by status and searched; "New quote" starts one from a lead. */
export function QuotesPage() {
  useTitle(t("quotes.list.title"));
  const filters = useUrlFilters(keys);
  const [params] = useSearchParams();
  const list = createLoad(
    () =>
      quotesApi.list({
        ...(filters.values().q ? { q: filters.values().q } : {}),
        ...(filters.values().status ? { status: filters.values().status as (typeof statuses)[number] } : {}),
      }),
    { key: filters.values, keepOnError: true },
  );
  let dialog: HTMLDialogElement | undefined;
  onMount(() => {
    if (params.leadId) dialog?.showModal();
  });
  const columns: Column<QuoteSummary>[] = [
    {
      id: "number",
      header: t("quotes.list.number"),
      class: "mono",
      cell: (q) => <A href={`/quotes/${q.id}`}>{q.number}</A>,
    },
    { id: "title", header: t("quotes.list.quoteTitle"), rowHeader: true, cell: (q) => q.title },
    { id: "customer", header: t("quotes.list.customer"), cell: (q) => q.personName },
    { id: "status", header: t("quotes.list.status"), cell: (q) => <StatusBadge status={q.status} /> },
    { id: "total", header: t("quotes.list.total"), class: "num", cell: (q) => formatMoney(q.totalMinor, q.currency) },
    { id: "expires", header: t("quotes.list.validUntil"), cell: (q) => formatDate(q.expiresAt) },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("quotes.list.title")}
        sub={t("quotes.list.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
        actions={
          <Show when={can("crm:quote:write")}>
            <button type="button" class="btn btn-primary" onClick={() => dialog?.showModal()}>
              {t("quotes.list.create")}
            </button>
          </Show>
        }
      />
      <FilterBar
        id="quote-filters"
        label={t("quotes.list.filters")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="quotes-q">{t("quotes.list.search")}</label>
          <input id="quotes-q" name="q" type="search" value={filters.values().q} />
        </div>
        <div class="field">
          <label for="quotes-status">{t("quotes.list.status")}</label>
          <select id="quotes-status" name="status" value={filters.values().status}>
            <option value="">{t("quotes.list.anyStatus")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`quotes.status.${s}`)}</option>}</For>
          </select>
        </div>
      </FilterBar>
      <Panel id="quotes-title" title={t("quotes.list.title")}>
        <DataTable
          class="quotes-table"
          labelledBy="quotes-title"
          columns={columns}
          rows={list.data()?.items}
          loading={list.loading() && !list.data()}
          error={list.error()}
          onRetry={() => void list.refresh()}
          rowKey={(q) => q.id}
          empty={{ icon: <BookIcon />, title: t("quotes.list.empty") }}
        />
      </Panel>
      <NewQuoteDialog
        ref={(el) => {
          dialog = el;
        }}
        leadId={typeof params.leadId === "string" ? params.leadId : undefined}
      />
    </div>
  );
}
