import type { InferRequestType } from "hono/client";
import { createMemo, createSignal, For } from "solid-js";
import { client, read } from "../../api";
import { DownloadIcon, ShieldIcon } from "../../components/icons";
import { LiveRegion } from "../../components/kit/Alert";
import { DataTable, pagedTable } from "../../components/kit/DataTable";
import { DateInput } from "../../components/kit/DateInput";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { formatNumber, useNow, useTitle } from "../../format";
import { t } from "../../i18n";
import { createPagedList } from "../../lib/load";
import { type FilterValues, formValues, useUrlFilters } from "../../lib/url-filters";
import { type AuditEvent, auditColumns } from "./AuditTable";
import { actions } from "./actions";

const endpoint = client.api.v1.audit;
type Query = NonNullable<InferRequestType<typeof endpoint.$get>["query"]>;

const PAGE_SIZE = 50;
const filterKeys = ["action", "entityType", "actor", "from", "to"] as const;
type Filters = FilterValues<(typeof filterKeys)[number]>;
/** Behind the "Filters" toggle: everything but the action, so the events start on a phone's first screen. */
const foldedKeys = ["entityType", "actor", "from", "to"] as const;

/** The address-bar filters as the API's query. Days are the viewer's local days: `to` includes all of its day. */
function toQuery(f: Filters): Query {
  const day = (d: string, plus = 0) => {
    const at = new Date(`${d}T00:00:00`);
    at.setDate(at.getDate() + plus);
    return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
  };
  const query: Record<string, string> = {};
  if (f.action) query.action = f.action;
  if (f.entityType) query.entityType = f.entityType;
  if (f.actor) query.actor = f.actor;
  const from = f.from ? day(f.from) : undefined;
  const to = f.to ? day(f.to, 1) : undefined;
  if (from) query.from = from;
  if (to) query.to = to;
  return query as Query;
}

/** Every recorded change, sign-in and job run, newest first, with filters, paging and a CSV export. */
export function AuditPage() {
  useTitle(t("audit.title"));
  const now = useNow();
  const filters = useUrlFilters(filterKeys);
  const [announcement, setAnnouncement] = createSignal("");

  const list = createPagedList<AuditEvent>(
    (cursor) =>
      read(
        endpoint.$get({
          query: { ...toQuery(filters.values()), limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) },
        }),
      ),
    {
      key: filters.values,
      onPage: (items, first) => {
        const count = formatNumber(items.length);
        setAnnouncement(first ? t("audit.shown", { count }) : t("audit.moreLoaded", { count }));
      },
    },
  );

  const exportHref = () => {
    const url = endpoint["export.csv"].$url({ query: toQuery(filters.values()) });
    return url.pathname + url.search;
  };
  const columns = createMemo(() => auditColumns(now));

  return (
    <div class="page">
      <PageHeader
        title={t("audit.title")}
        sub={t("audit.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
        actions={
          <a class="btn btn-secondary" href={exportHref()} download="">
            <DownloadIcon />
            {t("audit.export")}
          </a>
        }
      />
      <LiveRegion message={announcement()} />

      <FilterBar
        id="audit-filters"
        label={t("audit.filterLabel")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, filterKeys))}
        onClear={filters.clear}
        activeCount={foldedKeys.filter((k) => filters.values()[k] !== "").length}
        primary={
          <div class="field filter-search">
            <label for="f-action" class="sr-only">
              {t("audit.action")}
            </label>
            <select id="f-action" name="action" value={filters.values().action}>
              <option value="">{t("audit.allActions")}</option>
              <For each={actions}>{(a) => <option value={a}>{a}</option>}</For>
            </select>
          </div>
        }
      >
        <div class="field">
          <label for="f-entity">{t("audit.entityType")}</label>
          <input
            id="f-entity"
            name="entityType"
            value={filters.values().entityType}
            placeholder={t("audit.entityPlaceholder")}
          />
        </div>
        <div class="field">
          <label for="f-actor">{t("audit.actorLabel")}</label>
          <input id="f-actor" name="actor" value={filters.values().actor} placeholder={t("audit.actorPlaceholder")} />
        </div>
        <div class="field">
          <label for="f-from">{t("audit.from")}</label>
          <DateInput id="f-from" name="from" kind="date" value={filters.values().from} />
        </div>
        <div class="field">
          <label for="f-to">{t("audit.to")}</label>
          <DateInput id="f-to" name="to" kind="date" value={filters.values().to} />
        </div>
      </FilterBar>

      <Panel
        id="audit-events-title"
        title={t("audit.events")}
        sub={filters.isFiltered() ? t("audit.eventsFiltered") : t("audit.eventsAll")}
      >
        <DataTable
          class="audit-table"
          labelledBy="audit-events-title"
          columns={columns()}
          rowKey={(e) => e.id}
          errorTitle={t("audit.loadFailed")}
          skeletonRows={6}
          empty={
            filters.isFiltered()
              ? { icon: <ShieldIcon />, title: t("audit.emptyFilteredTitle"), body: t("audit.emptyFilteredBody") }
              : { icon: <ShieldIcon />, title: t("audit.emptyTitle"), body: t("audit.emptyBody") }
          }
          {...pagedTable(list, (count) => t("audit.allShown", count))}
        />
      </Panel>
    </div>
  );
}
