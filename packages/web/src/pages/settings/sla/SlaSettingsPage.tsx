import { createSignal, Match, Show, Switch } from "solid-js";
import { client, read } from "../../../api";
import { AlertIcon, PlusIcon } from "../../../components/icons";
import { PageHeader } from "../../../components/kit/PageHeader";
import { EmptyState, ErrorState, Panel, Skeleton } from "../../../components/ui";
import { useTitle } from "../../../format";
import { t } from "../../../i18n";
import { createLoad } from "../../../lib/load";
import { can } from "../../../session";
import { CalendarDialog } from "./CalendarDialog";
import { CalendarsTable } from "./CalendarsTable";
import { PoliciesTable } from "./PoliciesTable";
import { PolicyDialog } from "./PolicyDialog";
import { SettingsForm } from "./SettingsForm";
import { type CalendarInfo, type Policy, sla } from "./shared";
import { TicketCheck } from "./TicketCheck";

/** SLA administration: policies by type and priority, business calendars, pause statuses. */
export function SlaSettingsPage() {
  useTitle(t("sla.title"));
  const canWrite = () => can("system:settings:write");
  const [policySession, setPolicySession] = createSignal<{ policy: Policy | undefined }>({ policy: undefined });
  const [calendarSession, setCalendarSession] = createSignal<{ calendar: CalendarInfo | undefined }>({
    calendar: undefined,
  });
  let policyDialog: HTMLDialogElement | undefined;
  let calendarDialog: HTMLDialogElement | undefined;

  const data = createLoad(
    async () => {
      const [policies, calendars, settings, types] = await Promise.all([
        read(sla.policies.$get()),
        read(sla.calendars.$get()),
        read(sla.settings.$get()),
        read(client.api.v1.tickets.types.$get()),
      ]);
      return { policies: policies.items, calendars: calendars.items, settings, types: types.items };
    },
    { keepOnError: true },
  );

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
      <PageHeader
        title={t("sla.title")}
        sub={t("sla.sub")}
        refreshedAt={data.refreshedAt()}
        onRefresh={data.refresh}
        refreshing={data.loading()}
      />
      <Show when={!canWrite()}>
        <p class="alert alert-info" role="note">
          {t("sla.readOnly")}
        </p>
      </Show>

      <PolicyDialog
        ref={(el) => {
          policyDialog = el;
        }}
        session={policySession()}
        types={data.data()?.types ?? []}
        calendars={data.data()?.calendars ?? []}
        onSaved={data.refresh}
      />
      <CalendarDialog
        ref={(el) => {
          calendarDialog = el;
        }}
        session={calendarSession()}
        onSaved={data.refresh}
      />

      <Switch>
        <Match when={data.data()}>
          {(d) => (
            <div class="sla-admin">
              <Panel
                id="sla-policies-title"
                title={t("sla.policies")}
                sub={t("sla.policiesSub")}
                actions={
                  <Show when={canWrite()}>
                    <button type="button" class="btn btn-primary btn-small" onClick={() => editPolicy()}>
                      <PlusIcon />
                      {t("sla.addPolicy")}
                    </button>
                  </Show>
                }
              >
                <Show
                  when={d().policies.length > 0}
                  fallback={
                    <EmptyState icon={<AlertIcon />} title={t("sla.noPolicies")}>
                      {t("sla.noPoliciesBody")}
                    </EmptyState>
                  }
                >
                  <PoliciesTable
                    items={d().policies}
                    types={d().types}
                    calendars={d().calendars}
                    canWrite={canWrite()}
                    onEdit={editPolicy}
                    onChanged={data.refresh}
                  />
                </Show>
              </Panel>

              <Panel
                id="sla-calendars-title"
                title={t("sla.calendars")}
                sub={t("sla.calendarsSub")}
                actions={
                  <Show when={canWrite()}>
                    <button type="button" class="btn btn-secondary btn-small" onClick={() => editCalendar()}>
                      <PlusIcon />
                      {t("sla.addCalendar")}
                    </button>
                  </Show>
                }
              >
                <Show
                  when={d().calendars.length > 0}
                  fallback={<EmptyState icon={<AlertIcon />} title={t("sla.noCalendars")} />}
                >
                  <CalendarsTable
                    items={d().calendars}
                    policies={d().policies}
                    canWrite={canWrite()}
                    onEdit={editCalendar}
                    onChanged={data.refresh}
                  />
                </Show>
              </Panel>

              <Panel id="sla-pause-title" title={t("sla.pauses")} sub={t("sla.pausesSub")}>
                <SettingsForm
                  settings={d().settings}
                  canWrite={canWrite()}
                  onSaved={(settings) => data.mutate({ ...d(), settings })}
                />
              </Panel>

              <Show when={can("support:ticket:read")}>
                <Panel id="sla-check-title" title={t("sla.check")} sub={t("sla.checkSub")}>
                  <TicketCheck />
                </Panel>
              </Show>
            </div>
          )}
        </Match>
        <Match when={data.error()}>
          <ErrorState
            title={t("sla.loadFailed")}
            detail={data.error() ?? ""}
            onRetry={data.refresh}
            busy={data.loading()}
          />
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <Skeleton class="sk-row" />
            <Skeleton class="sk-row" />
          </div>
        </Match>
      </Switch>
    </div>
  );
}
