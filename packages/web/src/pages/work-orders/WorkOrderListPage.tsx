import { A, useSearchParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { dateTimeShort, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type ListQuery, statuses, statusTone, type WorkOrder, workOrderApi, workTypes } from "./api";

/** Staff: the work orders, filtered by status, type, assignee and scheduled date (the URL keeps the filters). */
export function WorkOrderListPage() {
  useTitle(t("workOrders.title"));
  const [params, setParams] = useSearchParams<{
    status?: string;
    type?: string;
    assignee?: string;
    from?: string;
    to?: string;
    q?: string;
  }>();
  const [more, setMore] = createSignal<WorkOrder[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const query = (): ListQuery => ({
    ...(params.status ? { status: params.status } : {}),
    ...(params.type ? { workType: params.type } : {}),
    ...(params.assignee ? { assignee: params.assignee } : {}),
    ...(params.from ? { from: params.from } : {}),
    ...(params.to ? { to: params.to } : {}),
    ...(params.q ? { q: params.q } : {}),
  });
  const page = createLoad(
    async () => {
      const result = await workOrderApi.list(query());
      setMore([]);
      setCursor(result.nextCursor);
      return result.items;
    },
    { key: () => JSON.stringify(query()) },
  );
  const items = () => [...(page.data() ?? []), ...more()];
  const loadMore = async () => {
    const next = cursor();
    if (!next) return;
    const result = await workOrderApi.list({ ...query(), cursor: next });
    setMore([...more(), ...result.items]);
    setCursor(result.nextCursor);
  };
  const set = (name: string) => (event: Event) =>
    setParams({ [name]: (event.currentTarget as HTMLInputElement | HTMLSelectElement).value || undefined });

  return (
    <div class="page">
      <PageHeader
        title={t("workOrders.title")}
        sub={t("workOrders.sub")}
        refreshedAt={page.refreshedAt()}
        onRefresh={() => void page.refresh()}
        refreshing={page.loading()}
        actions={
          <Show when={can("operations:work_order:create")}>
            <A class="btn btn-primary" href="/work-orders/new">
              {t("workOrders.new")}
            </A>
          </Show>
        }
      />
      <form class="filter-bar wo-filters" aria-label={t("workOrders.filters")} onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          <span>{t("workOrders.status")}</span>
          <select name="status" value={params.status ?? ""} onChange={set("status")}>
            <option value="">{t("workOrders.allStatuses")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`workOrders.statuses.${s}`)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>{t("workOrders.type")}</span>
          <select name="type" value={params.type ?? ""} onChange={set("type")}>
            <option value="">{t("workOrders.allTypes")}</option>
            <For each={workTypes}>{(s) => <option value={s}>{t(`workOrders.types.${s}`)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>{t("workOrders.assignee")}</span>
          <select name="assignee" value={params.assignee ?? ""} onChange={set("assignee")}>
            <option value="">{t("workOrders.anyone")}</option>
            <option value="me">{t("workOrders.me")}</option>
            <option value="none">{t("workOrders.unassigned")}</option>
          </select>
        </label>
        <label class="field">
          <span>{t("workOrders.from")}</span>
          <input type="date" name="from" value={params.from ?? ""} onChange={set("from")} />
        </label>
        <label class="field">
          <span>{t("workOrders.to")}</span>
          <input type="date" name="to" value={params.to ?? ""} onChange={set("to")} />
        </label>
        <label class="field">
          <span>{t("workOrders.search")}</span>
          <input
            type="search"
            name="q"
            value={params.q ?? ""}
            placeholder={t("workOrders.searchPlaceholder")}
            onChange={set("q")}
          />
        </label>
      </form>
      <ErrorAlert message={page.error() && t("workOrders.loadFailed", { error: page.error() ?? "" })} />
      <div class="panel wo-table-wrap">
        <table class="tk-table wo-table">
          <thead>
            <tr>
              <th scope="col">{t("workOrders.number")}</th>
              <th scope="col">{t("workOrders.jobTitle")}</th>
              <th scope="col">{t("workOrders.status")}</th>
              <th scope="col">{t("workOrders.type")}</th>
              <th scope="col">{t("workOrders.assignee")}</th>
              <th scope="col">{t("workOrders.scheduled")}</th>
              <th scope="col">{t("workOrders.customer")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={items()}
              fallback={
                <tr>
                  <td colSpan={7}>{page.loading() ? "…" : t("workOrders.empty")}</td>
                </tr>
              }
            >
              {(w) => (
                <tr>
                  <td class="mono">
                    <A href={`/work-orders/${w.id}`}>{w.number}</A>
                  </td>
                  <td>{w.title}</td>
                  <td>
                    <span class={`badge ${statusTone(w.status)}`}>{t(`workOrders.statuses.${w.status}`)}</span>
                  </td>
                  <td>{t(`workOrders.types.${w.workType}`)}</td>
                  <td>{w.assignees.find((a) => a.isPrimary)?.name ?? t("workOrders.unassigned")}</td>
                  <td>{w.scheduledStart ? dateTimeShort(w.scheduledStart) : t("workOrders.unscheduled")}</td>
                  <td>{w.customer?.name ?? ""}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={cursor()}>
        <button type="button" class="btn btn-secondary load-more" onClick={() => void loadMore()}>
          {t("workOrders.loadMore")}
        </button>
      </Show>
    </div>
  );
}
