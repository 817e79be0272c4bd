import { createSignal, For, Index, Show } from "solid-js";
import { send } from "../../../api";
import { DateInput } from "../../../components/kit/DateInput";
import { DialogForm, Field, type FormErrors } from "../../../components/kit/DialogForm";
import { formatDate, weekdayName } from "../../../format";
import { t } from "../../../i18n";
import { type CalendarInfo, type DayKey, type Range, sla, week, weeklyOf, zones } from "./shared";

const officeHours = (): Record<DayKey, Range[]> => ({
  "1": [{ from: "08:00", to: "17:00" }],
  "2": [{ from: "08:00", to: "17:00" }],
  "3": [{ from: "08:00", to: "17:00" }],
  "4": [{ from: "08:00", to: "17:00" }],
  "5": [{ from: "08:00", to: "17:00" }],
  "6": [],
  "0": [],
});

/** One opening of the dialog: the calendar being edited (or a new one) as signals the form changes. */
function calendarState(calendar: CalendarInfo | undefined) {
  const def = calendar?.definition;
  const [name, setName] = createSignal(calendar?.name ?? "");
  const [zone, setZone] = createSignal(def?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [alwaysOpen, setAlwaysOpen] = createSignal(def?.alwaysOpen ?? false);
  const [weekly, setWeekly] = createSignal<Record<DayKey, Range[]>>(def ? weeklyOf(def) : officeHours());
  const [holidays, setHolidays] = createSignal<string[]>([...(def?.holidays ?? [])].sort());
  const [isDefault, setIsDefault] = createSignal(calendar?.isDefault ?? false);
  return {
    calendar,
    ...{ name, setName, zone, setZone, alwaysOpen, setAlwaysOpen, weekly, setWeekly },
    ...{ holidays, setHolidays, isDefault, setIsDefault },
    setRange: (day: DayKey, index: number, field: keyof Range, value: string) =>
      setWeekly((w) => ({ ...w, [day]: w[day].map((r, i) => (i === index ? { ...r, [field]: value } : r)) })),
    addRange: (day: DayKey) =>
      setWeekly((w) => {
        const last = w[day].at(-1);
        const next = last
          ? { from: last.to, to: last.to < "23:00" ? "23:59" : "24:00" }
          : { from: "09:00", to: "17:00" };
        return { ...w, [day]: [...w[day], next] };
      }),
    removeRange: (day: DayKey, index: number) =>
      setWeekly((w) => ({ ...w, [day]: w[day].filter((_, i) => i !== index) })),
    copyMonday: () =>
      setWeekly((w) => ({ ...w, "2": [...w["1"]], "3": [...w["1"]], "4": [...w["1"]], "5": [...w["1"]] })),
    /** What the API stores: "00:00" as an end reads as midnight at the end of the day. */
    definition: () => ({
      timeZone: zone(),
      alwaysOpen: alwaysOpen(),
      weekly: Object.fromEntries(
        week.map((d) => [
          d.key,
          weekly()[d.key].map((r) => ({ from: r.from, to: r.to === "00:00" && r.from !== "00:00" ? "24:00" : r.to })),
        ]),
      ),
      holidays: holidays(),
    }),
  };
}
type CalendarState = ReturnType<typeof calendarState>;

function WeeklyHours(props: { state: CalendarState }) {
  const s = props.state;
  const day = (d: number) => weekdayName(d);
  return (
    <fieldset class="field sla-week">
      <legend>{t("sla.dialog.weekly")}</legend>
      <p class="field-hint">{t("sla.dialog.weeklyHint")}</p>
      <For each={week}>
        {(d) => (
          <div class="sla-day">
            <span class="sla-day-name">{day(d.day)}</span>
            <div class="sla-day-ranges">
              <Show when={s.weekly()[d.key].length === 0}>
                <span class="muted">{t("sla.dialog.closed")}</span>
              </Show>
              <Index each={s.weekly()[d.key]}>
                {(r, i) => (
                  <span class="sla-range">
                    <input
                      type="time"
                      required
                      value={r().from}
                      aria-label={t("sla.dialog.opens", { day: day(d.day), n: String(i + 1) })}
                      onChange={(e) => s.setRange(d.key, i, "from", e.currentTarget.value)}
                    />
                    <span aria-hidden="true">–</span>
                    <input
                      type="time"
                      required
                      value={r().to === "24:00" ? "00:00" : r().to}
                      aria-label={t("sla.dialog.closes", { day: day(d.day), n: String(i + 1) })}
                      onChange={(e) => s.setRange(d.key, i, "to", e.currentTarget.value)}
                    />
                    <button
                      type="button"
                      class="btn btn-link"
                      aria-label={t("sla.dialog.removeRange", { day: day(d.day), n: String(i + 1) })}
                      onClick={() => s.removeRange(d.key, i)}
                    >
                      {t("kit.remove")}
                    </button>
                  </span>
                )}
              </Index>
            </div>
            <button
              type="button"
              class="btn btn-secondary btn-small"
              aria-label={t("sla.dialog.addHoursOn", { day: day(d.day) })}
              onClick={() => s.addRange(d.key)}
            >
              {t("sla.dialog.addHours")}
            </button>
          </div>
        )}
      </For>
      <button type="button" class="btn btn-link" onClick={s.copyMonday}>
        {t("sla.dialog.copyMonday", { monday: day(1), tuesday: day(2), friday: day(5) })}
      </button>
    </fieldset>
  );
}

function Holidays(props: { state: CalendarState; error: string | undefined }) {
  const s = props.state;
  const [holiday, setHoliday] = createSignal("");
  const [missing, setMissing] = createSignal(false);
  const add = () => {
    const d = holiday();
    setMissing(!/^\d{4}-\d{2}-\d{2}$/.test(d));
    if (missing()) return;
    s.setHolidays((h) => [...new Set([...h, d])].sort());
    setHoliday("");
  };
  return (
    <fieldset class="field sla-holidays">
      <legend>{t("sla.dialog.holidays")}</legend>
      <p class="field-hint">{t("sla.dialog.holidaysHint")}</p>
      <div class="sla-holiday-add">
        <Field
          id="holiday-date"
          label={<span class="sr-only">{t("sla.dialog.holidayDate")}</span>}
          error={missing() ? t("sla.dialog.pickHoliday") : props.error}
        >
          {(aria) => (
            <DateInput
              id={aria.id}
              name="holiday"
              kind="date"
              value={holiday()}
              describedBy={aria["aria-describedby"]}
              onValue={setHoliday}
            />
          )}
        </Field>
        <button type="button" class="btn btn-secondary" onClick={add}>
          {t("sla.dialog.addHoliday")}
        </button>
      </div>
      <Show when={s.holidays().length > 0} fallback={<p class="muted">{t("sla.dialog.noHolidays")}</p>}>
        <ul class="sla-holiday-list">
          <For each={s.holidays()}>
            {(h) => (
              <li>
                <time datetime={h}>{formatDate(`${h}T12:00:00`)}</time>
                <button
                  type="button"
                  class="btn btn-link"
                  aria-label={t("sla.dialog.removeHoliday", { date: formatDate(`${h}T12:00:00`) })}
                  onClick={() => s.setHolidays((list) => list.filter((x) => x !== h))}
                >
                  {t("kit.remove")}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </fieldset>
  );
}

function CalendarFields(props: { state: CalendarState; errors: FormErrors }) {
  const s = props.state;
  const zoneList = zones();
  const zonesShown = zoneList.includes(s.zone()) ? zoneList : [s.zone(), ...zoneList];
  return (
    <>
      <div class="sla-fields">
        <Field id="calendar-name" label={t("sla.dialog.name")} error={props.errors.field("name")}>
          {(aria) => (
            <input
              {...aria}
              required
              maxLength={100}
              value={s.name()}
              readOnly={!!s.calendar}
              onInput={(e) => s.setName(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="calendar-zone" label={t("sla.dialog.timeZone")} error={props.errors.field("definition.timeZone")}>
          {(aria) => (
            <select {...aria} value={s.zone()} onChange={(e) => s.setZone(e.currentTarget.value)}>
              <For each={zonesShown}>{(z) => <option value={z}>{z.replaceAll("_", " ")}</option>}</For>
            </select>
          )}
        </Field>
      </div>
      <label class="check" for="calendar-always">
        <input
          id="calendar-always"
          class="check-box"
          type="checkbox"
          checked={s.alwaysOpen()}
          onChange={(e) => s.setAlwaysOpen(e.currentTarget.checked)}
        />
        <span>
          {t("sla.dialog.alwaysOpen")}
          <span class="sub">{t("sla.dialog.alwaysOpenHint")}</span>
        </span>
      </label>
      <Show when={!s.alwaysOpen()}>
        <WeeklyHours state={s} />
      </Show>
      <Holidays state={s} error={props.errors.field("definition.holidays")} />
      <label class="check" for="calendar-default">
        <input
          id="calendar-default"
          class="check-box"
          type="checkbox"
          checked={s.isDefault()}
          disabled={s.calendar?.isDefault}
          onChange={(e) => s.setIsDefault(e.currentTarget.checked)}
        />
        <span>
          {t("sla.dialog.defaultLabel")}
          <span class="sub">{t("sla.dialog.defaultHint")}</span>
        </span>
      </label>
    </>
  );
}

/** Adds a business calendar or edits one: time zone, weekly hours (split days), holidays, default. */
export function CalendarDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  session: { calendar: CalendarInfo | undefined };
  onSaved: () => void;
}) {
  let current: CalendarState | undefined;
  const submit = async () => {
    const s = current;
    if (!s) return;
    await send(
      sla.calendars[":name"].$put({
        param: { name: encodeURIComponent(s.name().trim()) },
        json: { definition: s.definition(), isDefault: s.isDefault() },
      }),
    );
    props.onSaved();
  };
  return (
    <DialogForm
      id="calendar-dialog"
      ref={props.ref}
      wide
      title={
        props.session.calendar
          ? t("sla.dialog.editCalendar", { name: props.session.calendar.name })
          : t("sla.dialog.addCalendar")
      }
      submitLabel={t("sla.dialog.saveCalendar")}
      submit={submit}
    >
      {(errors) => (
        <Show when={props.session} keyed>
          {({ calendar }) => {
            current = calendarState(calendar);
            return <CalendarFields state={current} errors={errors} />;
          }}
        </Show>
      )}
    </DialogForm>
  );
}
