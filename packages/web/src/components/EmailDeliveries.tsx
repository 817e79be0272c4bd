import type { InferResponseType } from "hono/client";
import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import { client, errorMessage, send } from "../api";
import { timeOfDay, useNow } from "../format";
import { RefreshIcon } from "./icons";
import { MailIcon } from "./NotificationBell";
import { Badge, EmptyState, Panel, RelativeTime, type Tone } from "./ui";

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
const statusLabel: Record<Delivery["status"], string> = {
  pending: "Pending",
  sent: "Sent",
  failed: "Retrying",
  dead: "Given up",
  cancelled: "Not needed",
};

/**
 * The status page's view of outgoing email: the latest deliveries with their state, attempts, last
 * error and next retry, so a failing mail server is visible before anyone asks where their email is.
 */
export function EmailDeliveries() {
  const now = useNow();
  const [items, setItems] = createSignal<Delivery[]>();
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);

  const load = async () => {
    setLoading(true);
    try {
      const res = await send(endpoint.$get({ query: { limit: "20" } }));
      setItems((await res.json()).items);
      setError(undefined);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setLoading(false);
    }
  };
  onMount(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    onCleanup(() => clearInterval(timer));
  });

  const troubled = () => (items() ?? []).filter((d) => d.status === "failed" || d.status === "dead").length;

  return (
    <Panel
      id="email-deliveries-title"
      title={<>Email deliveries</>}
      sub={
        <>
          The last 20 emails. Failed sends are retried after 1, 5, 30 minutes and 2 hours, then given up; an emailed
          link is re-issued on each retry.
          <Show when={troubled() > 0}> {troubled()} need attention.</Show>
        </>
      }
    >
      <Switch>
        <Match when={error()}>
          <div class="alert alert-error alert-row" role="alert">
            <span>Could not load email deliveries: {error()}</span>
            <button type="button" class="btn btn-small" onClick={load} disabled={loading()}>
              <RefreshIcon spinning={loading()} />
              Retry
            </button>
          </div>
        </Match>
        <Match when={items()?.length === 0}>
          <EmptyState icon={<MailIcon />} title="No email sent yet">
            Notification emails and emailed links (confirmation, invitation, reset, sign-in) appear here with their
            delivery state.
          </EmptyState>
        </Match>
        <Match when={items()}>
          {(list) => (
            <div class="table-wrap">
              <table class="table table-stack">
                <thead>
                  <tr>
                    <th scope="col">Subject</th>
                    <th scope="col">To</th>
                    <th scope="col">Status</th>
                    <th scope="col" class="num">
                      Attempts
                    </th>
                    <th scope="col">Last error</th>
                    <th scope="col">Next try</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(d) => (
                      <tr>
                        <th scope="row" class="row-title">
                          {d.subject}
                          <span class="sub">
                            <code>{d.template}</code>
                          </span>
                        </th>
                        <td data-label="To">{d.to}</td>
                        <td data-label="Status">
                          <Badge tone={statusTone[d.status]}>{statusLabel[d.status]}</Badge>
                        </td>
                        <td data-label="Attempts" class="num">
                          {d.attempts}
                        </td>
                        <td data-label="Last error" class="error-cell">
                          <Show when={d.lastError} fallback={<span class="muted">—</span>}>
                            {d.lastError}
                          </Show>
                        </td>
                        <td data-label="Next try" class="nowrap">
                          <Show when={d.nextAttemptAt} fallback={<span class="muted">—</span>}>
                            {(at) => <time datetime={at()}>{timeOfDay(at())}</time>}
                          </Show>
                        </td>
                        <td data-label="Created" class="nowrap">
                          <RelativeTime at={d.createdAt} now={now()} />
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </Match>
      </Switch>
    </Panel>
  );
}
