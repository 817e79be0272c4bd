import { For, Show } from "solid-js";
import type { InboundEvent } from "../../api";
import { InboundChart } from "../../components/InboundChart";
import { InboxIcon } from "../../components/icons";
import { Badge, EmptyState, Panel, RelativeTime } from "../../components/ui";
import { t } from "../../i18n";
import { capitalise, eventTone } from "./shared";

export function InboundSection(props: { events: InboundEvent[]; now: number }) {
  return (
    <Panel id="inbound-title" title={t("status.webhooks")} sub={t("status.webhooksSub")}>
      <Show
        when={props.events.length > 0}
        fallback={
          <EmptyState icon={<InboxIcon />} title={t("status.noWebhooks")}>
            {t("status.noWebhooksBody")} <code>POST /webhooks/billing/subscribers</code> {t("status.noWebhooksBody2")}
          </EmptyState>
        }
      >
        <InboundChart events={props.events} />
        <div class="table-wrap">
          <table class="table table-stack">
            <thead>
              <tr>
                <th scope="col">{t("status.col.message")}</th>
                <th scope="col">{t("status.col.provider")}</th>
                <th scope="col">{t("status.col.type")}</th>
                <th scope="col">{t("status.col.status")}</th>
                <th scope="col" class="num">
                  {t("status.col.attempts")}
                </th>
                <th scope="col">{t("status.col.error")}</th>
                <th scope="col">{t("status.col.processed")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.events}>
                {(e) => (
                  <tr>
                    <th scope="row" class="mono row-title">
                      {e.messageId}
                    </th>
                    <td data-label={t("status.col.provider")}>{capitalise(e.provider)}</td>
                    <td data-label={t("status.col.type")}>
                      <Show when={e.type} fallback={<span class="muted">—</span>}>
                        <code>{e.type}</code>
                      </Show>
                    </td>
                    <td data-label={t("status.col.status")}>
                      <Badge tone={eventTone[e.status]}>{t(`status.eventStatus.${e.status}`)}</Badge>
                    </td>
                    <td data-label={t("status.col.attempts")} class="num">
                      {e.attempts}
                    </td>
                    <td data-label={t("status.col.error")} class="error-cell">
                      <Show when={e.error} fallback={<span class="muted">—</span>}>
                        {e.error}
                      </Show>
                    </td>
                    <td data-label={t("status.col.processed")} class="nowrap">
                      <RelativeTime at={e.processedAt} now={props.now} />
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </Panel>
  );
}
