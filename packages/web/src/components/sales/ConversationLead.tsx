import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { client, errorMessage, JSON_HEADERS, read } from "../../api";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";

const leads = client.api.v1.leads;

/**
 * The inbox conversation's lead: a link to the lead it started, or one click to start it (the
 * person's open lead is reused). Shown to whoever may read leads; the button to whoever may write them.
 */
export function ConversationLead(props: { conversationId: string; onSaid: (message: string) => void }) {
  const existing = createLoad(
    async () =>
      can("crm:lead:read")
        ? (await read(leads.$get({ query: { conversationId: props.conversationId, limit: "1" } }))).items[0]
        : undefined,
    { key: () => props.conversationId },
  );
  const [busy, setBusy] = createSignal(false);
  const create = async () => {
    setBusy(true);
    try {
      const lead = await read(
        leads["from-conversation"].$post({ json: { conversationId: props.conversationId } }, JSON_HEADERS),
      );
      props.onSaid(t(lead.created ? "sales.inbox.created" : "sales.inbox.existing", { number: lead.number }));
      await existing.refresh();
    } catch (error) {
      props.onSaid(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show
      when={existing.data()}
      fallback={
        <Show when={can("crm:lead:write") && !existing.loading()}>
          <button type="button" class="btn btn-secondary" disabled={busy()} onClick={() => void create()}>
            {t("sales.inbox.create")}
          </button>
        </Show>
      }
    >
      {(lead) => (
        <A class="btn btn-ghost" href={`/sales/leads/${lead().id}`}>
          {t("sales.inbox.open", { number: lead().number })}
        </A>
      )}
    </Show>
  );
}
