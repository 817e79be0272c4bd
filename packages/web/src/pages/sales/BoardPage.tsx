import "./sales.css";
import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert, LiveRegion } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { ErrorState, Skeleton } from "../../components/ui";
import { formatDate, formatNumber, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { can } from "../../session";
import { type Board, type Card, type Lead, money, type Stage, salesApi } from "./api";
import { NewLeadDialog } from "./NewLeadDialog";
import { SalesNav } from "./SalesNav";

const keys = ["pipelineId", "owner", "q"] as const;
type Column = Board["columns"][number];

/**
 * The kanban: a column per stage, each holding its first open leads by rank (more on demand). A card
 * moves by drag and drop (dropped on a card it goes before it; on a column's free space, to the end)
 * or, without a pointer, by its arrow buttons to the previous or next stage.
 */
export function BoardPage() {
  useTitle(t("sales.board.title"));
  const filters = useUrlFilters(keys);
  const pipelines = createLoad(() => salesApi.pipelines());
  const board = createLoad(
    () => {
      const v = filters.values();
      return salesApi.board({
        ...(v.pipelineId ? { pipelineId: v.pipelineId } : {}),
        ...(v.owner ? { owner: v.owner } : {}),
        ...(v.q ? { q: v.q } : {}),
      });
    },
    { key: () => filters.values(), keepOnError: true },
  );
  const [said, setSaid] = createSignal("");
  const [failure, setFailure] = createSignal<string>();
  const [dragging, setDragging] = createSignal<string>();
  const [over, setOver] = createSignal<string>();

  const [newLead, setNewLead] = createSignal(false);

  /** A new lead lands in its column: show its pipeline if another one is shown, then reload. */
  const created = async (lead: Lead & { created: boolean }) => {
    setSaid(
      lead.created
        ? t("sales.create.created", { number: lead.number, stage: lead.stageName })
        : t("sales.create.already", { person: lead.personName, number: lead.number }),
    );
    const shown = board.data()?.pipeline.id;
    if (shown && shown !== lead.pipelineId) {
      const isDefault = pipelines.data()?.items.find((p) => p.id === lead.pipelineId)?.isDefault;
      filters.apply({ ...filters.values(), pipelineId: isDefault ? "" : lead.pipelineId });
    } else await board.refresh();
  };

  const stages = () => board.data()?.pipeline.stages ?? [];
  const columnOf = (stageId: string) => board.data()?.columns.find((c) => c.stageId === stageId);
  const findCard = (id: string) => {
    for (const c of board.data()?.columns ?? []) {
      const card = c.items.find((x) => x.id === id);
      if (card) return card;
    }
    return undefined;
  };

  /** Moves the card in the loaded board at once (the server's answer then refreshes the counts). */
  const place = (card: Card, stageId: string, afterId: string | null) => {
    board.mutate((b) => {
      if (!b) return b;
      const columns = b.columns.map((c) => {
        const items = c.items.filter((x) => x.id !== card.id);
        if (c.stageId !== stageId) return { ...c, items };
        const at = afterId === null ? 0 : items.findIndex((x) => x.id === afterId) + 1;
        items.splice(at, 0, { ...card, stageId });
        return { ...c, items };
      });
      return { ...b, columns };
    });
  };

  const move = async (cardId: string, stage: Stage, afterId: string | null) => {
    const card = findCard(cardId);
    if (!card || afterId === cardId) return;
    setFailure(undefined);
    place(card, stage.id, afterId);
    try {
      await salesApi.move(card.id, stage.id, afterId);
      setSaid(t("sales.board.moved", { number: card.number, stage: stage.name }));
    } catch (error) {
      setFailure(errorMessage(error));
    }
    await board.refresh();
  };

  const dropOn = (stage: Stage, beforeId: string | null) => {
    const id = dragging();
    setDragging(undefined);
    setOver(undefined);
    if (!id) return;
    const items = (columnOf(stage.id)?.items ?? []).filter((x) => x.id !== id);
    const index = beforeId === null ? items.length : items.findIndex((x) => x.id === beforeId);
    void move(id, stage, index <= 0 ? null : (items[index - 1]?.id ?? null));
  };

  const loadMore = async (column: Column) => {
    const b = board.data();
    if (!b || !column.nextCursor) return;
    const v = filters.values();
    const page = await salesApi.column({
      pipelineId: b.pipeline.id,
      stageId: column.stageId,
      cursor: column.nextCursor,
      ...(v.owner ? { owner: v.owner } : {}),
      ...(v.q ? { q: v.q } : {}),
    });
    board.mutate((cur) =>
      cur
        ? {
            ...cur,
            columns: cur.columns.map((c) =>
              c.stageId === column.stageId
                ? { ...c, items: [...c.items, ...page.items], nextCursor: page.nextCursor }
                : c,
            ),
          }
        : cur,
    );
  };

  return (
    <div class="page sales-page">
      <PageHeader
        title={t("sales.board.title")}
        sub={t("sales.board.sub")}
        refreshedAt={board.refreshedAt()}
        onRefresh={() => void board.refresh()}
        refreshing={board.loading()}
        actions={
          <>
            <Show when={can("crm:pipeline:write")}>
              <A class="btn btn-secondary" href="/sales/pipelines">
                {t("sales.settings.link")}
              </A>
            </Show>
            <Show when={can("crm:lead:write")}>
              <button type="button" class="btn btn-primary" onClick={() => setNewLead(true)}>
                {t("sales.create.open")}
              </button>
            </Show>
          </>
        }
      />
      <SalesNav />
      <Show when={newLead()}>
        <NewLeadDialog
          onClose={() => setNewLead(false)}
          pipelines={pipelines.data()?.items ?? []}
          pipelineId={board.data()?.pipeline.id}
          onCreated={(lead) => void created(lead)}
        />
      </Show>
      <form
        class="panel filter-bar sales-board-filters"
        aria-label={t("sales.board.title")}
        onSubmit={(e) => {
          e.preventDefault();
          filters.apply(formValues(e.currentTarget, keys));
        }}
      >
        <label class="field">
          <span>{t("sales.board.pipeline")}</span>
          <select name="pipelineId" value={filters.values().pipelineId}>
            <For each={pipelines.data()?.items ?? []}>
              {(p) => <option value={p.isDefault ? "" : p.id}>{p.name}</option>}
            </For>
          </select>
        </label>
        <label class="field">
          <span>{t("sales.board.owner")}</span>
          <select name="owner" value={filters.values().owner}>
            <option value="">{t("sales.board.anyone")}</option>
            <option value="me">{t("sales.board.mine")}</option>
            <option value="none">{t("sales.board.unowned")}</option>
          </select>
        </label>
        <label class="field sales-board-q">
          <span>{t("sales.board.search")}</span>
          <input type="search" name="q" value={filters.values().q} />
        </label>
        <button type="submit" class="btn btn-secondary">
          {t("sales.board.show")}
        </button>
      </form>
      <LiveRegion message={said()} />
      <ErrorAlert message={failure()} />
      <Show
        when={board.data()}
        fallback={
          <Show when={board.error()} fallback={<Skeleton class="sales-board-skeleton" />}>
            <ErrorState
              title={t("sales.board.failed")}
              detail={board.error() ?? ""}
              onRetry={() => void board.refresh()}
              busy={board.loading()}
            />
          </Show>
        }
      >
        <div class="sales-board">
          <For each={stages()}>
            {(stage, i) => {
              const column = () => columnOf(stage.id);
              const headingId = `stage-${stage.id}`;
              return (
                <section
                  class="sales-column"
                  classList={{ "sales-column-over": over() === stage.id }}
                  aria-labelledby={headingId}
                  data-stage={stage.name}
                  onDragOver={(e) => {
                    e.preventDefault();
                    setOver(stage.id);
                  }}
                  onDragLeave={() => setOver(undefined)}
                  onDrop={(e) => {
                    e.preventDefault();
                    dropOn(stage, null);
                  }}
                >
                  <header class="sales-column-head">
                    <h2 id={headingId}>{stage.name}</h2>
                    <p class="muted">
                      {t("sales.board.leads", column()?.count ?? 0)} · {formatNumber(stage.defaultProbability)} %
                    </p>
                    <For each={column()?.totals ?? []}>
                      {(total) => <p class="sales-column-total">{money(total.valueMinor, total.currency)}</p>}
                    </For>
                  </header>
                  <Show
                    when={(column()?.items.length ?? 0) > 0}
                    fallback={<p class="muted sales-column-empty">{t("sales.board.emptyColumn")}</p>}
                  >
                    <ol class="sales-cards">
                      <For each={column()?.items ?? []}>
                        {(card) => {
                          const prev = () => stages()[i() - 1];
                          const next = () => stages()[i() + 1];
                          return (
                            <li
                              class="sales-card"
                              classList={{ "sales-card-dragging": dragging() === card.id }}
                              draggable="true"
                              data-lead={card.number}
                              onDragStart={(e) => {
                                e.dataTransfer?.setData("text/plain", card.id);
                                setDragging(card.id);
                              }}
                              onDragEnd={() => setDragging(undefined)}
                              onDrop={(e) => {
                                e.preventDefault();
                                e.stopPropagation();
                                dropOn(stage, card.id);
                              }}
                            >
                              <A href={`/sales/leads/${card.id}`} class="sales-card-title">
                                <span class="mono muted">{card.number}</span> {card.title}
                              </A>
                              <p class="sales-card-person">{card.personName}</p>
                              <p class="sales-card-meta">
                                <strong>{money(card.valueMinor, card.currency)}</strong>
                                <span class="muted">{t("sales.board.probability", { p: card.probability })}</span>
                              </p>
                              <Show when={card.expectedCloseDate}>
                                {(d) => (
                                  <p class="muted small">
                                    {t("sales.board.close", { date: formatDate(`${d()}T12:00:00Z`) })}
                                  </p>
                                )}
                              </Show>
                              <div class="sales-card-foot">
                                <span class="muted small">{card.ownerName ?? "—"}</span>
                                <span class="sales-card-moves">
                                  <Show when={prev()}>
                                    {(p) => (
                                      <button
                                        type="button"
                                        class="btn btn-ghost btn-small"
                                        aria-label={t("sales.board.moveTo", { number: card.number, stage: p().name })}
                                        title={t("sales.board.moveTo", { number: card.number, stage: p().name })}
                                        onClick={() => void move(card.id, p(), null)}
                                      >
                                        ←
                                      </button>
                                    )}
                                  </Show>
                                  <Show when={next()}>
                                    {(n) => (
                                      <button
                                        type="button"
                                        class="btn btn-ghost btn-small"
                                        aria-label={t("sales.board.moveTo", { number: card.number, stage: n().name })}
                                        title={t("sales.board.moveTo", { number: card.number, stage: n().name })}
                                        onClick={() => void move(card.id, n(), null)}
                                      >
                                        →
                                      </button>
                                    )}
                                  </Show>
                                </span>
                              </div>
                            </li>
                          );
                        }}
                      </For>
                    </ol>
                  </Show>
                  <Show when={column()?.nextCursor}>
                    <button
                      type="button"
                      class="btn btn-secondary btn-small"
                      onClick={() => void loadMore(column() as Column)}
                    >
                      {t("sales.board.loadMore")}
                    </button>
                  </Show>
                </section>
              );
            }}
          </For>
        </div>
      </Show>
    </div>
  );
}
