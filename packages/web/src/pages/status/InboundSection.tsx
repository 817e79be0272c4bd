import { For, Show } from "solid-js";
import type { InboundEvent } from "../../api";
import { InboundChart } from "../../components/InboundChart";
import { InboxIcon } from "../../components/icons";
import { Badge, EmptyState, Panel, RelativeTime } from "../../components/ui";
import { capitalise, eventTone } from "./shared";

export function InboundSection(props: { events: InboundEvent[]; now: number }) {
  return (
    <Panel id="inbound-title" title={<>Recent webhooks</>} sub={<>The last 20 inbound events, newest first.</>}>
      <Show
        when={props.events.length > 0}
        fallback={
          <EmptyState icon={<InboxIcon />} title="No webhooks received yet">
            Send one to <code>POST /webhooks/billing/subscribers</code> and it appears here within seconds.
          </EmptyState>
        }
      >
        <InboundChart events={props.events} />
        <div class="table-wrap">
          <table class="table table-stack">
            <thead>
              <tr>
                <th scope="col">Message ID</th>
                <th scope="col">Provider</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Attempts
                </th>
                <th scope="col">Error</th>
                <th scope="col">Processed</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.events}>
                {(e) => (
                  <tr>
                    <th scope="row" class="mono row-title">
                      {e.messageId}
                    </th>
                    <td data-label="Provider">{capitalise(e.provider)}</td>
                    <td data-label="Type">
                      <Show when={e.type} fallback={<span class="muted">—</span>}>
                        <code>{e.type}</code>
                      </Show>
                    </td>
                    <td data-label="Status">
                      <Badge tone={eventTone[e.status]}>{capitalise(e.status)}</Badge>
                    </td>
                    <td data-label="Attempts" class="num">
                      {e.attempts}
                    </td>
                    <td data-label="Error" class="error-cell">
                      <Show when={e.error} fallback={<span class="muted">—</span>}>
                        {e.error}
                      </Show>
                    </td>
                    <td data-label="Processed" class="nowrap">
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
