import type { InferResponseType } from "hono/client";
import { createSignal, For, Index, Match, onMount, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../../api";
import { AlertIcon, PlusIcon } from "../../components/icons";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { formatMinutes, SlaBadges, SlaExplain, type SlaSummary } from "../../components/SlaPanel";
import { Badge, EmptyState, ErrorState, Panel, Skeleton } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { can } from "../../session";

const sla = client.api.v1.sla;
type Policy = InferResponseType<typeof sla.policies.$get, 200>["items"][number];
type CalendarInfo = InferResponseType<typeof sla.calendars.$get, 200>["items"][number];
type Definition = CalendarInfo["definition"];
type Settings = InferResponseType<typeof sla.settings.$get, 200>;
type TicketType = InferResponseType<typeof client.api.v1.tickets.types.$get, 200>["items"][number];
type Range = { from: string; to: string };

const JSON_HEADERS = { headers: { "content-type": "application/json" } };
const priorities = ["urgent", "high", "normal", "medium", "low", "lower"] as const;
/** Statuses an admin may make pause the clocks (new, open and the final ones never pause). */
const pausable = [
  "pending",
  "waiting_on_customer",
  "pending_confirmation",
  "lastmile_rerun",
  "site_under_construction",
  "on_hold",
] as const;
/** Monday first, as people read a week; "0" is Sunday in the calendar definition. */
const week = [
  { key: "1", short: "Mon", long: "Monday" },
  { key: "2", short: "Tue", long: "Tuesday" },
  { key: "3", short: "Wed", long: "Wednesday" },
  { key: "4", short: "Thu", long: "Thursday" },
  { key: "5", short: "Fri", long: "Friday" },
  { key: "6", short: "Sat", long: "Saturday" },
  { key: "0", short: "Sun", long: "Sunday" },
] as const;
type DayKey = (typeof week)[number]["key"];

const statusLabel = (s: string) => (s[0]?.toUpperCase() ?? "") + s.slice(1).replaceAll("_", " ");
const capital = (s: string) => (s[0]?.toUpperCase() ?? "") + s.slice(1);

function zones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const list = intl.supportedValuesOf?.("timeZone") ?? [];
  return list.includes("UTC") ? list : ["UTC", ...list];
}

/** The days' ranges, Sunday's "7" folded into "0". */
function weeklyOf(definition: Definition): Record<DayKey, Range[]> {
  const w = (definition.weekly ?? {}) as Partial<Record<string, Range[]>>;
  const out = {} as Record<DayKey, Range[]>;
  for (const d of week) out[d.key] = [...(w[d.key] ?? []), ...(d.key === "0" ? (w["7"] ?? []) : [])];
  return out;
}

/** "Mon–Fri 08:00–17:00 · Sat 09:00–13:00", or "24/7". */
export function hoursSummary(definition: Definition): string {
  if (definition.alwaysOpen) return "24/7";
  const weekly = weeklyOf(definition);
  const text = (ranges: Range[]) => ranges.map((r) => `${r.from}–${r.to}`).join(", ");
  const groups: Array<{ first: string; last: string; hours: string }> = [];
  for (const d of week) {
    const hours = text(weekly[d.key]);
    const last = groups.at(-1);
    if (last && last.hours === hours) last.last = d.short;
    else groups.push({ first: d.short, last: d.short, hours });
  }
  const open = groups.filter((g) => g.hours);
  if (open.length === 0) return "Never open";
  return open.map((g) => `${g.first === g.last ? g.first : `${g.first}–${g.last}`} ${g.hours}`).join(" · ");
}

function Alert(props: { message: string | undefined }) {
  return (
    <Show when={props.message}>
      <div class="alert alert-error alert-row" role="alert">
        <AlertIcon />
        <span>{props.message}</span>
      </div>
    </Show>
  );
}

// ——— Policies ———

const units = [
  { value: 1, label: "minutes" },
  { value: 60, label: "hours" },
  { value: 1440, label: "days" },
] as const;
const unitOf = (minutes: number) => (minutes % 1440 === 0 ? 1440 : minutes % 60 === 0 ? 60 : 1);

function DurationField(props: { id: string; label: string; minutes: number | undefined; hint: string }) {
  const unit = unitOf(props.minutes ?? 60);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <div class="sla-duration">
        <input
          id={props.id}
          name={props.id}
          type="number"
          inputmode="numeric"
          min="1"
          step="1"
          required
          value={props.minutes === undefined ? "" : props.minutes / unit}
          aria-describedby={`${props.id}-hint`}
        />
        <select name={`${props.id}-unit`} aria-label={`${props.label} unit`}>
          <For each={units}>
            {(u) => (
              <option value={u.value} selected={u.value === unit}>
                {u.label}
              </option>
            )}
          </For>
        </select>
      </div>
      <span id={`${props.id}-hint`} class="field-hint">
        {props.hint}
      </span>
    </div>
  );
}

function PolicyDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  session: { policy: Policy | undefined };
  types: TicketType[];
  calendars: CalendarInfo[];
  onSaved: () => void;
  onClose: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const minutes = (name: string) => Number(data.get(name)) * Number(data.get(`${name}-unit`));
    const editing = props.session.policy;
    const json = {
      ticketTypeId: editing ? editing.ticketTypeId : String(data.get("policy-type") ?? "") || null,
      priority: editing
        ? editing.priority
        : ((String(data.get("policy-priority") ?? "") || null) as Policy["priority"] | null),
      firstResponseMinutes: minutes("policy-first"),
      resolutionMinutes: minutes("policy-resolution"),
      warnAtPercent: Number(data.get("policy-warn")),
      calendarId: String(data.get("policy-calendar") ?? "") || null,
    };
    setBusy(true);
    setError(undefined);
    try {
      await send(sla.policies.$put({ json }));
      props.onSaved();
      props.onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog
      class="dialog"
      ref={props.ref}
      aria-labelledby="policy-dialog-title"
      onClose={() => {
        setError(undefined);
        props.onClose();
      }}
    >
      <div class="dialog-head">
        <h2 id="policy-dialog-title" class="panel-title">
          {props.session.policy ? "Edit SLA policy" : "Add an SLA policy"}
        </h2>
      </div>
      <Show when={props.session} keyed>
        {({ policy }) => (
          <form class="form dialog-body" onSubmit={submit}>
            <div class="sla-fields">
              <div class="field">
                <label for="policy-type">Ticket type</label>
                <select id="policy-type" name="policy-type" disabled={!!policy}>
                  <option value="">Any type</option>
                  <For each={props.types}>
                    {(t) => (
                      <option value={t.id} selected={policy?.ticketTypeId === t.id}>
                        {t.name}
                      </option>
                    )}
                  </For>
                </select>
              </div>
              <div class="field">
                <label for="policy-priority">Priority</label>
                <select id="policy-priority" name="policy-priority" disabled={!!policy}>
                  <option value="">Any priority</option>
                  <For each={priorities}>
                    {(p) => (
                      <option value={p} selected={policy?.priority === p}>
                        {capital(p)}
                      </option>
                    )}
                  </For>
                </select>
              </div>
            </div>
            <Show when={!policy}>
              <p class="field-hint">
                A ticket gets the most specific policy: type and priority, then type, then priority, then any. Saving an
                existing type and priority pair replaces it.
              </p>
            </Show>
            <DurationField
              id="policy-first"
              label="First response within"
              minutes={policy?.firstResponseMinutes}
              hint="Business time on the policy's calendar until the first public reply."
            />
            <DurationField
              id="policy-resolution"
              label="Resolution within"
              minutes={policy?.resolutionMinutes}
              hint="Business time until the ticket is resolved; paused statuses do not count."
            />
            <div class="sla-fields">
              <div class="field">
                <label for="policy-warn">At risk from (%)</label>
                <input
                  id="policy-warn"
                  name="policy-warn"
                  type="number"
                  min="0"
                  max="100"
                  step="1"
                  required
                  value={policy?.warnAtPercent ?? 80}
                  aria-describedby="policy-warn-hint"
                />
                <span id="policy-warn-hint" class="field-hint">
                  Share of the target after which a warning is raised.
                </span>
              </div>
              <div class="field">
                <label for="policy-calendar">Calendar</label>
                <select id="policy-calendar" name="policy-calendar">
                  <option value="">The default calendar</option>
                  <For each={props.calendars}>
                    {(c) => (
                      <option value={c.id} selected={policy?.calendarId === c.id}>
                        {c.name}
                      </option>
                    )}
                  </For>
                </select>
              </div>
            </div>
            <Alert message={error()} />
            <div class="dialog-actions">
              <button type="button" class="btn btn-secondary" onClick={() => props.onClose()}>
                Cancel
              </button>
              <button type="submit" class="btn btn-primary" disabled={busy()}>
                {busy() ? "Saving…" : "Save policy"}
              </button>
            </div>
          </form>
        )}
      </Show>
    </dialog>
  );
}

function PoliciesTable(props: {
  items: Policy[];
  types: TicketType[];
  calendars: CalendarInfo[];
  canWrite: boolean;
  onEdit: (p: Policy) => void;
  onChanged: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const typeName = (id: string | null) =>
    id ? (props.types.find((t) => t.id === id)?.name ?? "Unknown type") : "Any type";
  const calendarName = (id: string | null) =>
    id ? (props.calendars.find((c) => c.id === id)?.name ?? "Unknown") : "Default";
  const scope = (p: Policy) => `${typeName(p.ticketTypeId)}, ${p.priority ?? "any priority"}`;
  const remove = async (p: Policy) => {
    setError(undefined);
    try {
      await send(sla.policies[":id"].$delete({ param: { id: p.id } }, JSON_HEADERS));
      props.onChanged();
    } catch (failure) {
      setError(`Could not delete the policy for ${scope(p)}: ${errorMessage(failure)}`);
    }
  };
  return (
    <>
      <Alert message={error()} />
      <div class="table-wrap">
        <table class="table table-stack sla-policies">
          <thead>
            <tr>
              <th scope="col">Ticket type</th>
              <th scope="col">Priority</th>
              <th scope="col">First response</th>
              <th scope="col">Resolution</th>
              <th scope="col">At risk from</th>
              <th scope="col">Calendar</th>
              <Show when={props.canWrite}>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.items}>
              {(p) => (
                <tr>
                  <th scope="row" class="row-title">
                    {typeName(p.ticketTypeId)}
                  </th>
                  <td data-label="Priority">
                    <Show when={p.priority} fallback={<span class="muted">Any</span>}>
                      {(x) => capital(x())}
                    </Show>
                  </td>
                  <td data-label="First response">{formatMinutes(p.firstResponseMinutes)}</td>
                  <td data-label="Resolution">{formatMinutes(p.resolutionMinutes)}</td>
                  <td data-label="At risk from">{p.warnAtPercent} %</td>
                  <td data-label="Calendar">{calendarName(p.calendarId)}</td>
                  <Show when={props.canWrite}>
                    <td data-label="Actions" class="nowrap">
                      <div class="button-row">
                        <button
                          type="button"
                          class="btn btn-secondary btn-small"
                          aria-label={`Edit the policy for ${scope(p)}`}
                          onClick={() => props.onEdit(p)}
                        >
                          Edit
                        </button>
                        <ConfirmAction
                          label="Delete"
                          prompt={<>Delete? Its tickets fall back to a broader policy.</>}
                          confirmLabel="Confirm delete"
                          busyLabel="Deleting…"
                          danger
                          run={() => remove(p)}
                        />
                      </div>
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

// ——— Calendars ———

function CalendarDialog(props: {
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
        <Alert message={error()} />
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

function CalendarsTable(props: {
  items: CalendarInfo[];
  policies: Policy[];
  canWrite: boolean;
  onEdit: (c: CalendarInfo) => void;
  onChanged: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const remove = async (c: CalendarInfo) => {
    setError(undefined);
    try {
      await send(sla.calendars[":name"].$delete({ param: { name: encodeURIComponent(c.name) } }, JSON_HEADERS));
      props.onChanged();
    } catch (failure) {
      setError(`Could not delete ${c.name}: ${errorMessage(failure)}`);
    }
  };
  const usedBy = (c: CalendarInfo) => props.policies.filter((p) => p.calendarId === c.id).length;
  return (
    <>
      <Alert message={error()} />
      <div class="table-wrap">
        <table class="table table-stack sla-calendars">
          <thead>
            <tr>
              <th scope="col">Calendar</th>
              <th scope="col">Time zone</th>
              <th scope="col">Hours</th>
              <th scope="col">Holidays</th>
              <Show when={props.canWrite}>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.items}>
              {(c) => (
                <tr>
                  <th scope="row" class="row-title">
                    {c.name}{" "}
                    <Show when={c.isDefault}>
                      <Badge tone="info">Default</Badge>
                    </Show>
                  </th>
                  <td data-label="Time zone">{c.definition.timeZone.replaceAll("_", " ")}</td>
                  <td data-label="Hours">{hoursSummary(c.definition)}</td>
                  <td data-label="Holidays">
                    <Show when={(c.definition.holidays ?? []).length > 0} fallback={<span class="muted">None</span>}>
                      <span title={(c.definition.holidays ?? []).join(", ")}>
                        {t("count.day", (c.definition.holidays ?? []).length)}
                      </span>
                    </Show>
                  </td>
                  <Show when={props.canWrite}>
                    <td data-label="Actions" class="nowrap">
                      <div class="button-row">
                        <button
                          type="button"
                          class="btn btn-secondary btn-small"
                          aria-label={`Edit calendar ${c.name}`}
                          onClick={() => props.onEdit(c)}
                        >
                          Edit
                        </button>
                        <Show when={!c.isDefault && usedBy(c) === 0}>
                          <ConfirmAction
                            label="Delete"
                            prompt={<>Delete {c.name}?</>}
                            confirmLabel="Confirm delete"
                            busyLabel="Deleting…"
                            danger
                            run={() => remove(c)}
                          />
                        </Show>
                      </div>
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

// ——— Pause statuses and confirmation grace ———

function SettingsForm(props: { settings: Settings; canWrite: boolean; onSaved: (s: Settings) => void }) {
  const [error, setError] = createSignal<string>();
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const json = {
      pauseStatuses: data.getAll("pauseStatuses").map(String) as Array<(typeof pausable)[number]>,
      confirmationGraceHours: Number(data.get("confirmationGraceHours")),
    };
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      props.onSaved(await (await send(sla.settings.$put({ json }))).json());
      setSaved(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form panel-body" onSubmit={submit}>
      <fieldset class="field sla-pause" disabled={!props.canWrite}>
        <legend>Statuses that pause the clocks</legend>
        <div class="sla-pause-list">
          <For each={pausable}>
            {(s) => (
              <label class="check" for={`pause-${s}`}>
                <input
                  id={`pause-${s}`}
                  class="check-box"
                  type="checkbox"
                  name="pauseStatuses"
                  value={s}
                  checked={props.settings.pauseStatuses.includes(s)}
                />
                <span>{statusLabel(s)}</span>
              </label>
            )}
          </For>
        </div>
        <span class="field-hint">Time spent in these statuses never counts. Changing them re-checks open tickets.</span>
      </fieldset>
      <div class="field sla-grace">
        <label for="grace-hours">Confirmation grace (hours)</label>
        <input
          id="grace-hours"
          name="confirmationGraceHours"
          type="number"
          min="1"
          max="720"
          step="1"
          required
          disabled={!props.canWrite}
          value={props.settings.confirmationGraceHours}
          aria-describedby="grace-hint"
        />
        <span id="grace-hint" class="field-hint">
          A resolved ticket the customer neither confirms nor disputes closes itself after this long.
        </span>
      </div>
      <Alert message={error()} />
      <Show when={saved()}>
        <p class="alert alert-success" role="status">
          Settings saved.
        </p>
      </Show>
      <Show when={props.canWrite}>
        <div class="button-row">
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {busy() ? "Saving…" : "Save settings"}
          </button>
        </div>
      </Show>
    </form>
  );
}

// ——— One ticket's clocks, explained ———

/** Looks a ticket up by number and shows its SLA badges and every counted or paused stretch. */
function TicketCheck() {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [ticket, setTicket] = createSignal<{ id: string; number: string; title: string; sla?: SlaSummary | null }>();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const ref = String(new FormData(event.currentTarget as HTMLFormElement).get("ref") ?? "").trim();
    if (!ref) return;
    setBusy(true);
    setError(undefined);
    try {
      const found = await (
        await send(client.api.v1.tickets[":idOrNumber"].$get({ param: { idOrNumber: encodeURIComponent(ref) } }))
      ).json();
      setTicket(found);
    } catch (failure) {
      setTicket(undefined);
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="panel-body sla-check">
      <form class="sla-check-form" onSubmit={submit}>
        <div class="field">
          <label for="sla-check-ref">Ticket number</label>
          <input id="sla-check-ref" name="ref" required maxLength={100} placeholder="TCK-2026-000123" />
        </div>
        <button type="submit" class="btn btn-secondary" disabled={busy()}>
          {busy() ? "Looking…" : "Explain"}
        </button>
      </form>
      <Alert message={error()} />
      <Show when={ticket()} keyed>
        {(t) => (
          <div class="sla-check-result">
            <p>
              <strong>{t.number}</strong> {t.title}
            </p>
            <SlaBadges sla={t.sla} />
            <SlaExplain ticketId={t.id} />
          </div>
        )}
      </Show>
    </div>
  );
}

// ——— The page ———

interface Loaded {
  policies: Policy[];
  calendars: CalendarInfo[];
  settings: Settings;
  types: TicketType[];
}

/** SLA administration: policies by type and priority, business calendars, pause statuses. */
export function SlaSettingsPage() {
  useTitle("SLA policies");
  const canWrite = () => can("system:settings:write");
  const [data, setData] = createSignal<Loaded>();
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  const [policySession, setPolicySession] = createSignal<{ policy: Policy | undefined }>({ policy: undefined });
  const [calendarSession, setCalendarSession] = createSignal<{ calendar: CalendarInfo | undefined }>({
    calendar: undefined,
  });
  let policyDialog: HTMLDialogElement | undefined;
  let calendarDialog: HTMLDialogElement | undefined;

  const load = async () => {
    setLoading(true);
    try {
      const [policies, calendars, settings, types] = await Promise.all([
        send(sla.policies.$get()).then((r) => r.json()),
        send(sla.calendars.$get()).then((r) => r.json()),
        send(sla.settings.$get()).then((r) => r.json()),
        send(client.api.v1.tickets.types.$get()).then((r) => r.json()),
      ]);
      setData({ policies: policies.items, calendars: calendars.items, settings, types: types.items });
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setLoading(false);
    }
  };
  onMount(load);

  const editPolicy = (policy?: Policy) => {
    setPolicySession({ policy });
    policyDialog?.showModal();
  };
  const editCalendar = (calendar?: CalendarInfo) => {
    setCalendarSession({ calendar });
    calendarDialog?.showModal();
  };

  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>SLA policies</h1>
          <p class="page-sub">
            Response and resolution targets per ticket type and priority, counted in business time on a calendar.
          </p>
        </div>
      </div>
      <Show when={!canWrite()}>
        <p class="alert alert-info" role="note">
          You can view these settings. Changing them needs the system:settings:write permission.
        </p>
      </Show>

      <PolicyDialog
        ref={(el) => {
          policyDialog = el;
        }}
        session={policySession()}
        types={data()?.types ?? []}
        calendars={data()?.calendars ?? []}
        onSaved={load}
        onClose={() => policyDialog?.close()}
      />
      <CalendarDialog
        ref={(el) => {
          calendarDialog = el;
        }}
        session={calendarSession()}
        onSaved={load}
        onClose={() => calendarDialog?.close()}
      />

      <Switch>
        <Match when={error()}>
          <ErrorState title="Could not load the SLA settings" detail={error() ?? ""} onRetry={load} busy={loading()} />
        </Match>
        <Match when={data()}>
          {(d) => (
            <div class="sla-admin">
              <Panel
                id="sla-policies-title"
                title={
                  <span class="sla-panel-title">
                    Policies
                    <Show when={canWrite()}>
                      <button type="button" class="btn btn-primary btn-small" onClick={() => editPolicy()}>
                        <PlusIcon />
                        Add policy
                      </button>
                    </Show>
                  </span>
                }
                sub="The most specific match wins: type and priority, then type, then priority, then any."
              >
                <Show
                  when={d().policies.length > 0}
                  fallback={
                    <EmptyState icon={<AlertIcon />} title="No policies">
                      Tickets get no SLA until a policy matches them; add an any-type policy first.
                    </EmptyState>
                  }
                >
                  <PoliciesTable
                    items={d().policies}
                    types={d().types}
                    calendars={d().calendars}
                    canWrite={canWrite()}
                    onEdit={editPolicy}
                    onChanged={load}
                  />
                </Show>
              </Panel>

              <Panel
                id="sla-calendars-title"
                title={
                  <span class="sla-panel-title">
                    Business calendars
                    <Show when={canWrite()}>
                      <button type="button" class="btn btn-secondary btn-small" onClick={() => editCalendar()}>
                        <PlusIcon />
                        Add calendar
                      </button>
                    </Show>
                  </span>
                }
                sub="Opening hours in a time zone, with holidays. A calendar in use or the default cannot be deleted."
              >
                <Show
                  when={d().calendars.length > 0}
                  fallback={<EmptyState icon={<AlertIcon />} title="No calendars" />}
                >
                  <CalendarsTable
                    items={d().calendars}
                    policies={d().policies}
                    canWrite={canWrite()}
                    onEdit={editCalendar}
                    onChanged={load}
                  />
                </Show>
              </Panel>

              <Panel
                id="sla-pause-title"
                title={<>Pauses and confirmation</>}
                sub="When the clocks stop counting, and how long a customer has to confirm a resolution."
              >
                <SettingsForm
                  settings={d().settings}
                  canWrite={canWrite()}
                  onSaved={(settings) => setData({ ...d(), settings })}
                />
              </Panel>

              <Show when={can("support:ticket:read")}>
                <Panel
                  id="sla-check-title"
                  title={<>Check a ticket</>}
                  sub="Why a ticket's clock says what it says: each counted, paused and stopped stretch with its reason."
                >
                  <TicketCheck />
                </Panel>
              </Show>
            </div>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <For each={[1, 2, 3, 4]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
