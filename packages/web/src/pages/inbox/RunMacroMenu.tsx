import type { InferResponseType } from "hono/client";
import { createSignal, For, Show } from "solid-js";
import { client, errorMessage, read } from "../../api";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";

const macrosApi = client.api.v1.inbox.macros;
export type Macro = InferResponseType<typeof macrosApi.$get, 200>["items"][number];
export type RunResult = InferResponseType<typeof macrosApi.run.$post, 200>;

/** The macros the signed-in agent may run (shared and their own). */
export const loadMacros = () => createLoad(() => read(macrosApi.$get()), { keepOnError: true });

/**
 * Runs a macro on conversations with one run id per click, so a double click or a retried request
 * changes nothing twice (the server answers `already_ran`).
 */
export function runMacro(macroId: string, conversationIds: string[]): Promise<RunResult> {
  return read(macrosApi.run.$post({ json: { macroId, conversationIds, runId: crypto.randomUUID() } }));
}

/** One conversation's outcome in words. */
export function describeOutcome(macro: Macro, result: RunResult["results"][number]): string {
  if (result.outcome === "applied") return t("inboxMacros.ran", { name: macro.name });
  if (result.outcome === "already_ran") return t("inboxMacros.alreadyRan", { name: macro.name });
  const failed = result.failed;
  if (!failed || failed.step === null || failed.type === null) {
    return t("inboxMacros.notRun", { name: macro.name, detail: failed?.detail ?? "" });
  }
  return t("inboxMacros.stepFailed", {
    name: macro.name,
    step: String(failed.step + 1),
    type: t(`inboxMacros.type.${failed.type}`),
    detail: failed.detail,
  });
}

/** "Run macro…" in the thread header: picks a macro and runs it on this conversation. */
export function RunMacroMenu(props: { conversationId: string; onDone: () => void }) {
  const macros = loadMacros();
  const [said, setSaid] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const run = async (select: HTMLSelectElement) => {
    const macro = macros.data()?.items.find((m) => m.id === select.value);
    select.value = "";
    if (!macro || busy()) return;
    setBusy(true);
    try {
      const result = await runMacro(macro.id, [props.conversationId]);
      const first = result.results[0];
      setSaid(first ? describeOutcome(macro, first) : "");
      props.onDone();
    } catch (error) {
      setSaid(t("inboxMacros.notRun", { name: macro.name, detail: errorMessage(error) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={(macros.data()?.items.length ?? 0) > 0}>
      <span class="inbox-macro-run">
        <label class="sr-only" for="inbox-run-macro">
          {t("inboxMacros.runOn")}
        </label>
        <select id="inbox-run-macro" disabled={busy()} aria-busy={busy()} onChange={(e) => void run(e.currentTarget)}>
          <option value="">{t("inboxMacros.chooseMacro")}</option>
          <For each={macros.data()?.items ?? []}>{(m) => <option value={m.id}>{m.name}</option>}</For>
        </select>
        <span class="inbox-macro-said" role="status">
          {said()}
        </span>
      </span>
    </Show>
  );
}
