import { createMemo, createSignal } from "solid-js";
import { errorMessage } from "../../../api";
import { InboxIcon } from "../../../components/icons";
import { ErrorAlert } from "../../../components/kit/Alert";
import { type Column, DataTable, loadedTable } from "../../../components/kit/DataTable";
import { Panel } from "../../../components/ui";
import { t } from "../../../i18n";
import { createLoad } from "../../../lib/load";
import { settingsApi, type TicketType } from "./shared";

/** The catalogue of ticket types: add one, and switch each one's subscriber rule and activity. */
export function TypesSection() {
  const types = createLoad(() => settingsApi.types());
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const save = async (
    name: string,
    values: { requiresSubscriber: boolean; customerVisible?: boolean; active: boolean },
  ) => {
    setError(undefined);
    try {
      const saved = await settingsApi.saveType(name, values);
      types.mutate((list) => {
        const rest = (list ?? []).filter((type) => type.id !== saved.id);
        return [...rest, saved].sort((a, b) => a.name.localeCompare(b.name));
      });
      return true;
    } catch (failure) {
      setError(errorMessage(failure));
      return false;
    }
  };

  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    const saved = await save(String(data.get("name") ?? "").trim(), {
      requiresSubscriber: data.get("requiresSubscriber") === "on",
      active: true,
    });
    setBusy(false);
    if (saved) form.reset();
  };

  const columns = createMemo((): Column<TicketType>[] => [
    { id: "name", header: t("ticketSettings.types.col.name"), rowHeader: true, cell: (type) => type.name },
    {
      id: "subscriber",
      header: t("ticketSettings.types.col.subscriber"),
      cell: (type) => (
        <input
          type="checkbox"
          class="ts-toggle"
          checked={type.requiresSubscriber}
          aria-label={t("ticketSettings.types.subscriberOf", { name: type.name })}
          onChange={(e) => save(type.name, { requiresSubscriber: e.currentTarget.checked, active: type.active })}
        />
      ),
    },
    {
      id: "customerVisible",
      header: t("teams.customerVisible"),
      cell: (type) => (
        <input
          type="checkbox"
          class="ts-toggle ts-customer-visible"
          checked={type.customerVisible}
          aria-label={t("teams.customerVisibleLabel", { name: type.name })}
          onChange={(e) =>
            save(type.name, {
              requiresSubscriber: type.requiresSubscriber,
              customerVisible: e.currentTarget.checked,
              active: type.active,
            })
          }
        />
      ),
    },
    {
      id: "active",
      header: t("ticketSettings.types.col.active"),
      cell: (type) => (
        <input
          type="checkbox"
          class="ts-toggle"
          checked={type.active}
          aria-label={t("ticketSettings.types.activeOf", { name: type.name })}
          onChange={(e) =>
            save(type.name, { requiresSubscriber: type.requiresSubscriber, active: e.currentTarget.checked })
          }
        />
      ),
    },
  ]);

  return (
    <Panel id="ts-types" title={t("ticketSettings.types.title")} sub={t("ticketSettings.types.sub")}>
      <div class="panel-body">
        <form class="ts-inline-form" onSubmit={add} aria-label={t("ticketSettings.types.add")}>
          <div class="field">
            <label for="ts-type-name">{t("ticketSettings.types.name")}</label>
            <input
              id="ts-type-name"
              name="name"
              required
              maxLength={100}
              placeholder={t("ticketSettings.types.placeholder")}
            />
          </div>
          <label class="check">
            <input type="checkbox" name="requiresSubscriber" />
            {t("ticketSettings.types.requiresSubscriber")}
          </label>
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            {t("ticketSettings.types.submit")}
          </button>
        </form>
        <ErrorAlert message={error()} />
      </div>
      <div class="ts-scroll">
        <DataTable
          class="ts-types-table"
          labelledBy="ts-types"
          columns={columns()}
          {...loadedTable(types)}
          rowKey={(type) => type.id}
          rowClass={(type) => (type.active ? "" : "ts-inactive")}
          errorTitle={t("ticketSettings.types.loadFailed")}
          skeletonRows={2}
          empty={{ icon: <InboxIcon />, title: t("ticketSettings.types.empty") }}
        />
      </div>
    </Panel>
  );
}
