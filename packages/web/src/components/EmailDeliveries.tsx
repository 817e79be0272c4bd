import type { InferResponseType } from "hono/client";
import { createMemo, onCleanup, onMount, Show } from "solid-js";
import { client, read } from "../api";
import { formatNumber, timeOfDay, useNow } from "../format";
import { t } from "../i18n";
import { createLoad } from "../lib/load";
import { type Column, DataTable, loadedTable } from "./kit/DataTable";
import { MailIcon } from "./NotificationBell";
import { Badge, Panel, RelativeTime, type Tone } from "./ui";

const endpoint = client.api.v1.notifications.deliveries;
type Delivery = InferResponseType<typeof endpoint.$get, 200>["items"][number];

const REFRESH_MS = 30_000;
const statusTone: Record<Delivery["status"], Tone> = {
  pending: "info",
  sent: "success",
  failed: "warning",
  dead: "danger",
  cancelled: "neutral",
};

function deliveryColumns(now: () => number): Column<Delivery>[] {
  return [
    {
      id: "subject",
      header: t("mail.deliveries.col.subject"),
      rowHeader: true,
      cell: (d) => (
        <>
          {d.subject}
          <span class="sub">
            <code>{d.template}</code>
          </span>
        </>
      ),
    },
    { id: "to", header: t("mail.deliveries.col.to"), cell: (d) => d.to },
    {
      id: "status",
      header: t("mail.deliveries.col.status"),
      cell: (d) => <Badge tone={statusTone[d.status]}>{t(`mail.deliveries.status.${d.status}`)}</Badge>,
    },
    {
      id: "attempts",
      header: t("mail.deliveries.col.attempts"),
      class: "num",
      headerClass: "num",
      cell: (d) => formatNumber(d.attempts),
    },
    {
      id: "error",
      header: t("mail.deliveries.col.error"),
      class: "error-cell",
      cell: (d) => d.lastError ?? <span class="muted">{t("kit.none")}</span>,
    },
    {
      id: "next",
      header: t("mail.deliveries.col.next"),
      class: "nowrap",
      cell: (d) => (
        <Show when={d.nextAttemptAt} fallback={<span class="muted">{t("kit.none")}</span>}>
          {(at) => <time datetime={at()}>{timeOfDay(at())}</time>}
        </Show>
      ),
    },
    {
      id: "created",
      header: t("mail.deliveries.col.created"),
      class: "nowrap",
      cell: (d) => <RelativeTime at={d.createdAt} now={now()} />,
    },
  ];
}

/**
 * The status page's view of outgoing email: the latest deliveries with their state, attempts, last
 * error and next retry, so a failing mail server is visible before anyone asks where their email is.
 */
export function EmailDeliveries() {
  const now = useNow();
  const deliveries = createLoad(async () => (await read(endpoint.$get({ query: { limit: "20" } }))).items, {
    keepOnError: true,
  });
  onMount(() => {
    const timer = setInterval(() => void deliveries.refresh(), REFRESH_MS);
    onCleanup(() => clearInterval(timer));
  });
  const troubled = () => (deliveries.data() ?? []).filter((d) => d.status === "failed" || d.status === "dead").length;
  const columns = createMemo(() => deliveryColumns(now));

  return (
    <Panel
      id="email-deliveries-title"
      title={t("mail.deliveries.title")}
      sub={
        <>
          {t("mail.deliveries.sub")}
          <Show when={troubled() > 0}> {t("mail.deliveries.attention", { n: formatNumber(troubled()) })}</Show>
        </>
      }
    >
      <DataTable
        class="deliveries-table"
        labelledBy="email-deliveries-title"
        columns={columns()}
        {...loadedTable(deliveries)}
        rowKey={(d) => d.id}
        errorTitle={t("mail.deliveries.loadFailed")}
        skeletonRows={2}
        empty={{ icon: <MailIcon />, title: t("mail.deliveries.empty"), body: t("mail.deliveries.emptyBody") }}
      />
    </Panel>
  );
}
