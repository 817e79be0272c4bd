import { createEffect, createSignal, For, Show } from "solid-js";
import { DateInput } from "../../../components/kit/DateInput";
import { FilterBar } from "../../../components/kit/FilterBar";
import type { StaffMember, TicketStatus, TicketType } from "../../../components/tickets/api";
import { Combobox } from "../../../components/tickets/Combobox";
import { isFiltered, type ListView } from "../../../components/tickets/filters";
import {
  customerKindLabel,
  priorityLabel,
  statusLabel,
  ticketPriorities,
  ticketStatuses,
} from "../../../components/tickets/labels";
import { searchCustomers, staffName } from "../../../components/tickets/staff";
import { useTeams } from "../../../components/tickets/teams";
import { t } from "../../../i18n";

/** How many of the folded filters are set (everything but the search box). */
const foldedCount = (view: ListView) =>
  [
    view.status.length > 0,
    view.priority,
    view.type,
    view.assignee,
    view.team,
    view.sla,
    view.subscriber,
    view.from,
    view.to,
  ].filter(Boolean).length;

/**
 * The list's filters on one line: the search box, a "Filters (n)" toggle for the rest, Apply and
 * Clear. Applied to the address bar, so a link reproduces the view.
 */
export function TicketFilters(props: {
  view: ListView;
  types: TicketType[];
  staff: StaffMember[];
  onApply: (view: ListView) => void;
  onClear: () => void;
  searchRef: (el: HTMLInputElement) => void;
}) {
  const [subscriber, setSubscriber] = createSignal({ id: props.view.subscriber, label: props.view.subscriberLabel });
  createEffect(() => setSubscriber({ id: props.view.subscriber, label: props.view.subscriberLabel }));
  const statusCount = () => props.view.status.length;
  const teams = useTeams();

  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? "").trim();
    props.onApply({
      status: data.getAll("status").map(String) as TicketStatus[],
      priority: value("priority") as ListView["priority"],
      type: value("type"),
      assignee: value("assignee"),
      team: value("team"),
      subscriber: subscriber().id,
      subscriberLabel: subscriber().label,
      from: value("from"),
      to: value("to"),
      q: value("q"),
      sla: value("sla") as ListView["sla"],
    });
  };

  return (
    <FilterBar
      id="tk-filters"
      label={t("tickets.list.filterLabel")}
      onSubmit={apply}
      onClear={props.onClear}
      filtered={isFiltered(props.view)}
      activeCount={foldedCount(props.view)}
      primary={
        <div class="field filter-search">
          <label for="tf-q" class="sr-only">
            {t("tickets.list.search")}
          </label>
          <input
            id="tf-q"
            ref={props.searchRef}
            name="q"
            type="search"
            value={props.view.q}
            placeholder={t("tickets.list.searchPlaceholder")}
            aria-keyshortcuts="/"
          />
        </div>
      }
    >
      <fieldset class="field tk-status-filter">
        <legend>{t("tickets.list.statusLegend")}</legend>
        <details class="tk-menu">
          <summary class="tk-menu-button">
            {statusCount() === 0
              ? t("tickets.list.anyStatus")
              : statusCount() === 1
                ? statusLabel(props.view.status[0] as TicketStatus)
                : t("tickets.list.statuses", statusCount())}
          </summary>
          <div class="tk-menu-panel">
            <For each={ticketStatuses}>
              {(s) => (
                <label class="check" for={`tf-status-${s}`}>
                  <input
                    id={`tf-status-${s}`}
                    class="check-box"
                    type="checkbox"
                    name="status"
                    value={s}
                    checked={props.view.status.includes(s)}
                  />
                  <span>{statusLabel(s)}</span>
                </label>
              )}
            </For>
          </div>
        </details>
      </fieldset>
      <div class="field">
        <label for="tf-priority">{t("tickets.list.priority")}</label>
        <select id="tf-priority" name="priority" value={props.view.priority}>
          <option value="">{t("tickets.list.anyPriority")}</option>
          <For each={ticketPriorities}>{(p) => <option value={p}>{priorityLabel(p)}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for="tf-type">{t("tickets.list.type")}</label>
        <select id="tf-type" name="type" value={props.view.type}>
          <option value="">{t("tickets.list.anyType")}</option>
          <For each={props.types}>
            {(type) => (
              <option value={type.id} selected={type.id === props.view.type}>
                {type.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <div class="field">
        <label for="tf-assignee">{t("tickets.list.assignee")}</label>
        <select id="tf-assignee" name="assignee" value={props.view.assignee}>
          <option value="">{t("tickets.list.anyone")}</option>
          <option value="me">{t("tickets.list.me")}</option>
          <option value="none">{t("tickets.list.nobody")}</option>
          <Show when={props.view.assignee && props.view.assignee !== "me" && props.view.assignee !== "none"}>
            <Show when={!props.staff.some((s) => s.id === props.view.assignee)}>
              <option value={props.view.assignee}>{staffName(props.view.assignee)}</option>
            </Show>
          </Show>
          <For each={props.staff}>
            {(s) => (
              <option value={s.id} selected={s.id === props.view.assignee}>
                {s.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <div class="field">
        <label for="tf-team">{t("tickets.list.team")}</label>
        <select id="tf-team" name="team" value={props.view.team}>
          <option value="">{t("tickets.list.anyTeam")}</option>
          <For each={teams.teams()}>
            {(team) => (
              <option value={team.id} selected={team.id === props.view.team}>
                {team.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <div class="field">
        <label for="tf-sla">{t("tickets.list.sla")}</label>
        <select id="tf-sla" name="sla" value={props.view.sla}>
          <option value="">{t("tickets.list.anySla")}</option>
          <option value="at_risk">{t("tickets.list.atRisk")}</option>
          <option value="breached">{t("tickets.list.breached")}</option>
        </select>
      </div>
      <Show
        when={subscriber().id}
        fallback={
          <Combobox
            id="tf-subscriber"
            label={t("tickets.list.subscriber")}
            placeholder={t("tickets.list.subscriberPlaceholder")}
            search={async (q) => (await searchCustomers(q)).filter((c) => c.subscriberId)}
            key={(c) => c.id}
            text={(c) => c.label}
            detail={(c) => c.detail}
            tag={(c) => customerKindLabel(c.kind)}
            empty={t("tickets.list.noSubscriber")}
            onPick={(c) => setSubscriber({ id: c.subscriberId ?? "", label: c.label })}
          />
        }
      >
        <fieldset class="field tk-fieldset">
          <legend class="tk-label">{t("tickets.list.subscriber")}</legend>
          <span class="tk-picked">
            <span>{subscriber().label || t("tickets.list.chosenSubscriber")}</span>
            <button
              type="button"
              class="btn-link"
              aria-label={t("tickets.list.removeSubscriber")}
              onClick={() => setSubscriber({ id: "", label: "" })}
            >
              {t("kit.remove")}
            </button>
          </span>
        </fieldset>
      </Show>
      <div class="field">
        <label for="tf-from">{t("tickets.list.from")}</label>
        <DateInput id="tf-from" name="from" kind="date" value={props.view.from} />
      </div>
      <div class="field">
        <label for="tf-to">{t("tickets.list.to")}</label>
        <DateInput id="tf-to" name="to" kind="date" value={props.view.to} />
      </div>
    </FilterBar>
  );
}
