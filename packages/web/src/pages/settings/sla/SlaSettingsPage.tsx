import { createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../../../api";
import { AlertIcon, PlusIcon } from "../../../components/icons";
import { EmptyState, ErrorState, Panel, Skeleton } from "../../../components/ui";
import { useTitle } from "../../../format";
import { can } from "../../../session";
import { CalendarDialog } from "./CalendarDialog";
import { CalendarsTable } from "./CalendarsTable";
import { PoliciesTable } from "./PoliciesTable";
import { PolicyDialog } from "./PolicyDialog";
import { SettingsForm } from "./SettingsForm";
import { type CalendarInfo, type Policy, type Settings, sla, type TicketType } from "./shared";
import { TicketCheck } from "./TicketCheck";

export interface Loaded {
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
