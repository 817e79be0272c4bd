import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { CheckCircleIcon } from "../../../components/icons";
import { StatusChip } from "../../../components/tickets/labels";
import { EmptyState, Panel, RelativeTime } from "../../../components/ui";
import { type Compliance, clockLabel } from "./shared";

export function Breaches(props: { compliance: Compliance; now: number }) {
  return (
    <Panel
      id="breaches-title"
      title={<>Recent breaches</>}
      sub={<>The latest SLA deadlines missed, of either clock, newest first.</>}
    >
      <Show
        when={props.compliance.recent.length > 0}
        fallback={<EmptyState icon={<CheckCircleIcon />} title="No SLA breaches recorded" />}
      >
        <div class="table-wrap">
          <table class="table table-stack breaches-table">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Clock</th>
                <th scope="col">Status</th>
                <th scope="col">Breached</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.compliance.recent}>
                {(b) => (
                  <tr>
                    <th scope="row" class="row-title">
                      <A href={`/tickets/${encodeURIComponent(b.number)}`} class="mono">
                        {b.number}
                      </A>
                      <span class="sub truncate">{b.title}</span>
                    </th>
                    <td data-label="Clock">{clockLabel[b.clock]}</td>
                    <td data-label="Status">
                      <StatusChip status={b.status} />
                    </td>
                    <td data-label="Breached" class="nowrap">
                      <RelativeTime at={b.at} now={props.now} />
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
