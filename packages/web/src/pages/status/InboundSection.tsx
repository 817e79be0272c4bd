import { createMemo, Show } from "solid-js";
import type { InboundEvent } from "../../api";
import { InboundChart } from "../../components/InboundChart";
import { InboxIcon } from "../../components/icons";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { Badge, EmptyState, Panel, RelativeTime } from "../../components/ui";
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import { capitalise, eventTone } from "./shared";

/** The last inbound webhooks: how they went at a glance, then one row each. */
export function InboundSection(props: { events: InboundEvent[]; now: number }) {
  const columns = createMemo((): Column<InboundEvent>[] => [
    { id: "message", header: t("status.col.message"), rowHeader: true, class: "mono", cell: (e) => e.messageId },
    { id: "provider", header: t("status.col.provider"), cell: (e) => capitalise(e.provider) },
    {
      id: "type",
      header: t("status.col.type"),
      cell: (e) => (
        <Show when={e.type} fallback={<span class="muted">{t("kit.none")}</span>}>
          <code>{e.type}</code>
        </Show>
      ),
    },
    {
      id: "status",
      header: t("status.col.status"),
      cell: (e) => <Badge tone={eventTone[e.status]}>{t(`status.eventStatus.${e.status}`)}</Badge>,
    },
    {
      id: "attempts",
      header: t("status.col.attempts"),
      class: "num",
      headerClass: "num",
      cell: (e) => formatNumber(e.attempts),
    },
    {
      id: "error",
      header: t("status.col.error"),
      class: "error-cell",
      cell: (e) => e.error ?? <span class="muted">{t("kit.none")}</span>,
    },
    {
      id: "processed",
      header: t("status.col.processed"),
      class: "nowrap",
      cell: (e) => <RelativeTime at={e.processedAt} now={props.now} />,
    },
  ]);
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
        <DataTable
          class="inbound-table"
          labelledBy="inbound-title"
          columns={columns()}
          rows={props.events}
          rowKey={(e) => e.id}
        />
      </Show>
    </Panel>
  );
}
