import { createSignal, Show } from "solid-js";
import { errorMessage, JSON_HEADERS, send } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { ConfirmAction } from "../../../components/kit/ConfirmAction";
import { type Column, DataTable } from "../../../components/kit/DataTable";
import { Badge } from "../../../components/ui";
import { t } from "../../../i18n";
import { type CalendarInfo, hoursSummary, type Policy, sla } from "./shared";

/** The business calendars; one in use by a policy, or the default, cannot be deleted. */
export function CalendarsTable(props: {
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
      setError(t("sla.deleteCalendarFailed", { name: c.name, error: errorMessage(failure) }));
    }
  };
  const usedBy = (c: CalendarInfo) => props.policies.filter((p) => p.calendarId === c.id).length;
  const holidays = (c: CalendarInfo) => c.definition.holidays ?? [];
  const columns = (): Column<CalendarInfo>[] => [
    {
      id: "name",
      header: t("sla.col.calendar"),
      rowHeader: true,
      cell: (c) => (
        <>
          {c.name}{" "}
          <Show when={c.isDefault}>
            <Badge tone="info">{t("sla.default")}</Badge>
          </Show>
        </>
      ),
    },
    { id: "zone", header: t("sla.col.timeZone"), cell: (c) => c.definition.timeZone.replaceAll("_", " ") },
    { id: "hours", header: t("sla.col.hours"), cell: (c) => hoursSummary(c.definition) },
    {
      id: "holidays",
      header: t("sla.col.holidays"),
      cell: (c) => (
        <Show when={holidays(c).length > 0} fallback={<span class="muted">{t("sla.none")}</span>}>
          <span title={holidays(c).join(", ")}>{t("count.day", holidays(c).length)}</span>
        </Show>
      ),
    },
    ...(props.canWrite
      ? [
          {
            id: "actions",
            header: <span class="sr-only">{t("sla.col.actions")}</span>,
            label: t("sla.col.actions"),
            class: "nowrap",
            cell: (c: CalendarInfo) => (
              <div class="button-row">
                <button
                  type="button"
                  class="btn btn-secondary btn-small"
                  aria-label={t("sla.editCalendar", { name: c.name })}
                  onClick={() => props.onEdit(c)}
                >
                  {t("sla.edit")}
                </button>
                <Show when={!c.isDefault && usedBy(c) === 0}>
                  <ConfirmAction
                    label={t("sla.delete")}
                    prompt={t("sla.deleteCalendarPrompt", { name: c.name })}
                    confirmLabel={t("sla.confirmDelete")}
                    busyLabel={t("sla.deleting")}
                    danger
                    run={() => remove(c)}
                  />
                </Show>
              </div>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <ErrorAlert message={error()} />
      <DataTable
        class="sla-calendars"
        labelledBy="sla-calendars-title"
        columns={columns()}
        rows={props.items}
        rowKey={(c) => c.id}
      />
    </>
  );
}
