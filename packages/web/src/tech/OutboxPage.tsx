import { createSignal, For, Show } from "solid-js";
import { absoluteTime, useTitle } from "../format";
import { t } from "../i18n";
import { online } from "./device";
import { discard, drain, mine, retry, sending } from "./outbox";
import type { Entry } from "./store";

/** A change in a line: what it is and its main value. */
function describe(entry: Entry): string {
  const change = entry.change;
  const detail = (() => {
    switch (change.kind) {
      case "event":
        return t(`tech.events.${change.event}`);
      case "note":
        return change.body.length > 60 ? `${change.body.slice(0, 60)}…` : change.body;
      case "file":
        return change.signerName ? `${change.filename} (${change.signerName})` : change.filename;
      case "worklog":
        return `${absoluteTime(change.startedAt)} → ${absoluteTime(change.endedAt)}`;
      case "consume":
        return `${change.quantity} × ${change.name}`;
      case "serial":
        return change.serial;
      case "ping":
        return absoluteTime(change.recordedAt);
    }
  })();
  return t(`tech.outbox.kinds.${change.kind}`, { detail });
}

/**
 * Every change still on the phone, oldest first (the order they are sent in): what it is, when it
 * was made, how often sending was tried, and for a refused one the server's message with "try
 * again" (after fixing the cause) or "discard".
 */
export function OutboxPage() {
  useTitle(t("tech.outbox.title"));
  const [confirming, setConfirming] = createSignal<string>();
  const blockedBy = (entry: Entry) =>
    mine().some(
      (other) =>
        other.workOrderId === entry.workOrderId && other.state === "failed" && (other.seq ?? 0) < (entry.seq ?? 0),
    );

  return (
    <>
      <h1 class="tech-title">{t("tech.outbox.title")}</h1>
      <p class="tech-sub">{t("tech.outbox.sub")}</p>
      <Show when={mine().length > 0} fallback={<p class="tech-done">{t("tech.outbox.empty")}</p>}>
        <button
          type="button"
          class="btn btn-primary tech-btn"
          disabled={!online() || sending()}
          onClick={() => void drain()}
        >
          {sending() ? t("tech.sendingNow") : t("tech.outbox.sendNow")}
        </button>
        <ol class="tech-list tech-outbox" data-testid="outbox-list">
          <For each={mine()}>
            {(entry) => (
              <li classList={{ "tech-failed": entry.state === "failed" }}>
                <p>
                  <strong>{describe(entry)}</strong>
                </p>
                <p class="tech-muted">
                  {absoluteTime(entry.createdAt)}
                  <Show when={entry.attempts > 0}> · {t("tech.outbox.attempts", entry.attempts)}</Show>
                </p>
                <Show when={blockedBy(entry)}>
                  <p class="tech-muted">{t("tech.outbox.held")}</p>
                </Show>
                <Show when={entry.state === "failed"}>
                  <p class="alert alert-error" role="alert">
                    {t("tech.outbox.refused", { message: entry.error ?? "" })}
                  </p>
                  <div class="tech-row">
                    <button type="button" class="btn btn-secondary tech-btn" onClick={() => void retry(entry)}>
                      {t("tech.outbox.retry")}
                    </button>
                    <Show
                      when={confirming() === entry.ref}
                      fallback={
                        <button
                          type="button"
                          class="btn btn-secondary tech-btn"
                          onClick={() => setConfirming(entry.ref)}
                        >
                          {t("tech.outbox.discard")}
                        </button>
                      }
                    >
                      <button type="button" class="btn btn-danger tech-btn" onClick={() => void discard(entry)}>
                        {t("tech.outbox.confirmDiscard")}
                      </button>
                    </Show>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </>
  );
}
