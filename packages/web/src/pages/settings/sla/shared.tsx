import type { InferResponseType } from "hono/client";
import { For } from "solid-js";
import { client } from "../../../api";
import { Field } from "../../../components/kit/DialogForm";
import { weekdayName } from "../../../format";
import { t } from "../../../i18n";

export const sla = client.api.v1.sla;
export type Policy = InferResponseType<typeof sla.policies.$get, 200>["items"][number];
export type CalendarInfo = InferResponseType<typeof sla.calendars.$get, 200>["items"][number];
export type Definition = CalendarInfo["definition"];
export type Settings = InferResponseType<typeof sla.settings.$get, 200>;
export type TicketType = InferResponseType<typeof client.api.v1.tickets.types.$get, 200>["items"][number];
export type Range = { from: string; to: string };

export const priorities = ["urgent", "high", "medium", "low"] as const;
/** Statuses an admin may make pause the clocks (new, open and the final ones never pause). */
export const pausable = [
  "pending",
  "waiting_on_customer",
  "pending_confirmation",
  "lastmile_rerun",
  "site_under_construction",
  "on_hold",
] as const;
/** Monday first, as people read a week; "0" is Sunday in the calendar definition. Names come from Intl. */
export const week = [
  { key: "1", day: 1 },
  { key: "2", day: 2 },
  { key: "3", day: 3 },
  { key: "4", day: 4 },
  { key: "5", day: 5 },
  { key: "6", day: 6 },
  { key: "0", day: 0 },
] as const;
export type DayKey = (typeof week)[number]["key"];

export function zones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const list = intl.supportedValuesOf?.("timeZone") ?? [];
  return list.includes("UTC") ? list : ["UTC", ...list];
}

/** The days' ranges, Sunday's "7" folded into "0". */
export function weeklyOf(definition: Definition): Record<DayKey, Range[]> {
  const w = (definition.weekly ?? {}) as Partial<Record<string, Range[]>>;
  const out = {} as Record<DayKey, Range[]>;
  for (const d of week) out[d.key] = [...(w[d.key] ?? []), ...(d.key === "0" ? (w["7"] ?? []) : [])];
  return out;
}

/** "Mon–Fri 08:00–17:00 · Sat 09:00–13:00", or "24/7". */
export function hoursSummary(definition: Definition): string {
  if (definition.alwaysOpen) return t("sla.alwaysOpen");
  const weekly = weeklyOf(definition);
  const text = (ranges: Range[]) => ranges.map((r) => `${r.from}–${r.to}`).join(", ");
  const groups: Array<{ first: string; last: string; hours: string }> = [];
  for (const d of week) {
    const hours = text(weekly[d.key]);
    const last = groups.at(-1);
    const name = weekdayName(d.day, "short");
    if (last && last.hours === hours) last.last = name;
    else groups.push({ first: name, last: name, hours });
  }
  const open = groups.filter((g) => g.hours);
  if (open.length === 0) return t("sla.neverOpen");
  return open.map((g) => `${g.first === g.last ? g.first : `${g.first}–${g.last}`} ${g.hours}`).join(" · ");
}

// ——— Policies ———

const units = [1, 60, 1440] as const;
const unitKey = { 1: "minutes", 60: "hours", 1440: "days" } as const;
export const unitOf = (minutes: number) => (minutes % 1440 === 0 ? 1440 : minutes % 60 === 0 ? 60 : 1);

/** A target as a number and a unit (minutes, hours, days); the server's message for it lands below. */
export function DurationField(props: {
  id: string;
  label: string;
  minutes: number | undefined;
  hint: string;
  error?: string | undefined;
}) {
  const unit = unitOf(props.minutes ?? 60);
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
      {(aria) => (
        <div class="sla-duration">
          <input
            {...aria}
            name={props.id}
            type="number"
            inputmode="numeric"
            min="1"
            step="1"
            required
            value={props.minutes === undefined ? "" : props.minutes / unit}
          />
          <select name={`${props.id}-unit`} aria-label={t("sla.dialog.unitOf", { field: props.label })}>
            <For each={units}>
              {(u) => (
                <option value={u} selected={u === unit}>
                  {t(`sla.dialog.units.${unitKey[u]}`)}
                </option>
              )}
            </For>
          </select>
        </div>
      )}
    </Field>
  );
}
