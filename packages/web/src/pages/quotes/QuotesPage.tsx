import { A, useSearchParams } from "@solidjs/router";
import { For, onMount, Show } from "solid-js";
import { BookIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
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
import { NewQuoteDialog } from "./parts-recipient";

const keys = ["q", "status"] as const;
const statuses = ["draft", "sent", "accepted", "rejected", "expired"] as const;
/** Quotes, newest first, filtered by status and searched; "New quote" starts one for a lead or a person. */
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
