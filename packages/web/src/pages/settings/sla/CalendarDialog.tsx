import { createSignal, For, Index, Show } from "solid-js";
import { errorMessage, send } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { type CalendarInfo, type DayKey, type Range, sla, week, weeklyOf, zones } from "./shared";

export function CalendarDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  session: { calendar: CalendarInfo | undefined };
  onSaved: () => void;
  onClose: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const zoneList = zones();

  const Form = (p: { calendar: CalendarInfo | undefined }) => {
    const def = p.calendar?.definition;
    const [name, setName] = createSignal(p.calendar?.name ?? "");
    const [zone, setZone] = createSignal(def?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
    const [alwaysOpen, setAlwaysOpen] = createSignal(def?.alwaysOpen ?? false);
    const [weekly, setWeekly] = createSignal<Record<DayKey, Range[]>>(
      def
        ? weeklyOf(def)
        : {
            "1": [{ from: "08:00", to: "17:00" }],
            "2": [{ from: "08:00", to: "17:00" }],
            "3": [{ from: "08:00", to: "17:00" }],
            "4": [{ from: "08:00", to: "17:00" }],
            "5": [{ from: "08:00", to: "17:00" }],
            "6": [],
            "0": [],
          },
    );
    const [holidays, setHolidays] = createSignal<string[]>([...(def?.holidays ?? [])].sort());
    const [holiday, setHoliday] = createSignal("");
    const [isDefault, setIsDefault] = createSignal(p.calendar?.isDefault ?? false);
    const zonesShown = zoneList.includes(zone()) ? zoneList : [zone(), ...zoneList];

    const setRange = (day: DayKey, index: number, field: keyof Range, value: string) =>
      setWeekly((w) => ({ ...w, [day]: w[day].map((r, i) => (i === index ? { ...r, [field]: value } : r)) }));
    const addRange = (day: DayKey) =>
      setWeekly((w) => {
        const last = w[day].at(-1);
        const next = last
          ? { from: last.to, to: last.to < "23:00" ? "23:59" : "24:00" }
          : { from: "09:00", to: "17:00" };
        return { ...w, [day]: [...w[day], next] };
      });
    const removeRange = (day: DayKey, index: number) =>
      setWeekly((w) => ({ ...w, [day]: w[day].filter((_, i) => i !== index) }));
    const copyMonday = () =>
      setWeekly((w) => ({ ...w, "2": [...w["1"]], "3": [...w["1"]], "4": [...w["1"]], "5": [...w["1"]] }));
    const addHoliday = () => {
      const d = holiday();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) {
        setError("Pick a holiday date first.");
        return;
      }
      setError(undefined);
      setHolidays((h) => [...new Set([...h, d])].sort());
      setHoliday("");
    };

    const submit = async (event: SubmitEvent) => {
      event.preventDefault();
      // "00:00" as an end reads as midnight at the end of the day.
      const cleaned = Object.fromEntries(
        week.map((d) => [
          d.key,
          weekly()[d.key].map((r) => ({ from: r.from, to: r.to === "00:00" && r.from !== "00:00" ? "24:00" : r.to })),
        ]),
      );
      const definition = { timeZone: zone(), alwaysOpen: alwaysOpen(), weekly: cleaned, holidays: holidays() };
      setBusy(true);
      setError(undefined);
      try {
        await send(
          sla.calendars[":name"].$put({
            param: { name: encodeURIComponent(name().trim()) },
            json: { definition, isDefault: isDefault() },
          }),
        );
        props.onSaved();
        props.onClose();
      } catch (failure) {
        setError(errorMessage(failure));
      } finally {
        setBusy(false);
      }
    };

    return (
      <form class="form dialog-body" onSubmit={submit}>
        <div class="sla-fields">
          <div class="field">
            <label for="calendar-name">Name</label>
            <input
              id="calendar-name"
              required
              maxLength={100}
              value={name()}
              readOnly={!!p.calendar}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="calendar-zone">Time zone</label>
            <select id="calendar-zone" value={zone()} onChange={(e) => setZone(e.currentTarget.value)}>
              <For each={zonesShown}>{(z) => <option value={z}>{z.replaceAll("_", " ")}</option>}</For>
            </select>
          </div>
        </div>
        <label class="check" for="calendar-always">
          <input
            id="calendar-always"
            class="check-box"
            type="checkbox"
            checked={alwaysOpen()}
            onChange={(e) => setAlwaysOpen(e.currentTarget.checked)}
          />
          <span>
            Open 24/7
            <span class="sub">Every hour counts, except on the holidays below.</span>
          </span>
        </label>
        <Show when={!alwaysOpen()}>
          <fieldset class="field sla-week">
            <legend>Weekly hours</legend>
            <p class="field-hint">
              Add a second range for a split day (e.g. 08:00–12:00 and 13:00–17:00). An end of 00:00 means midnight.
            </p>
            <For each={week}>
              {(d) => (
                <div class="sla-day">
                  <span class="sla-day-name">{d.long}</span>
                  <div class="sla-day-ranges">
                    <Show when={weekly()[d.key].length === 0}>
                      <span class="muted">Closed</span>
                    </Show>
                    <Index each={weekly()[d.key]}>
                      {(r, i) => (
                        <span class="sla-range">
                          <input
                            type="time"
                            required
                            value={r().from}
                            aria-label={`${d.long} range ${i + 1} opens`}
                            onChange={(e) => setRange(d.key, i, "from", e.currentTarget.value)}
                          />
                          <span aria-hidden="true">–</span>
                          <input
                            type="time"
                            required
                            value={r().to === "24:00" ? "00:00" : r().to}
                            aria-label={`${d.long} range ${i + 1} closes`}
                            onChange={(e) => setRange(d.key, i, "to", e.currentTarget.value)}
                          />
                          <button
                            type="button"
                            class="btn btn-link"
                            aria-label={`Remove ${d.long} range ${i + 1}`}
                            onClick={() => removeRange(d.key, i)}
                          >
                            Remove
                          </button>
                        </span>
                      )}
                    </Index>
                  </div>
                  <button
                    type="button"
                    class="btn btn-secondary btn-small"
                    aria-label={`Add hours on ${d.long}`}
                    onClick={() => addRange(d.key)}
                  >
                    Add hours
                  </button>
                </div>
              )}
            </For>
            <button type="button" class="btn btn-link" onClick={copyMonday}>
              Copy Monday to Tuesday–Friday
            </button>
          </fieldset>
        </Show>
        <fieldset class="field sla-holidays">
          <legend>Holidays</legend>
          <p class="field-hint">Closed all day in the calendar's time zone, also on a 24/7 calendar.</p>
          <div class="sla-holiday-add">
            <label class="sr-only" for="holiday-date">
              Holiday date
            </label>
            <input id="holiday-date" type="date" value={holiday()} onInput={(e) => setHoliday(e.currentTarget.value)} />
            <button type="button" class="btn btn-secondary" onClick={addHoliday}>
              Add holiday
            </button>
          </div>
          <Show when={holidays().length > 0} fallback={<p class="muted">No holidays.</p>}>
            <ul class="sla-holiday-list">
              <For each={holidays()}>
                {(h) => (
                  <li>
                    <time datetime={h}>{h}</time>
                    <button
                      type="button"
                      class="btn btn-link"
                      aria-label={`Remove holiday ${h}`}
                      onClick={() => setHolidays((list) => list.filter((x) => x !== h))}
                    >
                      Remove
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </fieldset>
        <label class="check" for="calendar-default">
          <input
            id="calendar-default"
            class="check-box"
            type="checkbox"
            checked={isDefault()}
            disabled={p.calendar?.isDefault}
            onChange={(e) => setIsDefault(e.currentTarget.checked)}
          />
          <span>
            Default calendar
            <span class="sub">Used by every policy without a calendar of its own.</span>
          </span>
        </label>
        <ErrorAlert message={error()} />
        <div class="dialog-actions">
          <button type="button" class="btn btn-secondary" onClick={() => props.onClose()}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {busy() ? "Saving…" : "Save calendar"}
          </button>
        </div>
      </form>
    );
  };

  return (
    <dialog
      class="dialog dialog-wide"
      ref={props.ref}
      aria-labelledby="calendar-dialog-title"
      onClose={() => {
        setError(undefined);
        props.onClose();
      }}
    >
      <div class="dialog-head">
        <h2 id="calendar-dialog-title" class="panel-title">
          {props.session.calendar ? `Edit calendar ${props.session.calendar.name}` : "Add a business calendar"}
        </h2>
      </div>
      <Show when={props.session} keyed>
        {({ calendar }) => <Form calendar={calendar} />}
      </Show>
    </dialog>
  );
}
