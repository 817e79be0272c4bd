import { For } from "solid-js";
import type { SystemStatus } from "../../api";
import { AlertIcon } from "../../components/icons";
import { Panel, RelativeTime } from "../../components/ui";
import { t } from "../../i18n";

export function DeadLetters(props: { status: SystemStatus; now: number }) {
  return (
    <Panel
      id="dead-letters-title"
      tone="danger"
      title={
        <>
          <AlertIcon />
          {t("status.deadLetters")} <span class="count">{props.status.queue.deadLetters}</span>
        </>
      }
      sub={
        <>
          {t("status.deadSub")} <code>npm run queue:replay</code>.
        </>
      }
    >
      <ul class="dead-list">
        <For each={props.status.deadLetters}>
          {(d) => (
            <li class="dead-item">
              <p class="dead-reason">{d.reason}</p>
              <p class="dead-meta">
                {t("status.received", d.receiveCount)} · {t("status.failed")}{" "}
                <RelativeTime at={d.failedAt} now={props.now} />
              </p>
            </li>
          )}
        </For>
      </ul>
    </Panel>
  );
}
