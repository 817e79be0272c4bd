import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type Status, statuses, type Transition, workOrderApi } from "./api";

/** Admin: the completion gate, whether completion resolves the ticket, and the staff transitions. */
export function WorkOrderSettingsPage() {
  useTitle(t("workOrders.settings.title"));
  const settings = createLoad(() => workOrderApi.settings());
  const table = createLoad(() => workOrderApi.transitions());
  const [rows, setRows] = createSignal<Transition[] | undefined>();
  const [message, setMessage] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const current = () => rows() ?? table.data()?.items ?? [];

  const run = async (work: () => Promise<unknown>) => {
    setFailure(undefined);
    setMessage(undefined);
    try {
      await work();
      setMessage(t("workOrders.settings.saved"));
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const saveSettings = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    void run(async () =>
      settings.mutate(
        await workOrderApi.saveSettings({
          completionRequiresEvidence: data.get("gate") === "on",
          completionResolvesTicket: data.get("resolves") === "on",
        }),
      ),
    );
  };
  const addRow = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const from = String(data.get("from")) as Status;
    const to = String(data.get("to")) as Status;
    if (from === to || current().some((r) => r.from === from && r.to === to)) return;
    setRows([...current(), { from, to, requiresNote: data.get("requiresNote") === "on" }]);
  };
  const saveTransitions = () =>
    void run(async () => {
      const saved = await workOrderApi.saveTransitions(current());
      setRows(saved.items);
    });

  return (
    <div class="page">
      <PageHeader title={t("workOrders.settings.title")} sub={t("workOrders.settings.sub")} />
      <ErrorAlert message={settings.error() ?? table.error() ?? failure()} />
      <Show when={message()}>
        <p class="alert alert-success" role="status">
          {message()}
        </p>
      </Show>
      <Show when={settings.data()}>
        {(s) => (
          <form class="panel" onSubmit={saveSettings} aria-label={t("workOrders.settings.title")}>
            <label class="check">
              <input type="checkbox" name="gate" checked={s().completionRequiresEvidence} />
              <span>{t("workOrders.settings.gate")}</span>
            </label>
            <label class="check">
              <input type="checkbox" name="resolves" checked={s().completionResolvesTicket} />
              <span>{t("workOrders.settings.resolves")}</span>
            </label>
            <button type="submit" class="btn btn-primary">
              {t("workOrders.settings.save")}
            </button>
          </form>
        )}
      </Show>
      <section class="panel" aria-labelledby="wo-transitions">
        <h2 id="wo-transitions">{t("workOrders.settings.transitions")}</h2>
        <table class="tk-table">
          <thead>
            <tr>
              <th scope="col">{t("workOrders.settings.from")}</th>
              <th scope="col">{t("workOrders.settings.to")}</th>
              <th scope="col">{t("workOrders.settings.requiresNote")}</th>
              <th scope="col">
                <span class="sr-only">{t("workOrders.settings.addRow")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={current()}>
              {(r) => (
                <tr>
                  <td>{t(`workOrders.statuses.${r.from}`)}</td>
                  <td>{t(`workOrders.statuses.${r.to}`)}</td>
                  <td>{r.requiresNote ? "✓" : ""}</td>
                  <td>
                    <button type="button" class="btn-link" onClick={() => setRows(current().filter((x) => x !== r))}>
                      {t("workOrders.settings.removeRow", {
                        from: t(`workOrders.statuses.${r.from}`),
                        to: t(`workOrders.statuses.${r.to}`),
                      })}
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <form class="field-row" onSubmit={addRow}>
          <label class="field">
            <span>{t("workOrders.settings.from")}</span>
            <select name="from">
              <For each={statuses}>{(s) => <option value={s}>{t(`workOrders.statuses.${s}`)}</option>}</For>
            </select>
          </label>
          <label class="field">
            <span>{t("workOrders.settings.to")}</span>
            <select name="to">
              <For each={statuses}>{(s) => <option value={s}>{t(`workOrders.statuses.${s}`)}</option>}</For>
            </select>
          </label>
          <label class="check">
            <input type="checkbox" name="requiresNote" />
            <span>{t("workOrders.settings.requiresNote")}</span>
          </label>
          <button type="submit" class="btn btn-secondary">
            {t("workOrders.settings.addRow")}
          </button>
        </form>
        <button type="button" class="btn btn-primary" onClick={saveTransitions}>
          {t("workOrders.settings.saveTransitions")}
        </button>
      </section>
    </div>
  );
}
