import { createSignal, For, Show } from "solid-js";
import { client, errorMessage, read } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can, user } from "../../session";
import { describeOutcome, loadMacros, runMacro } from "./RunMacroMenu";
import { type Conversation, conversations, type Label } from "./types";

const statuses = ["open", "pending", "resolved"] as const;

interface Summary {
  changed: number;
  refused: { name: string; detail: string }[];
}

/**
 * What an agent does to the selected conversations at once: assign, set a status, add a label (the
 * bulk API, each part under the single-conversation rules) or run a macro; then how many changed and
 * which were refused, with the reason.
 */
export function InboxBulkBar(props: {
  selected: string[];
  items: Conversation[];
  labels: Label[];
  onClear: () => void;
  onDone: () => void;
}) {
  const macros = loadMacros();
  // Supervisors see every agent; an agent who may not gets only "Me".
  const agents = createLoad(async () =>
    can("crm:inbox:admin") || can("crm:inbox:settings:read") ? read(client.api.v1.inbox.agents.$get()) : { items: [] },
  );
  const [busy, setBusy] = createSignal(false);
  const [summary, setSummary] = createSignal<Summary>();
  const [failure, setFailure] = createSignal<string>();
  const nameOf = (id: string) => props.items.find((c) => c.id === id)?.personName ?? id;
  const me = () => user()?.id;

  const attempt = async (work: () => Promise<Summary>) => {
    if (busy()) return;
    setBusy(true);
    setFailure(undefined);
    setSummary(undefined);
    try {
      setSummary(await work());
      props.onDone();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const assigneeId = String(data.get("assignee") ?? "");
    const status = String(data.get("status") ?? "");
    const label = String(data.get("label") ?? "");
    const macroId = String(data.get("macro") ?? "");
    void attempt(async () => {
      const total: Summary = { changed: 0, refused: [] };
      if (assigneeId || status || label) {
        const result = await read(
          conversations.bulk.$post({
            json: {
              ids: props.selected,
              ...(assigneeId ? { assigneeId } : {}),
              ...(status ? { status: status as (typeof statuses)[number] } : {}),
              ...(label ? { addLabels: [label] } : {}),
            },
          }),
        );
        total.changed = result.updated.length;
        total.refused = result.failed.map((f) => ({ name: nameOf(f.id), detail: f.detail }));
      }
      const macro = macros.data()?.items.find((m) => m.id === macroId);
      if (macro) {
        const ran = await runMacro(macro.id, props.selected);
        const failed = ran.results.filter((r) => r.outcome === "failed");
        if (!(assigneeId || status || label)) total.changed = ran.results.length - failed.length;
        for (const r of failed) {
          total.refused.push({ name: nameOf(r.conversationId), detail: describeOutcome(macro, r) });
        }
      }
      form.reset();
      return total;
    });
  };

  return (
    <section class="inbox-bulk" aria-label={t("inboxMacros.bulkActions")}>
      <p class="inbox-bulk-count">
        <strong>{t("inboxMacros.selected", props.selected.length)}</strong>
        <button type="button" class="btn btn-ghost btn-small" onClick={props.onClear}>
          {t("inboxMacros.clear")}
        </button>
      </p>
      <form
        class="inbox-bulk-form"
        onSubmit={(e) => {
          e.preventDefault();
          apply(e.currentTarget);
        }}
      >
        <label for="bulk-assignee">{t("inboxMacros.assign")}</label>
        <select id="bulk-assignee" name="assignee">
          <option value="">{t("inboxMacros.noChange")}</option>
          <Show when={me()}>{(id) => <option value={id()}>{t("inboxMacros.assignMe")}</option>}</Show>
          <For each={(agents.data()?.items ?? []).filter((a) => a.userId !== me())}>
            {(a) => <option value={a.userId}>{a.name}</option>}
          </For>
        </select>
        <label for="bulk-status">{t("inboxMacros.setStatus")}</label>
        <select id="bulk-status" name="status">
          <option value="">{t("inboxMacros.noChange")}</option>
          <For each={statuses}>{(s) => <option value={s}>{t(`inbox.statusName.${s}`)}</option>}</For>
        </select>
        <label for="bulk-label">{t("inboxMacros.addLabel")}</label>
        <select id="bulk-label" name="label">
          <option value="">{t("inboxMacros.noChange")}</option>
          <For each={props.labels}>{(l) => <option value={l.name}>{l.name}</option>}</For>
        </select>
        <Show when={(macros.data()?.items.length ?? 0) > 0}>
          <label for="bulk-macro">{t("inboxMacros.runMacro")}</label>
          <select id="bulk-macro" name="macro">
            <option value="">{t("inboxMacros.noMacro")}</option>
            <For each={macros.data()?.items ?? []}>{(m) => <option value={m.id}>{m.name}</option>}</For>
          </select>
        </Show>
        <button type="submit" class="btn btn-primary" disabled={busy()} aria-busy={busy()}>
          {busy() ? t("inboxMacros.working") : t("inboxMacros.apply")}
        </button>
      </form>
      <ErrorAlert message={failure()} />
      <div role="status" class="inbox-bulk-result">
        <Show when={summary()}>
          {(s) => (
            <>
              <p>
                {t("inboxMacros.changed", s().changed)}
                <Show when={s().refused.length > 0}> · {t("inboxMacros.refused", s().refused.length)}</Show>
              </p>
              <Show when={s().refused.length > 0}>
                <ul>
                  <For each={s().refused}>
                    {(r) => <li>{t("inboxMacros.refusedItem", { name: r.name, detail: r.detail })}</li>}
                  </For>
                </ul>
              </Show>
            </>
          )}
        </Show>
      </div>
    </section>
  );
}
