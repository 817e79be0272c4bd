import type { InferResponseType } from "hono/client";
import { For, Show } from "solid-js";
import type { client } from "../../api";
import type { Column } from "../../components/kit/DataTable";
import { Badge, type Tone } from "../../components/ui";
import { absoluteTime, formatDate, relativeTime, timeOfDay } from "../../format";
import { t } from "../../i18n";
import { ChangesSummary } from "./Changes";

export type AuditEvent = InferResponseType<typeof client.api.v1.audit.$get, 200>["items"][number];

const actionTone = (action: string): Tone =>
  /failed|rejected|throttled|revoked/.test(action) ? "danger" : /succeeded|accepted/.test(action) ? "success" : "info";

const actorKind = (type: string) =>
  ["user", "apiKey", "webhook", "system", "public", "unknown"].includes(type)
    ? t(`audit.actor.${type as "user"}`)
    : type;

/**
 * An email may wrap before its @ and after a dot (and nowhere else), so a narrow column never splits a
 * word and a long address (first.last.team@…) still fits.
 */
function BreakableEmail(props: { text: string }) {
  const parts = () => props.text.split(/(?<=\.)|(?=@)/);
  return (
    <For each={parts()}>
      {(part, i) => (
        <>
          <Show when={i() > 0}>
            <wbr />
          </Show>
          <span class="nowrap">{part}</span>
        </>
      )}
    </For>
  );
}

/** "auth.mfa.recovery_regenerated" may wrap after a dot, never inside a word, so the table fits 1280 px. */
function DotBreaks(props: { text: string }) {
  return (
    <For each={props.text.split(".")}>
      {(part, index) => (
        <>
          {index() > 0 ? "." : ""}
          {index() > 0 ? <wbr /> : null}
          {part}
        </>
      )}
    </For>
  );
}

function Truncated(props: { value: string | null }) {
  return (
    <Show when={props.value} fallback={<span class="muted">—</span>}>
      {(value) => (
        <code class="truncate" title={value()}>
          {value().length > 9 ? `${value().slice(0, 8)}…` : value()}
        </code>
      )}
    </Show>
  );
}

/** The audit table's columns; the server answers newest first and the table keeps that order. */
export function auditColumns(now: () => number): Column<AuditEvent>[] {
  return [
    {
      id: "time",
      header: t("audit.col.time"),
      rowHeader: true,
      class: "nowrap",
      cell: (e) => (
        <time datetime={e.at} title={absoluteTime(e.at)}>
          {timeOfDay(e.at)}
          <span class="sub">
            {formatDate(e.at)} · {relativeTime(e.at, now())}
          </span>
        </time>
      ),
    },
    {
      id: "actor",
      header: t("audit.col.actor"),
      cell: (e) => (
        <div>
          <span class="actor-name">
            <BreakableEmail text={e.actor.label ?? e.actor.id ?? actorKind(e.actor.type)} />
          </span>
          <span class="sub">
            {actorKind(e.actor.type)}
            <Show when={e.ip}> · {e.ip}</Show>
          </span>
        </div>
      ),
    },
    {
      id: "action",
      header: t("audit.col.action"),
      cell: (e) => (
        <Badge tone={actionTone(e.action)}>
          <code class="action-code">
            <DotBreaks text={e.action} />
          </code>
        </Badge>
      ),
    },
    {
      id: "entity",
      header: t("audit.col.entity"),
      cell: (e) => (
        <div>
          {e.entityType}
          <span class="sub">
            <Truncated value={e.entityId} />
          </span>
        </div>
      ),
    },
    {
      id: "changes",
      header: t("audit.col.changes"),
      class: "changes-cell",
      cell: (e) => <ChangesSummary changes={e.changes} />,
    },
    { id: "request", header: t("audit.col.request"), cell: (e) => <Truncated value={e.requestId} /> },
  ];
}
