import { createResource, createSignal, For, Match, Show, Switch } from "solid-js";
import { errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { ErrorState, Panel, Skeleton } from "../../../components/ui";
import { type Status, settingsApi, statuses, statusLabel } from "./shared";

export function TransitionsSection() {
  const [rows, { refetch }] = createResource(() => settingsApi.transitions());
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const run = async (work: () => Promise<unknown>) => {
    setError(undefined);
    setBusy(true);
    try {
      await work();
      await refetch();
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

  const active = () => (rows() ?? []).filter((r) => r.active).length;

  return (
    <Panel
      id="ts-transitions"
      title="Status transitions"
      sub="Which status changes staff may make, and which need a note. Merged is reached only by merging."
    >
      <div class="panel-body">
        <form class="ts-inline-form" onSubmit={add} aria-label="Add a status transition">
          <div class="field">
            <label for="ts-from">From</label>
            <select id="ts-from" name="from">
              <For each={statuses}>{(s) => <option value={s}>{statusLabel(s)}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="ts-to">To</label>
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
            Requires a note
          </label>
          <button type="submit" class="btn btn-primary" disabled={busy()}>
            Add transition
          </button>
        </form>
        <ErrorAlert message={error()} />
        <Show when={rows() && active() === 0}>
          <p class="alert alert-info">No active transitions: every status change is allowed.</p>
        </Show>
      </div>
      <Switch>
        <Match when={rows.error}>
          <ErrorState title="Could not load the transitions" detail={errorMessage(rows.error)} onRetry={refetch} />
        </Match>
        <Match when={rows()}>
          {(list) => (
            <div class="table-wrap ts-scroll">
              <table class="table ts-transitions-table">
                <thead>
                  <tr>
                    <th scope="col">From → to</th>
                    <th scope="col">Requires note</th>
                    <th scope="col">Active</th>
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(r) => {
                      const name = `${statusLabel(r.from)} to ${statusLabel(r.to)}`;
                      return (
                        <tr classList={{ "ts-inactive": !r.active }}>
                          <th scope="row" class="nowrap">
                            {statusLabel(r.from)} <span aria-hidden="true">→</span> <span class="sr-only">to </span>
                            {statusLabel(r.to)}
                          </th>
                          <td>
                            <input
                              type="checkbox"
                              class="ts-toggle"
                              checked={r.requiresNote}
                              disabled={busy()}
                              aria-label={`${name} requires a note`}
                              onChange={(e) =>
                                run(() =>
                                  settingsApi.saveTransition({
                                    from: r.from,
                                    to: r.to as Exclude<Status, "merged">,
                                    requiresNote: e.currentTarget.checked,
                                    active: r.active,
                                  }),
                                )
                              }
                            />
                          </td>
                          <td>
                            <input
                              type="checkbox"
                              class="ts-toggle"
                              checked={r.active}
                              disabled={busy()}
                              aria-label={`${name} is active`}
                              onChange={(e) =>
                                run(() =>
                                  settingsApi.saveTransition({
                                    from: r.from,
                                    to: r.to as Exclude<Status, "merged">,
                                    requiresNote: r.requiresNote,
                                    active: e.currentTarget.checked,
                                  }),
                                )
                              }
                            />
                          </td>
                          <td class="ts-actions">
                            <button
                              type="button"
                              class="btn btn-secondary btn-small"
                              disabled={busy()}
                              aria-label={`Remove ${name}`}
                              onClick={() => run(() => settingsApi.removeTransition(r.id))}
                            >
                              Remove
                            </button>
                          </td>
                        </tr>
                      );
                    }}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </Match>
        <Match when={rows.loading}>
          <div class="panel-body">
            <Skeleton class="sk-line" />
          </div>
        </Match>
      </Switch>
    </Panel>
  );
}
