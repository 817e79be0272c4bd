import { For, Show } from "solid-js";
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import type { AuditEvent } from "./AuditTable";

/** One field's change as stored: `to` only (created), `from` and `to` (updated), `from` only (removed). */
interface Change {
  from?: unknown;
  to?: unknown;
}

/**
 * A stored change read defensively: any row the product ever wrote must render, including values
 * that are not `{ from, to }` objects (kept as the new value).
 */
function asChange(value: unknown): Change {
  if (value && typeof value === "object" && !Array.isArray(value) && ("from" in value || "to" in value)) {
    return value as Change;
  }
  return { to: value };
}

/** A value in at most 28 characters: text as it is, everything else as JSON; null and "" in words. */
function short(value: unknown): string {
  if (value === null || value === undefined) return t("audit.change.none");
  if (value === "") return t("audit.change.emptyText");
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 28 ? `${text.slice(0, 27)}…` : text;
}

function ChangeLine(props: { field: string; change: Change }) {
  const hasFrom = () => "from" in props.change;
  const hasTo = () => "to" in props.change;
  return (
    <li>
      <span class="change-field">{props.field}</span>{" "}
      <Show when={hasFrom()}>
        <span class="change-from">{short(props.change.from)}</span> <span aria-hidden="true">→</span>
        <span class="sr-only">{t("audit.change.becomes")}</span>{" "}
      </Show>
      <Show when={hasTo() || hasFrom()} fallback={<span class="muted">{t("kit.none")}</span>}>
        <Show when={hasTo()} fallback={<span class="change-removed">{t("audit.change.removed")}</span>}>
          <span class="change-to">{short(props.change.to)}</span>
        </Show>
      </Show>
    </li>
  );
}

/** The first three changed fields of an event, with the whole change set in the tooltip. */
export function ChangesSummary(props: { changes: AuditEvent["changes"] }) {
  const entries = () =>
    props.changes && typeof props.changes === "object" ? Object.entries(props.changes as Record<string, unknown>) : [];
  return (
    <Show when={entries().length > 0} fallback={<span class="muted">{t("kit.none")}</span>}>
      <ul class="changes" title={JSON.stringify(props.changes, null, 2)}>
        <For each={entries().slice(0, 3)}>
          {([field, change]) => <ChangeLine field={field} change={asChange(change)} />}
        </For>
        <Show when={entries().length > 3}>
          <li class="muted">{t("audit.moreChanges", { n: formatNumber(entries().length - 3) })}</li>
        </Show>
      </ul>
    </Show>
  );
}
