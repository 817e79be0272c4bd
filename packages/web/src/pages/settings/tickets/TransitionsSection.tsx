import { createMemo, createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../../api";
import { InboxIcon } from "../../../components/icons";
import { ErrorAlert } from "../../../components/kit/Alert";
import { type Column, DataTable, loadedTable } from "../../../components/kit/DataTable";
import { Panel } from "../../../components/ui";
import { t } from "../../../i18n";
import { createLoad } from "../../../lib/load";
import { type Status, settingsApi, statuses, statusLabel, type Transition } from "./shared";

const nameOf = (r: Transition) =>
  t("ticketSettings.transitions.name", { from: statusLabel(r.from), to: statusLabel(r.to) });

/** The status changes staff may make: add one, switch its note rule and activity, remove it. */
export function TransitionsSection() {
  const rows = createLoad(() => settingsApi.transitions());
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const run = async (work: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    try {
      await work();
      await rows.refresh();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const add = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    void run(() =>
      settingsApi.saveTransition({
        from: String(data.get("from")) as Status,
        to: String(data.get("to")) as Exclude<Status, "merged">,
        requiresNote: data.get("requiresNote") === "on",
        active: true,
      }),
    );
  };
  const save = (r: Transition, change: { requiresNote?: boolean; active?: boolean }) =>
    run(() =>
      settingsApi.saveTransition({
        from: r.from,
        to: r.to as Exclude<Status, "merged">,
        requiresNote: change.requiresNote ?? r.requiresNote,
        active: change.active ?? r.active,
      }),
    );

  const active = () => (rows.data() ?? []).filter((r) => r.active).length;

  const columns = createMemo((): Column<Transition>[] => [
    {
      id: "fromTo",
      header: t("ticketSettings.transitions.col.fromTo"),
      rowHeader: true,
      class: "nowrap",
      cell: (r) => (
        <>
          {statusLabel(r.from)} <span aria-hidden="true">→</span>{" "}
          <span class="sr-only">{t("ticketSettings.transitions.arrow")} </span>
          {statusLabel(r.to)}
        </>
      ),
    },
    {
      id: "note",
      header: t("ticketSettings.transitions.col.note"),
      cell: (r) => (
        <input
          type="checkbox"
          class="ts-toggle"
          checked={r.requiresNote}
          disabled={busy()}
          aria-label={t("ticketSettings.transitions.noteOf", { name: nameOf(r) })}
          onChange={(e) => save(r, { requiresNote: e.currentTarget.checked })}
        />
      ),
    },
    {
      id: "active",
      header: t("ticketSettings.transitions.col.active"),
      cell: (r) => (
        <input
          type="checkbox"
          class="ts-toggle"
          checked={r.active}
          disabled={busy()}
          aria-label={t("ticketSettings.transitions.activeOf", { name: nameOf(r) })}
          onChange={(e) => save(r, { active: e.currentTarget.checked })}
        />
      ),
    },
    {
      id: "actions",
      header: <span class="sr-only">{t("ticketSettings.transitions.col.actions")}</span>,
      label: t("ticketSettings.transitions.col.actions"),
      class: "ts-actions",
      cell: (r) => (
        <button
          type="button"
          class="btn btn-secondary btn-small"
          disabled={busy()}
          aria-label={t("ticketSettings.transitions.remove", { name: nameOf(r) })}
          onClick={() => run(() => settingsApi.removeTransition(r.id))}
        >
          {t("kit.remove")}
        </button>
      ),
    },
  ]);

  return (
    <Panel id="ts-transitions" title={t("ticketSettings.transitions.title")} sub={t("ticketSettings.transitions.sub")}>
      <div class="panel-body">
        <form class="ts-inline-form" onSubmit={add} aria-label={t("ticketSettings.transitions.add")}>
          <div class="field">
            <label for="ts-from">{t("ticketSettings.transitions.from")}</label>
            <select id="ts-from" name="from">
              <For each={statuses}>{(s) => <option value={s}>{statusLabel(s)}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="ts-to">{t("ticketSettings.transitions.to")}</label>
            <select id="ts-to" name="to">
              <For each={statuses.filter((s) => s !== "merged")}>
                {(s) => (
                  <option value={s} selected={s === "open"}>
                    {statusLabel(s)}
                  </option>
                )}
              </For>
            </select>
          </div>
          <label class="check">
            <input type="checkbox" name="requiresNote" />
            {t("ticketSettings.transitions.requiresNote")}
          </label>
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {t("ticketSettings.transitions.submit")}
          </button>
        </form>
        <ErrorAlert message={error()} />
        <Show when={rows.data() && active() === 0}>
          <p class="alert alert-info">{t("ticketSettings.transitions.noneActive")}</p>
        </Show>
      </div>
      <div class="ts-scroll">
        <DataTable
          class="ts-transitions-table"
          labelledBy="ts-transitions"
          columns={columns()}
          {...loadedTable(rows)}
          rowKey={(r) => r.id}
          rowClass={(r) => (r.active ? "" : "ts-inactive")}
          errorTitle={t("ticketSettings.transitions.loadFailed")}
          skeletonRows={2}
          empty={{ icon: <InboxIcon />, title: t("ticketSettings.transitions.empty") }}
        />
      </div>
    </Panel>
  );
}
