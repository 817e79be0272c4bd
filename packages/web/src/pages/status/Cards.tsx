import type { SystemStatus } from "../../api";
import { DatabaseIcon, InboxIcon, PlugIcon, SendIcon } from "../../components/icons";
import { Badge } from "../../components/ui";
import { t } from "../../i18n";
import { Card, drivers } from "./shared";

export function Cards(props: { status: SystemStatus }) {
  const s = () => props.status;
  const migration = () => s().database.migration;
  const upToDate = () => migration().applied >= migration().available;
  return (
    <div class="card-grid">
      <Card id="card-database" title="Database" icon={<DatabaseIcon />}>
        <p class="stat-value">
          <code class="driver">{s().database.driver}</code>
        </p>
        <p class="stat-hint">{drivers[s().database.driver]}</p>
        <dl class="kv">
          <div>
            <dt>Migration</dt>
            <dd>
              <code>{migration().latest ?? "none"}</code>
            </dd>
          </div>
          <div>
            <dt>Applied</dt>
            <dd>
              <Badge tone={upToDate() ? "success" : "warning"}>
                {migration().applied} of {migration().available}
              </Badge>
            </dd>
          </div>
        </dl>
      </Card>
      <Card
        id="card-queue"
        title="Inbound queue"
        icon={<InboxIcon />}
        tone={s().queue.deadLetters > 0 ? "danger" : undefined}
      >
        <dl class="kv kv-stats">
          <div>
            <dt>Ready</dt>
            <dd data-testid="stat-ready">{s().queue.ready}</dd>
          </div>
          <div>
            <dt>In flight</dt>
            <dd data-testid="stat-in-flight">{s().queue.inFlight}</dd>
          </div>
          <div class={s().queue.deadLetters > 0 ? "kv-danger" : undefined}>
            <dt>Dead letters</dt>
            <dd data-testid="stat-dead-letters">{s().queue.deadLetters}</dd>
          </div>
        </dl>
        <p class="stat-hint">Adapter: {s().adapters.queue}</p>
      </Card>
      <Card id="card-outbox" title="Outbox" icon={<SendIcon />} tone={s().outbox.pending > 0 ? "warning" : undefined}>
        <p class="stat-value" data-testid="stat-outbox">
          {s().outbox.pending}
        </p>
        <p class="stat-hint">
          {s().outbox.pending === 0
            ? "All domain events published"
            : `${t("count.event", s().outbox.pending)} waiting to publish`}
        </p>
      </Card>
      <Card id="card-adapters" title="Adapters" icon={<PlugIcon />}>
        <dl class="kv">
          <div>
            <dt>Queue</dt>
            <dd>
              <code>{s().adapters.queue}</code>
            </dd>
          </div>
          <div>
            <dt>Blob storage</dt>
            <dd>
              <code>{s().adapters.blob}</code>
            </dd>
          </div>
          <div>
            <dt>Event bus</dt>
            <dd>
              <code>{s().adapters.events}</code>
            </dd>
          </div>
        </dl>
      </Card>
    </div>
  );
}
