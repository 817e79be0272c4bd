import { For, Show } from "solid-js";
import { t } from "../../i18n";
import { type BlockInput, blockKinds, type TechnicianDetail, technicianApi, wall } from "./api";

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * Shifts and availability blocks for two weeks, shown and entered as wall times in the technician's
 * own time zone (the zone is stated beside every form); the server stores them as instants.
 */
export function SchedulePanel(props: {
  tech: TechnicianDetail;
  writable: boolean;
  from: string;
  setFrom: (day: string) => void;
  change: (work: () => Promise<unknown>, done: string) => Promise<boolean>;
}) {
  const zone = () => props.tech.timeZone;
  const user = () => props.tech.userId;

  const addShifts = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const days = data.getAll("weekday").map(Number);
    const from = String(data.get("from"));
    const to = String(data.get("to") || from);
    const input = {
      from,
      to,
      start: String(data.get("start")),
      end: String(data.get("end")),
      ...(days.length ? { weekdays: days } : {}),
    };
    if (await props.change(() => technicianApi.addShifts(user(), input), t("technicians.shiftsAdded"))) form.reset();
  };
  const addBlock = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const input: BlockInput = {
      start: String(data.get("start")),
      end: String(data.get("end")),
      kind: String(data.get("kind")) as BlockInput["kind"],
      reason: String(data.get("reason") ?? "").trim() || null,
    };
    if (await props.change(() => technicianApi.addBlock(user(), input), t("technicians.blockAdded"))) form.reset();
  };
  const span = (s: { localStart: string; localEnd: string }) =>
    s.localStart.slice(0, 10) === s.localEnd.slice(0, 10)
      ? `${wall(s.localStart, true)}–${wall(s.localEnd)}`
      : `${wall(s.localStart, true)} – ${wall(s.localEnd, true)}`;

  return (
    <section class="panel tech-section" aria-labelledby="tech-schedule">
      <h2 id="tech-schedule">{t("technicians.schedule")}</h2>
      <p class="muted" id="tech-zone-note">
        {t("technicians.zoneNote", { zone: zone() })}
      </p>
      <label class="field">
        <span>{t("technicians.showFrom")}</span>
        <input
          type="date"
          value={props.from}
          onChange={(e) => e.currentTarget.value && props.setFrom(e.currentTarget.value)}
        />
      </label>
      <h3>{t("technicians.shifts")}</h3>
      <ul class="tech-list" aria-label={t("technicians.shifts")}>
        <For each={props.tech.shifts} fallback={<li class="muted">{t("technicians.noShifts")}</li>}>
          {(shift) => (
            <li data-shift={shift.id}>
              <span>{t("technicians.inZone", { time: span(shift), zone: zone() })}</span>{" "}
              <Show when={props.writable}>
                <button
                  type="button"
                  class="btn-link"
                  onClick={() =>
                    void props.change(() => technicianApi.removeShift(user(), shift.id), t("technicians.shiftRemoved"))
                  }
                >
                  {t("technicians.removeShift", { time: span(shift) })}
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <h3>{t("technicians.blocks")}</h3>
      <ul class="tech-list" aria-label={t("technicians.blocks")}>
        <For each={props.tech.blocks} fallback={<li class="muted">{t("technicians.noBlocks")}</li>}>
          {(block) => (
            <li data-block={block.id}>
              <span class="badge badge-warning">{t(`technicians.kinds.${block.kind}`)}</span>{" "}
              <span>{t("technicians.inZone", { time: span(block), zone: zone() })}</span>
              <Show when={block.reason}> · {block.reason}</Show>{" "}
              <Show when={props.writable}>
                <button
                  type="button"
                  class="btn-link"
                  onClick={() =>
                    void props.change(() => technicianApi.removeBlock(user(), block.id), t("technicians.blockRemoved"))
                  }
                >
                  {t("technicians.removeBlock", { time: span(block) })}
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.writable}>
        <form
          class="tech-form"
          onSubmit={addShifts}
          aria-labelledby="tech-add-shifts"
          aria-describedby="tech-zone-note"
        >
          <h3 id="tech-add-shifts">{t("technicians.addShifts")}</h3>
          <div class="field-row">
            <label class="field">
              <span>{t("technicians.fromDate")}</span>
              <input type="date" name="from" required />
            </label>
            <label class="field">
              <span>{t("technicians.toDate")}</span>
              <input type="date" name="to" />
            </label>
            <label class="field">
              <span>{t("technicians.startTime", { zone: zone() })}</span>
              <input type="time" name="start" required />
            </label>
            <label class="field">
              <span>{t("technicians.endTime", { zone: zone() })}</span>
              <input type="time" name="end" required />
            </label>
          </div>
          <fieldset class="tk-fieldset">
            <legend>{t("technicians.weekdays")}</legend>
            <div class="field-row">
              <For each={weekdays}>
                {(d) => (
                  <label class="check">
                    <input type="checkbox" name="weekday" value={d} />
                    <span>{t(`technicians.days.${d}`)}</span>
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <button type="submit" class="btn btn-secondary">
            {t("technicians.addShiftsButton")}
          </button>
        </form>
        <form class="tech-form" onSubmit={addBlock} aria-labelledby="tech-add-block" aria-describedby="tech-zone-note">
          <h3 id="tech-add-block">{t("technicians.addBlock")}</h3>
          <div class="field-row">
            <label class="field">
              <span>{t("technicians.blockStart", { zone: zone() })}</span>
              <input type="datetime-local" name="start" required />
            </label>
            <label class="field">
              <span>{t("technicians.blockEnd", { zone: zone() })}</span>
              <input type="datetime-local" name="end" required />
            </label>
            <label class="field">
              <span>{t("technicians.kind")}</span>
              <select name="kind">
                <For each={blockKinds}>{(k) => <option value={k}>{t(`technicians.kinds.${k}`)}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span>{t("technicians.reason")}</span>
              <input name="reason" maxLength={500} />
            </label>
          </div>
          <button type="submit" class="btn btn-secondary">
            {t("technicians.addBlockButton")}
          </button>
        </form>
      </Show>
    </section>
  );
}
