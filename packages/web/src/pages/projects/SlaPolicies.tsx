import { createEffect, createSignal, For, on, Show } from "solid-js";
import { errorMessage, fieldMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { Field } from "../../components/kit/DialogForm";
import { ErrorState, Panel, Spinner } from "../../components/ui";
import { formatNumber } from "../../format";
import { locale, t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type ProjectType, projectsApi, type SlaCalendar, type SlaPolicy } from "./api";

/**
 * Business hours as typed ("1.5", or "1,5" in French) to whole minutes. Hours shown with four decimals
 * (a 20-minute target is "0.3333") come back to the same minute, so anything within a hundredth of a
 * minute of a whole one counts as it; anything else is refused rather than rounded.
 */
export function minutesOf(text: string): number | undefined {
  const s = text.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(s)) return undefined;
  const exact = Number(s) * 60;
  const whole = Math.round(exact);
  return whole >= 1 && Math.abs(exact - whole) < 0.01 ? whole : undefined;
}
const hoursText = (minutes: number) => {
  const s = String(Number((minutes / 60).toFixed(4)));
  return locale() === "fr" ? s.replace(".", ",") : s;
};
const FIELDS = ["targetMinutes", "warnAtPercent", "calendarId"] as const;

/**
 * The SLA targets of one project type: the project's own clock and one per template task, in business
 * hours on a calendar. Settings writers edit them row by row; everyone else reads them.
 */
export function SlaPolicies(props: { projectType: ProjectType; tasks: Array<{ key: string; title: string }> }) {
  const policies = createLoad(() => projectsApi.slaPolicies(props.projectType), {
    key: () => props.projectType,
    keepOnError: true,
  });
  // Calendars are settings: without the right to read them, a policy's calendar is named generically.
  const calendars = createLoad(() =>
    can("system:settings:read") ? projectsApi.slaCalendars() : Promise.resolve({ items: [] as SlaCalendar[] }),
  );
  const rows = () => [{ key: null, title: t("projects.slaTargets.project") }, ...props.tasks];
  return (
    <Panel id="sla-targets-title" title={t("projects.slaTargets.title")} sub={t("projects.slaTargets.sub")}>
      <Show
        when={policies.data()}
        fallback={
          <Show when={policies.error()} fallback={<Spinner />}>
            <ErrorState
              title={t("projects.slaTargets.title")}
              detail={policies.error() ?? ""}
              onRetry={() => void policies.refresh()}
            />
          </Show>
        }
      >
        {(list) => (
          <ul class="template-tasks sla-targets" aria-labelledby="sla-targets-title">
            <For each={rows()}>
              {(row) => (
                <SlaTarget
                  projectType={props.projectType}
                  taskKey={row.key}
                  title={row.title}
                  policy={list().items.find((p) => p.projectType === props.projectType && p.taskKey === row.key)}
                  calendars={calendars.data()?.items ?? []}
                  onChange={() => policies.refresh()}
                />
              )}
            </For>
          </ul>
        )}
      </Show>
    </Panel>
  );
}

function SlaTarget(props: {
  projectType: ProjectType;
  taskKey: string | null;
  title: string;
  policy: SlaPolicy | undefined;
  calendars: SlaCalendar[];
  onChange: () => Promise<void>;
}) {
  const id = `sla-${props.taskKey ?? "project"}`;
  const [hours, setHours] = createSignal("");
  const [warn, setWarn] = createSignal("80");
  const [calendarId, setCalendarId] = createSignal("");
  const [failure, setFailure] = createSignal<unknown>();
  const [badHours, setBadHours] = createSignal(false);
  const [notice, setNotice] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  // Reset to the stored values only when they change: another row's save reloads the list but keeps these edits.
  const stored = () => {
    const p = props.policy;
    return p ? `${hoursText(p.targetMinutes)}|${p.warnAtPercent}|${p.calendarId ?? ""}` : "|80|";
  };
  createEffect(
    on(stored, (values) => {
      const [h = "", w = "80", c = ""] = values.split("|");
      setHours(h);
      setWarn(w);
      setCalendarId(c);
    }),
  );
  const calendarName = (calendar: string | null) =>
    calendar === null
      ? t("projects.slaTargets.defaultCalendar")
      : (props.calendars.find((c) => c.id === calendar)?.name ?? t("projects.slaTargets.namedCalendar"));
  // A plain expression, not a Show child: it follows the calendars, which may arrive after the policies.
  const summary = () => {
    const p = props.policy;
    return p
      ? t("projects.slaTargets.summary", {
          hours: formatNumber(p.targetMinutes / 60),
          percent: p.warnAtPercent,
          calendar: calendarName(p.calendarId),
        })
      : t("projects.slaTargets.none");
  };
  const field = (path: (typeof FIELDS)[number]) => fieldMessage(failure(), path);
  // A refusal that names none of this row's fields (an unknown task key, a lost connection) goes above them.
  const rowError = () => {
    const f = failure();
    return f === undefined || FIELDS.some((path) => fieldMessage(f, path)) ? undefined : errorMessage(f);
  };

  const save = async () => {
    const targetMinutes = minutesOf(hours());
    setFailure(undefined);
    setNotice(undefined);
    setBadHours(targetMinutes === undefined);
    if (targetMinutes === undefined) return;
    setBusy(true);
    try {
      await projectsApi.saveSlaPolicy({
        projectType: props.projectType,
        taskKey: props.taskKey,
        targetMinutes,
        warnAtPercent: warn().trim() === "" ? 80 : Number(warn()),
        calendarId: calendarId() || null,
      });
      setNotice(t("projects.slaTargets.saved", { task: props.title }));
      await props.onChange();
    } catch (error) {
      setFailure(() => error);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (policy: SlaPolicy) => {
    setFailure(undefined);
    setNotice(undefined);
    await projectsApi.removeSlaPolicy(policy.id);
    setNotice(t("projects.slaTargets.removed", { task: props.title }));
    await props.onChange();
  };

  return (
    <li class="template-task sla-target" data-sla={props.taskKey ?? "project"}>
      <div class="sla-target-head">
        <strong id={`${id}-title`}>{props.title}</strong>
        <span class="muted">{summary()}</span>
      </div>
      <Show when={can("system:settings:write")}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset class="sla-target-form" aria-labelledby={`${id}-title`}>
            <ErrorAlert message={rowError()} />
            <Field
              id={`${id}-hours`}
              class="template-field"
              label={t("projects.slaTargets.hours")}
              error={badHours() ? t("projects.slaTargets.hoursInvalid") : field("targetMinutes")}
            >
              {(aria) => (
                <input
                  {...aria}
                  class="sla-hours"
                  inputMode="decimal"
                  autocomplete="off"
                  required
                  value={hours()}
                  onInput={(e) => setHours(e.currentTarget.value)}
                />
              )}
            </Field>
            <Field
              id={`${id}-warn`}
              class="template-field"
              label={t("projects.slaTargets.warn")}
              error={field("warnAtPercent")}
            >
              {(aria) => (
                <input
                  {...aria}
                  type="number"
                  min="0"
                  max="100"
                  step="1"
                  inputMode="numeric"
                  value={warn()}
                  onInput={(e) => setWarn(e.currentTarget.value)}
                />
              )}
            </Field>
            <Field
              id={`${id}-calendar`}
              class="template-field"
              label={t("projects.slaTargets.calendar")}
              error={field("calendarId")}
            >
              {(aria) => (
                <select {...aria} onChange={(e) => setCalendarId(e.currentTarget.value)}>
                  <option value="" selected={calendarId() === ""}>
                    {t("projects.slaTargets.defaultCalendar")}
                  </option>
                  {/* `selected` per option: the calendars may arrive after the policy. */}
                  <For each={props.calendars}>
                    {(c) => (
                      <option value={c.id} selected={c.id === calendarId()}>
                        {c.name}
                      </option>
                    )}
                  </For>
                </select>
              )}
            </Field>
            <div class="template-row-actions">
              <button type="submit" class="btn btn-primary btn-small" disabled={busy()}>
                {props.policy ? t("projects.slaTargets.save") : t("projects.slaTargets.add")}
              </button>
              <Show when={props.policy}>
                {(p) => (
                  <ConfirmAction
                    label={t("projects.slaTargets.remove")}
                    prompt={t("projects.slaTargets.removePrompt", { task: props.title })}
                    confirmLabel={t("projects.slaTargets.removeConfirm")}
                    danger
                    small
                    run={() => remove(p())}
                  />
                )}
              </Show>
            </div>
          </fieldset>
        </form>
      </Show>
      <div aria-live="polite">
        <Notice message={notice()} />
      </div>
    </li>
  );
}
