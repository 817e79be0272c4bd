import "./sales.css";
import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { BookIcon } from "../../components/icons";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { type Column, DataTable, pagedTable } from "../../components/kit/DataTable";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, Panel } from "../../components/ui";
import { formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad, createPagedList } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { can } from "../../session";
import { type Lead, type LeadQuery, money, salesApi } from "./api";
import { NewLeadDialog } from "./NewLeadDialog";
import { SalesNav } from "./SalesNav";

const keys = ["q", "status", "stageId", "source", "owner", "closeFrom", "closeTo"] as const;
const statuses = ["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost"] as const;
const sources = [
  "whatsapp",
  "messenger",
  "instagram",
  "email",
  "web_chat",
  "phone",
  "campaign",
  "referral",
  "reseller",
  "walk_in",
  "website",
  "other",
] as const;

export const statusTone = (s: Lead["status"]) => (s === "won" ? "success" : s === "lost" ? "danger" : "info");

/** Every lead, filtered in the address bar, with bulk assign (owner) and bulk move (pipeline). */
export function LeadsPage() {
  useTitle(t("sales.list.title"));
  const filters = useUrlFilters(keys);
  const pipelines = createLoad(() => salesApi.pipelines());
  const owners = createLoad(() => salesApi.owners());
  const list = createPagedList(
    (cursor) => {
      const v = filters.values();
      const query = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== "")) as LeadQuery;
      return salesApi.list({ ...query, ...(cursor ? { cursor } : {}) });
    },
    { key: () => filters.values() },
  );
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const stages = () => pipelines.data()?.items.flatMap((p) => p.stages.map((s) => ({ ...s, pipeline: p.name }))) ?? [];

  const toggle = (id: string) =>
    setSelected((cur) => {
      const next = new Set(cur);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () =>
    setSelected((cur) => {
      const all = (list.items() ?? []).map((l) => l.id);
      return cur.size === all.length ? new Set<string>() : new Set(all);
    });

  const bulk = async (form: HTMLFormElement, action: "assign" | "move") => {
    const data = new FormData(form);
    const ids = [...selected()];
    setFailure(undefined);
    try {
      if (action === "assign") {
        const owner = String(data.get("ownerUserId") ?? "");
        const r = await salesApi.bulkAssign(ids, owner === "" ? null : owner);
        setNotice(t("sales.list.assigned", r.updated));
      } else {
        const r = await salesApi.bulkMove(ids, String(data.get("pipelineId") ?? ""));
        setNotice(
          [t("sales.list.movedCount", r.updated), r.skipped.length ? t("sales.list.skipped", r.skipped.length) : ""]
            .filter(Boolean)
            .join(", "),
        );
      }
      setSelected(new Set<string>());
      await list.refresh();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const [newLead, setNewLead] = createSignal(false);
  const columns: Column<Lead>[] = [
    {
      id: "number",
      header: t("sales.list.number"),
      rowHeader: true,
      cell: (l) => (
        <A href={`/sales/leads/${l.id}`}>
          <span class="mono">{l.number}</span>
        </A>
      ),
    },
    { id: "title", header: t("sales.list.leadTitle"), cell: (l) => l.title },
    { id: "person", header: t("sales.list.person"), cell: (l) => l.personName },
    { id: "stage", header: t("sales.list.stage"), cell: (l) => l.stageName },
    {
      id: "status",
      header: t("sales.list.status"),
      cell: (l) => <Badge tone={statusTone(l.status)}>{t(`sales.status.${l.status}`)}</Badge>,
    },
    { id: "owner", header: t("sales.list.owner"), cell: (l) => l.ownerName ?? "—" },
    {
      id: "value",
      header: t("sales.list.value"),
      class: "num",
      compare: (a, b) => a.valueMinor - b.valueMinor,
      cell: (l) => money(l.valueMinor, l.currency),
    },
    {
      id: "close",
      header: t("sales.list.expectedClose"),
      cell: (l) => (l.expectedCloseDate ? formatDate(`${l.expectedCloseDate}T12:00:00Z`) : "—"),
    },
  ];

  return (
    <div class="page sales-page">
      <PageHeader
        title={t("sales.list.title")}
        sub={t("sales.list.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={() => void list.refresh()}
        refreshing={list.loading()}
        actions={
          <Show when={can("crm:lead:write")}>
            <button type="button" class="btn btn-primary" onClick={() => setNewLead(true)}>
              {t("sales.create.open")}
            </button>
          </Show>
        }
      />
      <SalesNav />
      <Show when={newLead()}>
        <NewLeadDialog
          onClose={() => setNewLead(false)}
          pipelines={pipelines.data()?.items ?? []}
          onCreated={(lead) => {
            setNotice(
              lead.created
                ? t("sales.create.created", { number: lead.number, stage: lead.stageName })
                : t("sales.create.already", { person: lead.personName, number: lead.number }),
            );
            void list.refresh();
          }}
        />
      </Show>
      <FilterBar
        id="lead-filters"
        label={t("sales.list.filters")}
        filtered={filters.isFiltered()}
        activeCount={filters.count() - (filters.values().q ? 1 : 0)}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
        primary={
          <div class="field">
            <label for="lead-q">{t("sales.list.q")}</label>
            <input id="lead-q" name="q" type="search" placeholder={t("sales.list.qHint")} value={filters.values().q} />
          </div>
        }
      >
        <div class="field">
          <label for="lead-status">{t("sales.list.status")}</label>
          <select id="lead-status" name="status" value={filters.values().status}>
            <option value="">{t("sales.list.anyStatus")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`sales.status.${s}`)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="lead-stage">{t("sales.list.stage")}</label>
          <select id="lead-stage" name="stageId" value={filters.values().stageId}>
            <option value="">{t("sales.list.anyStage")}</option>
            <For each={stages()}>
              {(s) => (
                <option value={s.id} selected={s.id === filters.values().stageId}>
                  {s.pipeline}: {s.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="lead-source">{t("sales.list.source")}</label>
          <select id="lead-source" name="source" value={filters.values().source}>
            <option value="">{t("sales.list.anySource")}</option>
            <For each={sources}>{(s) => <option value={s}>{t(`sales.source.${s}`)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="lead-owner">{t("sales.list.owner")}</label>
          <select id="lead-owner" name="owner" value={filters.values().owner}>
            <option value="">{t("sales.board.anyone")}</option>
            <option value="me">{t("sales.board.mine")}</option>
            <option value="none">{t("sales.board.unowned")}</option>
            <For each={owners.data()?.items ?? []}>
              {(o) => (
                <option value={o.id} selected={o.id === filters.values().owner}>
                  {o.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="lead-from">{t("sales.list.closeFrom")}</label>
          <input id="lead-from" name="closeFrom" type="date" value={filters.values().closeFrom} />
        </div>
        <div class="field">
          <label for="lead-to">{t("sales.list.closeTo")}</label>
          <input id="lead-to" name="closeTo" type="date" value={filters.values().closeTo} />
        </div>
      </FilterBar>
      <Notice message={notice()} />
      <ErrorAlert message={failure() ?? (list.failure() ? list.error() : undefined)} />
      <Show when={selected().size > 0}>
        <section class="panel sales-bulk" aria-label={t("sales.list.selected", selected().size)}>
          <p>
            <strong>{t("sales.list.selected", selected().size)}</strong>
          </p>
          <form
            class="sales-bulk-form"
            onSubmit={(e) => {
              e.preventDefault();
              void bulk(e.currentTarget, "assign");
            }}
          >
            <label for="bulk-owner">{t("sales.list.assignTo")}</label>
            <select id="bulk-owner" name="ownerUserId">
              <option value="">{t("sales.board.unowned")}</option>
              <For each={owners.data()?.items ?? []}>{(o) => <option value={o.id}>{o.name}</option>}</For>
            </select>
            <button type="submit" class="btn btn-primary btn-small">
              {t("sales.list.assign")}
            </button>
          </form>
          <form
            class="sales-bulk-form"
            onSubmit={(e) => {
              e.preventDefault();
              void bulk(e.currentTarget, "move");
            }}
          >
            <label for="bulk-pipeline">{t("sales.list.moveToPipeline")}</label>
            <select id="bulk-pipeline" name="pipelineId">
              <For each={pipelines.data()?.items ?? []}>{(p) => <option value={p.id}>{p.name}</option>}</For>
            </select>
            <button type="submit" class="btn btn-secondary btn-small">
              {t("sales.list.move")}
            </button>
          </form>
        </section>
      </Show>
      <Panel id="leads-title" title={t("sales.list.title")}>
        <DataTable
          class="leads-table"
          labelledBy="leads-title"
          columns={columns}
          rowKey={(l) => l.id}
          selection={{
            selected: selected(),
            onToggle: toggle,
            onToggleAll: toggleAll,
            rowLabel: (l) => t("sales.list.select", { number: l.number }),
            allLabel: t("sales.list.selectAll"),
          }}
          empty={{ icon: <BookIcon />, title: t("sales.list.empty") }}
          {...pagedTable(list, (n) => t("sales.list.allShown", n))}
        />
      </Panel>
    </div>
  );
}
