import { createSignal, For, onMount, Show } from "solid-js";
import { errorMessage } from "../../../api";
import { ErrorAlert, LiveRegion } from "../../../components/kit/Alert";
import { type SavedFilter, ticketApi } from "../../../components/tickets/api";
import { apiFilters, type ListView, viewFromApi } from "../../../components/tickets/filters";
import { t } from "../../../i18n";
import { user } from "../../../session";

/** Saved views of the list, on the filter line: pick one, save the current filters under a name, delete one. */
export function SavedViews(props: { view: ListView; onPick: (view: ListView) => void }) {
  const [items, setItems] = createSignal<SavedFilter[]>([]);
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal("");
  const [saving, setSaving] = createSignal(false);
  const [naming, setNaming] = createSignal(false);
  const [selected, setSelected] = createSignal("");
  let nameInput: HTMLInputElement | undefined;

  const load = async () => {
    try {
      setItems(await ticketApi.savedFilters());
    } catch (failure) {
      setError(t("tickets.saved.loadFailed", { error: errorMessage(failure) }));
    }
  };
  onMount(load);

  const pick = (id: string) => {
    setSelected(id);
    const found = items().find((f) => f.id === id);
    if (found) props.onPick(viewFromApi(found.filters, user()?.id));
  };

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget as HTMLFormElement).get("name") ?? "").trim();
    if (!name) return;
    setSaving(true);
    setError(undefined);
    try {
      const saved = await ticketApi.saveFilter(name, apiFilters(props.view, user()?.id));
      await load();
      setSelected(saved.id);
      setNaming(false);
      setNotice(t("tickets.saved.savedNotice", { name: saved.name }));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    const found = items().find((f) => f.id === selected());
    if (!found) return;
    setError(undefined);
    try {
      await ticketApi.removeFilter(found.id);
      setSelected("");
      await load();
      setNotice(t("tickets.saved.removedNotice", { name: found.name }));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <section class="tk-saved" aria-label={t("tickets.saved.region")}>
      <div class="field tk-saved-pick">
        <label for="tk-saved" class="sr-only">
          {t("tickets.saved.label")}
        </label>
        <select id="tk-saved" value={selected()} onChange={(e) => pick(e.currentTarget.value)}>
          <option value="">{items().length === 0 ? t("tickets.saved.none") : t("tickets.saved.choose")}</option>
          <For each={items()}>{(f) => <option value={f.id}>{f.name}</option>}</For>
        </select>
      </div>
      <Show when={selected()}>
        <button type="button" class="btn btn-secondary" onClick={remove}>
          {t("tickets.saved.remove")}
        </button>
      </Show>
      <Show
        when={naming()}
        fallback={
          <button
            type="button"
            class="btn btn-secondary"
            onClick={() => {
              setNaming(true);
              queueMicrotask(() => nameInput?.focus());
            }}
          >
            {t("tickets.saved.saveCurrent")}
          </button>
        }
      >
        <form class="field inline-form tk-saved-form" onSubmit={save}>
          <label for="tk-saved-name" class="sr-only">
            {t("tickets.saved.name")}
          </label>
          <input
            id="tk-saved-name"
            ref={nameInput}
            name="name"
            required
            maxLength={100}
            placeholder={t("tickets.saved.name")}
            onKeyDown={(e) => e.key === "Escape" && setNaming(false)}
          />
          <button type="submit" class="btn btn-primary" disabled={saving()}>
            {saving() ? t("kit.saving") : t("tickets.saved.save")}
          </button>
          <button type="button" class="btn btn-secondary" onClick={() => setNaming(false)}>
            {t("kit.cancel")}
          </button>
        </form>
      </Show>
      <LiveRegion message={notice()} />
      <ErrorAlert message={error()} />
    </section>
  );
}
