import { createMemo, createSignal, lazy, Show, Suspense } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { Spinner } from "../../components/ui";
import { dateTimeShort, useTitle } from "../../format";
import { t, withAreas } from "../../i18n";
import { useLiveRefresh } from "../../lib/live";
import { createLoad } from "../../lib/load";
import { DateNav, RegionFilter, useBoardRegion } from "./BoardFilters";
import { BoardGrid, type SlotState } from "./BoardGrid";
import { AutoAssignDialog, LinkDialog, MoveDialog, OverrideDialog } from "./Dialogs";
import { DropPreview } from "./DropPreview";
import {
  type AutoAssign,
  appoint,
  autoAssign,
  boardApi,
  type CheckResult,
  type Conflict,
  checkDrop,
  loadBoard,
  localInput,
  type Picked,
  type Target,
  targetKey,
  today,
  zone,
} from "./model";
import { Queue } from "./Queue";
import { RequestsPanel } from "./RequestsPanel";

// The map (Leaflet) is its own chunk, fetched when the Map tab opens: the board stays within its budget.
const DispatchMap = lazy(() =>
  withAreas(["board"], () => import("./DispatchMap")).then((m) => ({ default: m.DispatchMap })),
);

type Check = CheckResult | { error: string } | "pending";

/**
 * The dispatcher's board: technicians × time for a day or a week, the unscheduled queue, conflicts
 * shown while a job hovers a slot (pointer) or a slot has focus (keyboard), override with a reason,
 * auto-assign with its explanation, customers' reschedule requests, and the map. Live: job changes
 * arrive on the `dispatch` topic and the board refetches.
 */
export function DispatchBoardPage() {
  useTitle(t("board.title"));
  const [date, setDate] = createSignal(today());
  const [days, setDays] = createSignal<1 | 7>(1);
  const [tab, setTab] = createSignal<"board" | "map">("board");
  const area = useBoardRegion();
  const board = createLoad(() => loadBoard(date(), days(), zone, area.region()), {
    key: () => `${date()}|${days()}|${area.region()}`,
  });
  const requests = createLoad(() => boardApi.requests().then((r) => r.items));
  const refresh = () => {
    void board.refresh();
    void requests.refresh();
  };
  const live = useLiveRefresh(() => "dispatch", refresh);

  const [picked, setPicked] = createSignal<Picked>();
  const [target, setTarget] = createSignal<Target>();
  const [checks, setChecks] = createSignal(new Map<string, Check>());
  const [message, setMessage] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [pendingOverride, setPendingOverride] = createSignal<{ job: Picked; target: Target; conflicts: Conflict[] }>();
  const [auto, setAuto] = createSignal<AutoAssign>();
  const [link, setLink] = createSignal<{ url: string; expiresAt: string }>();
  let overrideDialog: HTMLDialogElement | undefined;
  let moveDialog: HTMLDialogElement | undefined;
  let autoDialog: HTMLDialogElement | undefined;
  let linkDialog: HTMLDialogElement | undefined;

  const current = createMemo(() => {
    const job = picked();
    const at = target();
    return job && at ? checks().get(targetKey(job.id, at)) : undefined;
  });
  const targetState = (): SlotState => {
    const c = current();
    if (!c || c === "pending") return c ? "checking" : undefined;
    if ("error" in c) return "blocked";
    return c.conflicts.some((x) => x.blocking) ? "blocked" : c.conflicts.length ? "warning" : "ok";
  };

  const runCheck = async (job: Picked, at: Target): Promise<Check> => {
    const key = targetKey(job.id, at);
    const known = checks().get(key);
    if (known && known !== "pending") return known;
    setChecks((m) => new Map(m).set(key, "pending"));
    const result: Check = await checkDrop(job.id, at).catch((e: unknown) => ({ error: errorMessage(e) }));
    setChecks((m) => new Map(m).set(key, result));
    return result;
  };

  const onTarget = (at: Target | undefined) => {
    setTarget(at);
    const job = picked();
    if (job && at) void runCheck(job, at);
  };

  const clear = () => {
    setPicked(undefined);
    setTarget(undefined);
    setChecks(new Map());
  };

  const booked = (job: Picked, at: Target) => {
    setMessage(t("board.moved", { number: job.number, target: `${at.techName}, ${dateTimeShort(at.start)}` }));
    clear();
    refresh();
  };

  /** Drops the picked job: refused when a conflict blocks, asks for a reason when one may be overridden. */
  const drop = async (at: Target) => {
    const job = picked();
    if (!job) return;
    setError(undefined);
    setMessage(undefined);
    const result = await runCheck(job, at);
    if (result === "pending") return;
    if ("error" in result) return setError(result.error);
    const blocking = result.conflicts.filter((c) => c.blocking);
    if (blocking.length) return setError(t("board.cannotDrop", { reason: blocking.map((c) => c.message).join("; ") }));
    if (result.conflicts.length) {
      setPendingOverride({ job, target: at, conflicts: result.conflicts });
      overrideDialog?.showModal();
      return;
    }
    try {
      await appoint(job.id, at);
      booked(job, at);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const pick = (job: Picked, focusSlot = false) => {
    setMessage(undefined);
    setError(undefined);
    if (picked()?.id === job.id && !focusSlot) return clear();
    setPicked(job);
    setTarget(undefined);
    // The keyboard's pick-up: focus goes to the board (its first slot) unless the grid chose one.
    if (focusSlot)
      queueMicrotask(() => {
        if (!document.activeElement?.hasAttribute("data-slot"))
          document.querySelector<HTMLButtonElement>(".dsp-slot[tabindex='0']")?.focus();
      });
  };

  // Pointer drag: a press that moves picks the job up and previews each slot it passes; a press that
  // does not move is a click (select / deselect).
  let drag: { job: Picked; x: number; y: number; moved: boolean } | undefined;
  const onMove = (e: PointerEvent) => {
    if (!drag) return;
    if (!drag.moved && Math.hypot(e.clientX - drag.x, e.clientY - drag.y) < 6) return;
    if (!drag.moved) {
      drag.moved = true;
      setPicked(drag.job);
    }
    e.preventDefault();
    const slot = document
      .elementsFromPoint(e.clientX, e.clientY)
      .find((el): el is HTMLElement => el instanceof HTMLElement && !!el.dataset.slot);
    const [techId, start] = slot?.dataset.slot?.split("|") ?? [];
    const tech = board.data()?.technicians.find((x) => x.userId === techId);
    if (!tech || !start) return onTarget(undefined);
    if (target()?.techId !== tech.userId || target()?.start !== start)
      onTarget({ techId: tech.userId, techName: tech.name, start });
  };
  const onUp = () => {
    window.removeEventListener("pointermove", onMove);
    const d = drag;
    drag = undefined;
    if (!d) return;
    if (!d.moved) return pick(d.job);
    const at = target();
    if (at) void drop(at);
  };
  const onPointerPick = (job: Picked, e: PointerEvent) => {
    if (e.button !== 0) return;
    drag = { job, x: e.clientX, y: e.clientY, moved: false };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp, { once: true });
  };

  const withJob = async (fn: (job: Picked) => Promise<void>) => {
    const job = picked();
    if (!job) return;
    setError(undefined);
    try {
      await fn(job);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t("board.title")}
        sub={t("board.sub")}
        refreshedAt={board.refreshedAt()}
        refreshNote={live.connected() ? t("board.live") : t("board.offline")}
        onRefresh={refresh}
        refreshing={board.loading()}
      />
      <div class="dsp-toolbar">
        <fieldset class="nf-filter">
          <legend class="sr-only">{t("board.view")}</legend>
          <button
            type="button"
            class="nf-filter-btn"
            aria-pressed={tab() === "board" && days() === 1}
            onClick={() => {
              setTab("board");
              setDays(1);
            }}
          >
            {t("board.day")}
          </button>
          <button
            type="button"
            class="nf-filter-btn"
            aria-pressed={tab() === "board" && days() === 7}
            onClick={() => {
              setTab("board");
              setDays(7);
            }}
          >
            {t("board.week")}
          </button>
          <button type="button" class="nf-filter-btn" aria-pressed={tab() === "map"} onClick={() => setTab("map")}>
            {t("board.map")}
          </button>
        </fieldset>
        <RegionFilter value={area.region()} onApply={area.apply} />
        <DateNav date={date()} days={days()} onDate={setDate} />
      </div>
      <ErrorAlert message={error() ?? board.error()} />
      <Notice message={message()} />
      <div class="dsp-layout">
        <div class="dsp-side">
          <Show when={picked()}>
            {(job) => (
              <div class="dsp-actions card">
                <DropPreview
                  picked={job()}
                  target={target()}
                  result={(() => {
                    const c = current();
                    return c && c !== "pending" && !("error" in c) ? c : undefined;
                  })()}
                  error={(() => {
                    const c = current();
                    return c && c !== "pending" && "error" in c ? c.error : undefined;
                  })()}
                />
                <div class="dsp-action-buttons">
                  <button type="button" class="btn btn-secondary btn-small" onClick={() => moveDialog?.showModal()}>
                    {t("board.moveTo")}
                  </button>
                  <button
                    type="button"
                    class="btn btn-secondary btn-small"
                    onClick={() =>
                      void withJob(async (j) => {
                        setAuto(await autoAssign(j.id, true));
                        autoDialog?.showModal();
                      })
                    }
                  >
                    {t("board.autoAssign")}
                  </button>
                  <button
                    type="button"
                    class="btn btn-secondary btn-small"
                    onClick={() =>
                      void withJob(async (j) => {
                        setLink(await boardApi.link(j.id));
                        linkDialog?.showModal();
                      })
                    }
                  >
                    {t("board.sendLink")}
                  </button>
                  <button type="button" class="btn btn-secondary btn-small" onClick={clear}>
                    {t("board.cancelSelection")}
                  </button>
                </div>
              </div>
            )}
          </Show>
          <Show when={board.data()}>
            {(b) => <Queue jobs={b().unscheduled} picked={picked()} onPick={pick} onPointerPick={onPointerPick} />}
          </Show>
          <RequestsPanel
            items={requests.data() ?? []}
            onShow={(id) => {
              const b = board.data();
              const job = b && [...b.unscheduled, ...b.technicians.flatMap((x) => x.jobs)].find((j) => j.id === id);
              if (job)
                pick({ id: job.id, number: job.number, title: job.title, start: "start" in job ? job.start : null });
            }}
            onHandled={(id) =>
              void boardApi.handled(id).then(
                () => requests.refresh(),
                (e) => setError(errorMessage(e)),
              )
            }
          />
        </div>
        <div class="dsp-main">
          <Show
            when={board.data()}
            fallback={
              <Show when={board.loading()}>
                <p role="status">
                  <Spinner /> {t("board.checking")}
                </p>
              </Show>
            }
          >
            {(b) => (
              <Show
                when={tab() === "board"}
                fallback={
                  <Suspense
                    fallback={
                      <p role="status">
                        <Spinner /> {t("board.mapLoading")}
                      </p>
                    }
                  >
                    <DispatchMap board={b()} />
                  </Suspense>
                }
              >
                <Show when={b().technicians.length > 0} fallback={<p class="muted">{t("board.noTechnicians")}</p>}>
                  <BoardGrid
                    board={b()}
                    days={days()}
                    picked={picked()}
                    target={target()}
                    targetState={targetState()}
                    onPick={pick}
                    onPointerPick={onPointerPick}
                    onTarget={onTarget}
                    onDrop={(at) => void drop(at)}
                    onCancel={clear}
                  />
                </Show>
              </Show>
            )}
          </Show>
        </div>
      </div>
      <OverrideDialog ref={(el) => (overrideDialog = el)} pending={pendingOverride()} onBooked={booked} />
      <MoveDialog
        ref={(el) => (moveDialog = el)}
        job={picked()}
        technicians={board.data()?.technicians ?? []}
        defaultStart={localInput(
          picked()?.start ?? new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000).toISOString(),
        )}
        onChosen={async (at) => {
          await drop(at);
        }}
      />
      <AutoAssignDialog
        ref={(el) => (autoDialog = el)}
        job={picked()}
        result={auto()}
        onAssign={() =>
          withJob(async (j) => {
            const r = await autoAssign(j.id, false);
            if (r.chosen) setMessage(t("board.assigned", { number: j.number, name: r.chosen.name }));
            clear();
            refresh();
          })
        }
      />
      <LinkDialog ref={(el) => (linkDialog = el)} job={picked()} link={link()} />
    </>
  );
}
