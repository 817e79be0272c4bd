import { createMemo, For, Show } from "solid-js";
import { shortDate, timeOfDay, weekdayName } from "../../format";
import { t } from "../../i18n";
import { type Board, type Job, onShift, type Picked, placement, slotsOf, type Target, type Tech } from "./model";

export type SlotState = "ok" | "warning" | "blocked" | "checking" | undefined;

/**
 * Technicians × time: one row per technician, one button per slot (hour of the day, or day of the
 * week), the technician's jobs laid over their slots. Slots are drop targets for the pointer and for
 * the keyboard: with a job picked up, arrows move between slots (focus previews the conflicts) and
 * Enter drops; Escape puts the job back.
 */
export function BoardGrid(props: {
  board: Board;
  days: 1 | 7;
  picked: Picked | undefined;
  target: Target | undefined;
  targetState: SlotState;
  onPick: (job: Picked, focusSlot: boolean) => void;
  onPointerPick: (job: Picked, event: PointerEvent) => void;
  onTarget: (target: Target | undefined) => void;
  onDrop: (target: Target) => void;
  onCancel: () => void;
}) {
  const slots = createMemo(() => slotsOf(props.board.from, props.days, props.picked));
  let grid: HTMLDivElement | undefined;

  const slotLabel = (start: string) =>
    props.days === 1
      ? timeOfDay(start).slice(0, 5)
      : `${weekdayName(new Date(start).getUTCDay(), "short")} ${shortDate(start)}`;

  const focusSlot = (row: number, col: number) => {
    const el = grid?.querySelector<HTMLButtonElement>(`[data-row="${row}"][data-col="${col}"]`);
    el?.focus();
  };

  const onSlotKey = (event: KeyboardEvent, row: number, col: number) => {
    const rows = props.board.technicians.length;
    const cols = slots().length;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [row, Math.max(0, col - 1)],
      ArrowRight: [row, Math.min(cols - 1, col + 1)],
      ArrowUp: [Math.max(0, row - 1), col],
      ArrowDown: [Math.min(rows - 1, row + 1), col],
      Home: [row, 0],
      End: [row, cols - 1],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      focusSlot(move[0], move[1]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      props.onCancel();
    }
  };

  const targetOf = (tech: Tech, start: string): Target => ({ techId: tech.userId, techName: tech.name, start });
  const isTarget = (tech: Tech, start: string) => props.target?.techId === tech.userId && props.target.start === start;
  const pickedJob = (job: Job): Picked => ({ id: job.id, number: job.number, title: job.title, start: job.start });

  return (
    <div
      class={`dsp-grid ${props.days === 1 ? "dsp-day" : "dsp-week"} ${props.picked ? "dsp-picking" : ""}`}
      ref={grid}
    >
      <div class="dsp-head" aria-hidden="true">
        <span class="dsp-name">{t("board.technician")}</span>
        <div class="dsp-track">
          <For each={slots()}>{(start) => <span class="dsp-hour">{slotLabel(start)}</span>}</For>
        </div>
      </div>
      <For each={props.board.technicians}>
        {(tech, row) => (
          <section class="dsp-row" aria-label={tech.name} data-tech={tech.userId}>
            <div class="dsp-name">
              <strong>{tech.name}</strong>
              <Show when={tech.region}>
                <span class="muted">{tech.region}</span>
              </Show>
            </div>
            <div class="dsp-track">
              <For each={slots()}>
                {(start, col) => (
                  <button
                    type="button"
                    class="dsp-slot"
                    classList={{
                      "dsp-off": !onShift(tech, start),
                      [`dsp-c${col() + 1}`]: true,
                      "dsp-target": isTarget(tech, start),
                      [`dsp-${props.targetState ?? "none"}`]: isTarget(tech, start),
                    }}
                    data-slot={`${tech.userId}|${start}`}
                    data-row={row()}
                    data-col={col()}
                    tabindex={props.picked && row() === 0 && col() === 0 ? 0 : -1}
                    disabled={!props.picked}
                    aria-label={`${t("board.slotLabel", { name: tech.name, when: slotLabel(start) })}${onShift(tech, start) ? "" : ` (${t("board.offShift")})`}`}
                    onFocus={() => props.picked && props.onTarget(targetOf(tech, start))}
                    onKeyDown={(e) => onSlotKey(e, row(), col())}
                    onClick={() => props.picked && props.onDrop(targetOf(tech, start))}
                  />
                )}
              </For>
              <For each={tech.jobs}>
                {(job, index) => {
                  const at = () => placement(props.board.from, props.days, job);
                  // The week stacks a day's jobs: this one's place among the earlier ones of its day.
                  const stack = () =>
                    tech.jobs
                      .slice(0, index())
                      .filter((j) => placement(props.board.from, props.days, j).col === at().col).length + 1;
                  return (
                    <button
                      type="button"
                      class={`dsp-job dsp-c${at().col} dsp-s${at().span} dsp-r${Math.min(6, stack())} dsp-status-${job.status} dsp-prio-${job.priority}`}
                      classList={{ "dsp-job-picked": props.picked?.id === job.id }}
                      data-job={job.id}
                      aria-pressed={props.picked?.id === job.id}
                      title={t("board.pickedHint")}
                      onPointerDown={(e) => props.onPointerPick(pickedJob(job), e)}
                      onKeyDown={(e) => {
                        if (e.key === "Enter" || e.key === " ") {
                          e.preventDefault();
                          props.onPick(pickedJob(job), true);
                          const { col } = at();
                          queueMicrotask(() => focusSlot(row(), col - 1));
                        }
                      }}
                    >
                      <span class="dsp-job-number">{job.number}</span>
                      <span class="dsp-job-title">{job.title}</span>
                      <span class="dsp-job-meta">
                        {t("board.jobTime", {
                          start: timeOfDay(job.start).slice(0, 5),
                          end: timeOfDay(job.end).slice(0, 5),
                        })}{" "}
                        · {t(`board.statuses.${job.status as "scheduled"}`)}
                      </span>
                    </button>
                  );
                }}
              </For>
            </div>
          </section>
        )}
      </For>
    </div>
  );
}
