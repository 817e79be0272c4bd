import type { SystemStatus } from "../../api";
import { DatabaseIcon, InboxIcon, PlugIcon, SendIcon } from "../../components/icons";
import { Badge } from "../../components/ui";
import { t } from "../../i18n";
import { Card, driverName } from "./shared";

export function Cards(props: { status: SystemStatus }) {
  const s = () => props.status;
  const migration = () => s().database.migration;
  const upToDate = () => migration().applied >= migration().available;
  return (
    <div class="card-grid">
      <Card id="card-database" title={t("status.database")} icon={<DatabaseIcon />}>
        <p class="stat-value">
          <code class="driver">{s().database.driver}</code>
        </p>
        <p class="stat-hint">{driverName(s().database.driver)}</p>
        <dl class="kv">
          <div>
            <dt>{t("status.migration")}</dt>
            <dd>
              <code>{migration().latest ?? t("status.none")}</code>
            </dd>
          </div>
          <div>
            <dt>{t("status.applied")}</dt>
            <dd>
              <Badge tone={upToDate() ? "success" : "warning"}>
                {t("status.appliedOf", {
                  applied: String(migration().applied),
                  available: String(migration().available),
                })}
              </Badge>
            </dd>
          </div>
        </dl>
      </Card>
      <Card
        id="card-queue"
        title={t("status.queue")}
        icon={<InboxIcon />}
        tone={s().queue.deadLetters > 0 ? "danger" : undefined}
      >
        <dl class="kv kv-stats">
          <div>
            <dt>{t("status.ready")}</dt>
            <dd data-testid="stat-ready">{s().queue.ready}</dd>
          </div>
          <div>
            <dt>{t("status.inFlight")}</dt>
            <dd data-testid="stat-in-flight">{s().queue.inFlight}</dd>
          </div>
          <div class={s().queue.deadLetters > 0 ? "kv-danger" : undefined}>
            <dt>{t("status.deadLetters")}</dt>
            <dd data-testid="stat-dead-letters">{s().queue.deadLetters}</dd>
          </div>
        </dl>
        <p class="stat-hint">{t("status.adapter", { name: s().adapters.queue })}</p>
      </Card>
      <Card
        id="card-outbox"
        title={t("status.outbox")}
        icon={<SendIcon />}
        tone={s().outbox.pending > 0 ? "warning" : undefined}
      >
        <p class="stat-value" data-testid="stat-outbox">
          {s().outbox.pending}
        </p>
        <p class="stat-hint">
          {s().outbox.pending === 0 ? t("status.allPublished") : t("status.waiting", s().outbox.pending)}
        </p>
      </Card>
      <Card id="card-adapters" title={t("status.adapters")} icon={<PlugIcon />}>
        <dl class="kv">
          <div>
            <dt>{t("status.queueAdapter")}</dt>
            <dd>
              <code>{s().adapters.queue}</code>
            </dd>
          </div>
          <div>
            <dt>{t("status.blob")}</dt>
            <dd>
              <code>{s().adapters.blob}</code>
            </dd>
          </div>
          <div>
            <dt>{t("status.bus")}</dt>
            <dd>
              <code>{s().adapters.events}</code>
            </dd>
          </div>
        </dl>
      </Card>
    </div>
  );
}
