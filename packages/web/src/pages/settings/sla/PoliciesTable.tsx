import { createSignal, Show } from "solid-js";
import { errorMessage, JSON_HEADERS, send } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { ConfirmAction } from "../../../components/kit/ConfirmAction";
import { type Column, DataTable } from "../../../components/kit/DataTable";
import { formatMinutes } from "../../../components/SlaPanel";
import { priorityLabel } from "../../../components/tickets/labels";
import { formatNumber } from "../../../format";
import { t } from "../../../i18n";
import { type CalendarInfo, type Policy, sla, type TicketType } from "./shared";

/** The policies, most specific first as the server lists them; edit opens the dialog, delete asks first. */
export function PoliciesTable(props: {
  items: Policy[];
  types: TicketType[];
  calendars: CalendarInfo[];
  canWrite: boolean;
  onEdit: (p: Policy) => void;
  onChanged: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const typeName = (id: string | null) =>
    id ? (props.types.find((type) => type.id === id)?.name ?? t("sla.unknownType")) : t("sla.anyType");
  const calendarName = (id: string | null) =>
    id ? (props.calendars.find((c) => c.id === id)?.name ?? t("sla.unknown")) : t("sla.default");
  // The accessible name of a row's buttons ("Any type, urgent") keeps the API's priority word.
  const scope = (p: Policy) => `${typeName(p.ticketTypeId)}, ${p.priority ?? t("sla.anyPriority")}`;
  const remove = async (p: Policy) => {
    setError(undefined);
    try {
      await send(sla.policies[":id"].$delete({ param: { id: p.id } }, JSON_HEADERS));
      props.onChanged();
    } catch (failure) {
      setError(t("sla.deletePolicyFailed", { scope: scope(p), error: errorMessage(failure) }));
    }
  };
  const columns = (): Column<Policy>[] => [
    { id: "type", header: t("sla.col.type"), rowHeader: true, cell: (p) => typeName(p.ticketTypeId) },
    {
      id: "priority",
      header: t("sla.col.priority"),
      cell: (p) => (
        <Show when={p.priority} fallback={<span class="muted">{t("sla.any")}</span>}>
          {(x) => priorityLabel(x())}
        </Show>
      ),
    },
    { id: "first", header: t("sla.col.firstResponse"), cell: (p) => formatMinutes(p.firstResponseMinutes) },
    { id: "resolution", header: t("sla.col.resolution"), cell: (p) => formatMinutes(p.resolutionMinutes) },
    { id: "risk", header: t("sla.col.atRisk"), cell: (p) => t("sla.percent", { n: formatNumber(p.warnAtPercent) }) },
    { id: "calendar", header: t("sla.col.calendar"), cell: (p) => calendarName(p.calendarId) },
    ...(props.canWrite
      ? [
          {
            id: "actions",
            header: <span class="sr-only">{t("sla.col.actions")}</span>,
            label: t("sla.col.actions"),
            class: "nowrap",
            cell: (p: Policy) => (
              <div class="button-row">
                <button
                  type="button"
                  class="btn btn-secondary btn-small"
                  aria-label={t("sla.editPolicy", { scope: scope(p) })}
                  onClick={() => props.onEdit(p)}
                >
                  {t("sla.edit")}
                </button>
                <ConfirmAction
                  label={t("sla.delete")}
                  prompt={t("sla.deletePolicyPrompt")}
                  confirmLabel={t("sla.confirmDelete")}
                  busyLabel={t("sla.deleting")}
                  danger
                  run={() => remove(p)}
                />
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
        class="sla-policies"
        labelledBy="sla-policies-title"
        columns={columns()}
        rows={props.items}
        rowKey={(p) => p.id}
      />
    </>
  );
}
