import type { InferResponseType } from "hono/client";
import { createEffect, createResource, createSignal, For, Match, on, onCleanup, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../../api";
import { Badge, ErrorState, Panel, Skeleton } from "../../components/ui";
import { useTitle } from "../../format";

const support = client.api.v1.support;

type TicketType = InferResponseType<typeof support.types.$get, 200>["items"][number];
type Transition = InferResponseType<typeof support.transitions.$get, 200>["items"][number];
type Numbering = InferResponseType<typeof support.numbering.$get, 200>;
type Status = Transition["from"];

const settingsApi = {
  async types(): Promise<TicketType[]> {
    return (await (await send(support.types.$get())).json()).items;
  },
  async saveType(name: string, json: { requiresSubscriber: boolean; active: boolean }): Promise<TicketType> {
    return (await send(support.types[":name"].$put({ param: { name }, json }))).json();
  },
  async transitions(): Promise<Transition[]> {
    return (await (await send(support.transitions.$get())).json()).items;
  },
  async saveTransition(json: { from: Status; to: Exclude<Status, "merged">; requiresNote: boolean; active: boolean }) {
    return (await send(support.transitions.$put({ json }))).json();
  },
  async removeTransition(id: string): Promise<void> {
    // JSON content type, as the CSRF check wants on every cookie-authenticated write, even an empty one.
    await send(
      support.transitions[":id"].$delete({ param: { id } }, { headers: { "content-type": "application/json" } }),
    );
  },
  async numbering(): Promise<Numbering> {
    return (await send(support.numbering.$get())).json();
  },
  async preview(query: { pattern: string; padding: string; start: string }): Promise<string> {
    return (await (await send(support.numbering.preview.$get({ query }))).json()).preview;
  },
  async saveNumbering(json: { pattern: string; padding: number; start: number }): Promise<Numbering> {
    return (await send(support.numbering.$put({ json }))).json();
  },
};

const statuses: Status[] = [
  "new",
  "open",
  "pending",
  "waiting_on_customer",
  "pending_confirmation",
  "lastmile_rerun",
  "site_under_construction",
  "on_hold",
  "closed",
  "canceled",
  "merged",
];
const statusLabel = (s: string) => s.replaceAll("_", " ");

function Failure(props: { message: string | undefined }) {
  return (
    <Show when={props.message}>
      {(m) => (
        <p class="alert alert-error" role="alert">
          {m()}
        </p>
      )}
    </Show>
  );
}

function TypesSection() {
  const [types, { refetch, mutate }] = createResource(() => settingsApi.types());
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const save = async (name: string, values: { requiresSubscriber: boolean; active: boolean }) => {
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
        <Failure message={error()} />
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

function TransitionsSection() {
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
        <Failure message={error()} />
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

function NumberingSection() {
  const [current, { refetch, mutate }] = createResource(() => settingsApi.numbering());
  const [pattern, setPattern] = createSignal("");
  const [padding, setPadding] = createSignal("6");
  const [start, setStart] = createSignal("1");
  const [preview, setPreview] = createSignal<string>();
  const [previewError, setPreviewError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  createEffect(
    on(current, (c) => {
      if (!c) return;
      setPattern(c.pattern);
      setPadding(String(c.padding));
      setStart(String(c.start));
      setPreview(c.preview);
    }),
  );

  // The preview follows the form as it is typed, checked by the server exactly as saving would.
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(
      [pattern, padding, start],
      ([p, pad, s]) => {
        if (!current()) return;
        clearTimeout(timer);
        timer = setTimeout(async () => {
          try {
            setPreview(await settingsApi.preview({ pattern: p, padding: pad, start: s }));
            setPreviewError(undefined);
          } catch (failure) {
            setPreviewError(errorMessage(failure));
          }
        }, 250);
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(timer));

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const result = await settingsApi.saveNumbering({
        pattern: pattern(),
        padding: Number(padding()),
        start: Number(start()),
      });
      mutate(result);
      setSaved(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const insert = (token: string) => setPattern(`${pattern()}${token}`);

  return (
    <Panel
      id="ts-numbering"
      title="Numbering"
      sub="How new tickets are numbered. Dates are UTC; a new prefix restarts the counter at the start number."
    >
      <Switch>
        <Match when={current.error}>
          <ErrorState title="Could not load the numbering" detail={errorMessage(current.error)} onRetry={refetch} />
        </Match>
        <Match when={current()}>
          <form class="form panel-body ts-numbering" onSubmit={save}>
            <div class="ts-numbering-fields">
              <div class="field ts-pattern">
                <label for="ts-pattern">Pattern</label>
                <input
                  id="ts-pattern"
                  value={pattern()}
                  maxLength={40}
                  aria-describedby="ts-pattern-hint"
                  aria-invalid={previewError() ? "true" : undefined}
                  onInput={(e) => setPattern(e.currentTarget.value)}
                />
                <span id="ts-pattern-hint" class="field-hint">
                  Letters, digits, - _ . and the tokens{" "}
                  <For each={["{YYYY}", "{MM}", "{DD}"]}>
                    {(token) => (
                      <button
                        type="button"
                        class="btn-link ts-token"
                        aria-label={`Add ${token}`}
                        onClick={() => insert(token)}
                      >
                        {token}
                      </button>
                    )}
                  </For>
                </span>
              </div>
              <div class="field ts-number">
                <label for="ts-padding">Padding</label>
                <input
                  id="ts-padding"
                  type="number"
                  min="0"
                  max="12"
                  value={padding()}
                  onInput={(e) => setPadding(e.currentTarget.value)}
                />
              </div>
              <div class="field ts-number">
                <label for="ts-start">Start at</label>
                <input
                  id="ts-start"
                  type="number"
                  min="0"
                  value={start()}
                  onInput={(e) => setStart(e.currentTarget.value)}
                />
              </div>
            </div>
            <div class="ts-preview" aria-live="polite">
              <span class="muted">Next ticket number</span>
              <Show when={!previewError()} fallback={<span class="error-text">{previewError()}</span>}>
                <strong class="mono" data-testid="numbering-preview">
                  {preview()}
                </strong>
              </Show>
            </div>
            <Failure message={error()} />
            <div class="button-row">
              <button type="submit" class="btn btn-primary" disabled={busy() || Boolean(previewError())}>
                {busy() ? "Saving…" : "Save numbering"}
              </button>
              <Show when={saved()}>
                <Badge tone="success">Saved</Badge>
              </Show>
            </div>
          </form>
        </Match>
        <Match when={current.loading}>
          <div class="panel-body">
            <Skeleton class="sk-line" />
          </div>
        </Match>
      </Switch>
    </Panel>
  );
}

/** Ticket settings: the catalogue of types, the allowed status changes, and how tickets are numbered. */
export function TicketSettingsPage() {
  useTitle("Ticket settings");
  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Ticket settings</h1>
          <p class="page-sub">Ticket types, the status changes staff may make, and ticket numbers.</p>
        </div>
      </div>
      <nav class="ts-jump" aria-label="Sections">
        <a href="#ts-numbering">Numbering</a>
        <a href="#ts-transitions">Status transitions</a>
        <a href="#ts-types">Ticket types</a>
      </nav>
      <NumberingSection />
      <TransitionsSection />
      <TypesSection />
    </div>
  );
}
