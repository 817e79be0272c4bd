import { createResource, createSignal, For, Match, Switch } from "solid-js";
import { errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { ErrorState, Panel, Skeleton } from "../../../components/ui";
import { t as tr } from "../../../i18n";
import { settingsApi } from "./shared";

export function TypesSection() {
  const [types, { refetch, mutate }] = createResource(() => settingsApi.types());
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const save = async (
    name: string,
    values: { requiresSubscriber: boolean; customerVisible?: boolean; active: boolean },
  ) => {
    setError(undefined);
    try {
      const saved = await settingsApi.saveType(name, values);
      mutate((list) => {
        const rest = (list ?? []).filter((t) => t.id !== saved.id);
        return [...rest, saved].sort((a, b) => a.name.localeCompare(b.name));
      });
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const add = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    await save(String(data.get("name") ?? "").trim(), {
      requiresSubscriber: data.get("requiresSubscriber") === "on",
      active: true,
    });
    setBusy(false);
    if (!error()) form.reset();
  };

  return (
    <Panel
      id="ts-types"
      title="Ticket types"
      sub="What tickets are about. An inactive type is kept but no longer offered."
    >
      <div class="panel-body">
        <form class="ts-inline-form" onSubmit={add} aria-label="Add a ticket type">
          <div class="field">
            <label for="ts-type-name">New type</label>
            <input id="ts-type-name" name="name" required maxLength={100} placeholder="e.g. Smart home setup" />
          </div>
          <label class="check">
            <input type="checkbox" name="requiresSubscriber" />
            Requires a subscriber
          </label>
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            Add type
          </button>
        </form>
        <ErrorAlert message={error()} />
      </div>
      <Switch>
        <Match when={types.error}>
          <ErrorState title="Could not load the ticket types" detail={errorMessage(types.error)} onRetry={refetch} />
        </Match>
        <Match when={types()}>
          {(list) => (
            <div class="table-wrap ts-scroll">
              <table class="table ts-types-table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Requires subscriber</th>
                    <th scope="col">{tr("teams.customerVisible")}</th>
                    <th scope="col">Active</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(t) => (
                      <tr classList={{ "ts-inactive": !t.active }}>
                        <th scope="row">{t.name}</th>
                        <td>
                          <input
                            type="checkbox"
                            class="ts-toggle"
                            checked={t.requiresSubscriber}
                            aria-label={`${t.name} requires a subscriber`}
                            onChange={(e) =>
                              save(t.name, { requiresSubscriber: e.currentTarget.checked, active: t.active })
                            }
                          />
                        </td>
                        <td>
                          <input
                            type="checkbox"
                            class="ts-toggle ts-customer-visible"
                            checked={t.customerVisible}
                            aria-label={tr("teams.customerVisibleLabel", { name: t.name })}
                            onChange={(e) =>
                              save(t.name, {
                                requiresSubscriber: t.requiresSubscriber,
                                customerVisible: e.currentTarget.checked,
                                active: t.active,
                              })
                            }
                          />
                        </td>
                        <td>
                          <input
                            type="checkbox"
                            class="ts-toggle"
                            checked={t.active}
                            aria-label={`${t.name} is active`}
                            onChange={(e) =>
                              save(t.name, {
                                requiresSubscriber: t.requiresSubscriber,
                                active: e.currentTarget.checked,
                              })
                            }
                          />
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </Match>
        <Match when={types.loading}>
          <div class="panel-body">
            <Skeleton class="sk-line" />
          </div>
        </Match>
      </Switch>
    </Panel>
  );
}
