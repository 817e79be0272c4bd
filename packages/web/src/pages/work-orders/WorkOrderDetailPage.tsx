import { A, useParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { WorkOrderMaterials } from "../../components/inventory/WorkOrderMaterials";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import type { StaffMember } from "../../components/tickets/api";
import { searchStaff } from "../../components/tickets/staff";
import { CostSummary } from "../../components/timecost/CostSummary";
import { dateTimeShort, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type Assignees, type Detail, type Status, statusTone, workOrderApi } from "./api";
import { AttachmentsPanel, CompletionPanel, NotesPanel, TimelinePanel } from "./DetailPanels";

/** Who works the job: one primary, others as members; dispatchers change it here. */
function AssigneesPanel(props: { detail: Detail; onChange: () => void }) {
  const [found, setFound] = createSignal<StaffMember[]>([]);
  const [failure, setFailure] = createSignal<string>();
  const editable = () => can("operations:work_order:dispatch");
  const current = (): Assignees =>
    props.detail.assignees.map((a) => ({ userId: a.userId, role: a.role, isPrimary: a.isPrimary }));
  const save = async (next: Assignees) => {
    setFailure(undefined);
    try {
      await workOrderApi.setAssignees(props.detail.id, next);
      setFound([]);
      props.onChange();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const add = (m: StaffMember) => {
    const list = current().filter((a) => a.userId !== m.id);
    void save([...list, { userId: m.id, role: "technician", isPrimary: list.length === 0 }]);
  };
  const makePrimary = (userId: string) => void save(current().map((a) => ({ ...a, isPrimary: a.userId === userId })));
  const remove = (userId: string) => {
    const rest = current().filter((a) => a.userId !== userId);
    if (rest.length > 0 && !rest.some((a) => a.isPrimary)) (rest[0] as Assignees[number]).isPrimary = true;
    void save(rest);
  };
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const search = (q: string) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => setFound(q.trim().length >= 2 ? await searchStaff(q.trim()) : []), 200);
  };
  return (
    <section class="panel" aria-labelledby="wo-assignees">
      <h2 id="wo-assignees">{t("workOrders.detail.assignees")}</h2>
      <ErrorAlert message={failure()} />
      <Show when={props.detail.assignees.length > 0} fallback={<p>{t("workOrders.detail.noAssignees")}</p>}>
        <ul class="wo-assignees" data-testid="wo-assignees">
          <For each={props.detail.assignees}>
            {(a) => (
              <li>
                <span>{a.name}</span>{" "}
                <Show when={a.isPrimary}>
                  <span class="badge badge-success">{t("workOrders.detail.primary")}</span>
                </Show>
                <Show when={editable()}>
                  <Show when={!a.isPrimary}>
                    <button type="button" class="btn-link" onClick={() => makePrimary(a.userId)}>
                      {t("workOrders.detail.makePrimary")}
                    </button>
                  </Show>
                  <button type="button" class="btn-link" onClick={() => remove(a.userId)}>
                    {t("workOrders.detail.remove", { name: a.name })}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={editable()}>
        <label class="field">
          <span>{t("workOrders.detail.addAssignee")}</span>
          <input
            type="search"
            name="assignee-search"
            placeholder={t("workOrders.detail.addPlaceholder")}
            onInput={(e) => search(e.currentTarget.value)}
          />
        </label>
        <ul class="wo-found">
          <For each={found()}>
            {(m) => (
              <li>
                <button type="button" class="btn btn-small btn-secondary" onClick={() => add(m)}>
                  {m.name} ({m.email})
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

/** The staff status change, offering only what the transition table allows from here. */
function TransitionPanel(props: { detail: Detail; onChange: () => void }) {
  const table = createLoad(() => workOrderApi.transitions());
  const [failure, setFailure] = createSignal<string>();
  const targets = () => (table.data()?.items ?? []).filter((r) => r.from === props.detail.status);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const note = String(data.get("note") ?? "").trim();
    setFailure(undefined);
    try {
      await workOrderApi.transition(props.detail.id, String(data.get("status")) as Status, note || undefined);
      props.onChange();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  return (
    <Show when={can("operations:work_order:update")}>
      <section class="panel" aria-labelledby="wo-move">
        <h2 id="wo-move">{t("workOrders.detail.move")}</h2>
        <Show when={targets().length > 0} fallback={<p>{t("workOrders.detail.noMoves")}</p>}>
          <form onSubmit={submit}>
            <ErrorAlert message={failure()} />
            <label class="field">
              <span>{t("workOrders.detail.moveTo")}</span>
              <select name="status">
                <For each={targets()}>{(r) => <option value={r.to}>{t(`workOrders.statuses.${r.to}`)}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span>{t("workOrders.detail.moveNote")}</span>
              <textarea name="note" rows={2} />
            </label>
            <button type="submit" class="btn btn-secondary">
              {t("workOrders.detail.moveSubmit")}
            </button>
          </form>
        </Show>
      </section>
    </Show>
  );
}

/** Staff: one work order, everything about it on one page (its materials and cost included). */
export function WorkOrderDetailPage() {
  const params = useParams<{ id: string }>();
  const job = createLoad(() => workOrderApi.get(params.id), { key: () => params.id });
  useTitle(t("workOrders.title"));
  const refresh = () => void job.refresh();
  const when = (iso: string | null) => (iso ? dateTimeShort(iso) : t("workOrders.detail.none"));
  return (
    <div class="page">
      <ErrorAlert message={job.error() && t("workOrders.detail.loadFailed", { error: job.error() ?? "" })} />
      <Show when={job.data()}>
        {(d) => (
          <>
            <PageHeader
              crumb={<A href="/work-orders">{t("workOrders.detail.back")}</A>}
              title={`${d().number} · ${d().title}`}
              sub={
                <span>
                  <span class={`badge ${statusTone(d().status)}`} data-testid="wo-status">
                    {t(`workOrders.statuses.${d().status}`)}
                  </span>{" "}
                  {t(`workOrders.types.${d().workType}`)} · {t(`workOrders.priorities.${d().priority}`)}
                  {d().customer ? ` · ${d().customer?.name}` : ""}
                </span>
              }
              refreshedAt={job.refreshedAt()}
              onRefresh={refresh}
              refreshing={job.loading()}
            />
            <div class="wo-grid">
              <div class="wo-main">
                <section class="panel" aria-labelledby="wo-facts">
                  <h2 id="wo-facts">{t("workOrders.detail.schedule")}</h2>
                  <dl class="kv">
                    <dt>{t("workOrders.detail.schedule")}</dt>
                    <dd>
                      {when(d().scheduledStart)} – {when(d().scheduledEnd)}
                    </dd>
                    <dt>{t("workOrders.detail.window")}</dt>
                    <dd>
                      {when(d().windowStart)} – {when(d().windowEnd)}
                    </dd>
                    <dt>{t("workOrders.detail.where")}</dt>
                    <dd>{d().address ? `${d().address?.line1}, ${d().address?.city}` : t("workOrders.detail.none")}</dd>
                    <dt>{t("workOrders.detail.access")}</dt>
                    <dd>{d().accessNotes ?? t("workOrders.detail.none")}</dd>
                    <Show when={d().ticketId}>
                      <dt>{t("workOrders.detail.ticket")}</dt>
                      <dd>
                        <A href={`/tickets/${d().ticketId}`}>{t("workOrders.detail.ticket")}</A>
                      </dd>
                    </Show>
                  </dl>
                </section>
                <TimelinePanel detail={d()} />
                <NotesPanel detail={d()} onChange={refresh} />
                <WorkOrderMaterials workOrderId={d().id} />
                <CostSummary workOrderId={d().id} id="wo-cost" />
              </div>
              <div class="wo-side">
                <AssigneesPanel detail={d()} onChange={refresh} />
                <TransitionPanel detail={d()} onChange={refresh} />
                <CompletionPanel detail={d()} />
                <AttachmentsPanel detail={d()} />
              </div>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
