import { A } from "@solidjs/router";
import type { InferResponseType } from "hono/client";
import { createSignal, For, Show } from "solid-js";
import { client, errorMessage, read, send } from "../../api";
import { InboxIcon } from "../../components/icons";
import { ErrorAlert } from "../../components/kit/Alert";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { Panel } from "../../components/ui";
import { dateTimeShort, formatNumber } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";

const inbox = client.api.v1.inbox;
const routing = inbox.settings.routing;
type Agent = InferResponseType<typeof inbox.agents.$get, 200>["items"][number];
type Team = InferResponseType<typeof routing.teams.$get, 200>["items"][number];
type Rule = InferResponseType<typeof routing.rules.$get, 200>["items"][number];
type Waiting = InferResponseType<typeof inbox.queue.$get, 200>["items"][number];
type Recent = InferResponseType<(typeof inbox.assignments.recent)["$get"], 200>["items"][number];
type Mode = Team["mode"];
const modes: Mode[] = ["least_loaded", "round_robin"];
const kinds = ["whatsapp", "messenger", "instagram", "email", "widget"] as const;
const priorities = ["urgent", "high", "medium", "low", "none"] as const;

/**
 * Settings › Inbox › Routing, for inbox leads: how each team hands out conversations, how many each
 * agent holds, the rules that pick a team, and the queue with the reasons of the latest assignments.
 */
export function RoutingSection() {
  const teams = createLoad(() => read(routing.teams.$get()), { keepOnError: true });
  const agents = createLoad(() => read(inbox.agents.$get()), { keepOnError: true });
  const rules = createLoad(() => read(routing.rules.$get()), { keepOnError: true });
  const queue = createLoad(() => read(inbox.queue.$get({ query: {} })), { keepOnError: true });
  const recent = createLoad(() => read(inbox.assignments.recent.$get({ query: { limit: "10" } })), {
    keepOnError: true,
  });
  const [failure, setFailure] = createSignal<string>();
  const [saved, setSaved] = createSignal<string>();
  const attempt = async (run: () => Promise<unknown>, done?: string) => {
    setFailure(undefined);
    setSaved(undefined);
    try {
      await run();
      if (done) setSaved(done);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const teamName = (id: string) => teams.data()?.items.find((x) => x.teamId === id)?.name ?? t("inbox.routing.noTeam");

  const agentColumns: Column<Agent>[] = [
    { id: "name", header: t("inbox.name"), rowHeader: true, cell: (a) => a.name },
    {
      id: "presence",
      header: t("inbox.routing.presence"),
      cell: (a) => (
        <span class="routing-presence">
          <span class="presence-dot presence-dot-light" data-state={a.presence} aria-hidden="true" />
          {t(`widgets.presence.${a.presence}`)}
        </span>
      ),
    },
    {
      id: "load",
      header: t("inbox.routing.load"),
      cell: (a) => t("inbox.routing.loadOf", { n: formatNumber(a.activeCount), of: formatNumber(a.capacity) }),
    },
    {
      id: "capacity",
      header: t("inbox.routing.capacity"),
      cell: (a) => (
        <form
          class="routing-capacity"
          onSubmit={(e) => {
            e.preventDefault();
            const value = Number(new FormData(e.currentTarget).get("capacity"));
            void attempt(
              async () => {
                await read(
                  inbox.settings.agents[":id"].capacity.$put({ param: { id: a.userId }, json: { capacity: value } }),
                );
                await agents.refresh();
              },
              t("inbox.routing.capacitySaved", { name: a.name, n: formatNumber(value) }),
            );
          }}
        >
          <label for={`capacity-${a.userId}`} class="sr-only">
            {t("inbox.routing.capacityOf", { name: a.name })}
          </label>
          <input
            id={`capacity-${a.userId}`}
            name="capacity"
            type="number"
            inputMode="numeric"
            min="0"
            max="1000"
            required
            value={a.capacity}
          />
          <button type="submit" class="btn btn-small">
            {t("inbox.routing.save")}
          </button>
        </form>
      ),
    },
  ];

  const waitingColumns: Column<Waiting>[] = [
    { id: "position", header: t("inbox.routing.position"), cell: (w) => formatNumber(w.position) },
    {
      id: "conversation",
      header: t("inbox.routing.conversation"),
      rowHeader: true,
      cell: (w) => (
        <A href={`/inbox?c=${w.conversationId}`}>{t("inbox.routing.open", { id: w.conversationId.slice(-6) })}</A>
      ),
    },
    { id: "priority", header: t("inbox.priority"), cell: (w) => t(`inbox.priorityName.${w.priority}`) },
    { id: "team", header: t("inbox.routing.team"), cell: (w) => teamName(w.teamId) },
    { id: "arrived", header: t("inbox.routing.arrived"), cell: (w) => dateTimeShort(w.arrivedAt) },
    { id: "reason", header: t("inbox.routing.why"), cell: (w) => w.reason ?? "" },
  ];

  const recentColumns: Column<Recent>[] = [
    { id: "at", header: t("inbox.routing.when"), cell: (r) => dateTimeShort(r.at) },
    { id: "agent", header: t("inbox.routing.agent"), rowHeader: true, cell: (r) => r.agentName ?? "" },
    {
      id: "conversation",
      header: t("inbox.routing.conversation"),
      cell: (r) => (
        <A href={`/inbox?c=${r.conversationId}`}>{t("inbox.routing.open", { id: r.conversationId.slice(-6) })}</A>
      ),
    },
    { id: "reason", header: t("inbox.routing.why"), cell: (r) => r.reason ?? "" },
  ];

  const describe = (r: Rule) => {
    const parts = [
      r.channelKind ? t(`inbox.kind.${r.channelKind}`) : null,
      r.priority ? t(`inbox.priorityName.${r.priority}`) : null,
      r.label ? `#${r.label}` : null,
    ].filter((p): p is string => p !== null);
    return parts.length ? parts.join(" · ") : t("inbox.routing.anything");
  };
  /** Moves a rule one place by swapping positions with its neighbour (rules are tried by position). */
  const move = (index: number, by: -1 | 1) => {
    const list = rules.data()?.items ?? [];
    const a = list[index];
    const b = list[index + by];
    if (!a || !b) return;
    void attempt(
      async () => {
        const [pa, pb] = a.position === b.position ? [b.position + by, a.position] : [b.position, a.position];
        await read(routing.rules[":id"].$patch({ param: { id: a.id }, json: { position: pa } }));
        await read(routing.rules[":id"].$patch({ param: { id: b.id }, json: { position: pb } }));
        await rules.refresh();
      },
      t("inbox.routing.moved", { name: a.name }),
    );
  };

  return (
    <>
      <ErrorAlert message={failure() ?? teams.error() ?? agents.error() ?? rules.error() ?? queue.error()} />
      <p class="sr-only" role="status">
        {saved() ?? ""}
      </p>
      <Panel id="routing-teams-title" title={t("inbox.routing.teamsTitle")} sub={t("inbox.routing.teamsSub")}>
        <Show when={(teams.data()?.items.length ?? 0) > 0} fallback={<p class="muted">{t("inbox.routing.noTeams")}</p>}>
          <ul class="routing-teams">
            <For each={teams.data()?.items ?? []}>
              {(team) => (
                <li class="routing-team">
                  <div>
                    <strong>{team.name}</strong>
                    <span class="muted">
                      {" "}
                      {t("inbox.routing.teamFacts", {
                        members: formatNumber(team.members.length),
                        waiting: formatNumber(team.waiting),
                      })}
                    </span>
                  </div>
                  <div class="field routing-mode">
                    <label for={`mode-${team.teamId}`} class="sr-only">
                      {t("inbox.routing.modeOf", { name: team.name })}
                    </label>
                    <select
                      id={`mode-${team.teamId}`}
                      value={team.mode}
                      onChange={(e) => {
                        const mode = e.currentTarget.value as Mode;
                        void attempt(
                          async () => {
                            await read(routing.teams[":id"].mode.$put({ param: { id: team.teamId }, json: { mode } }));
                            await teams.refresh();
                          },
                          t("inbox.routing.modeSaved", { name: team.name, mode: t(`inbox.routing.mode.${mode}`) }),
                        );
                      }}
                    >
                      <For each={modes}>{(m) => <option value={m}>{t(`inbox.routing.mode.${m}`)}</option>}</For>
                    </select>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Panel>
      <Panel id="routing-agents-title" title={t("inbox.routing.agentsTitle")} sub={t("inbox.routing.agentsSub")}>
        <DataTable
          class="routing-agents"
          labelledBy="routing-agents-title"
          columns={agentColumns}
          rows={agents.data()?.items}
          rowKey={(a) => a.userId}
          loading={agents.loading()}
          empty={{ icon: <InboxIcon />, title: t("inbox.routing.noAgents") }}
        />
      </Panel>
      <Panel id="routing-rules-title" title={t("inbox.routing.rulesTitle")} sub={t("inbox.routing.rulesSub")}>
        <Show when={(rules.data()?.items.length ?? 0) > 0} fallback={<p class="muted">{t("inbox.routing.noRules")}</p>}>
          <ol class="routing-rules">
            <For each={rules.data()?.items ?? []}>
              {(rule, index) => (
                <li class="routing-rule" classList={{ "routing-rule-off": !rule.enabled }}>
                  <span class="routing-rule-text">
                    <strong>{rule.name}</strong>: {describe(rule)} → {teamName(rule.teamId)}
                    <Show when={!rule.enabled}> ({t("inbox.routing.off")})</Show>
                  </span>
                  <span class="routing-rule-actions">
                    <button
                      type="button"
                      class="btn btn-small btn-quiet"
                      disabled={index() === 0}
                      aria-label={t("inbox.routing.up", { name: rule.name })}
                      onClick={() => move(index(), -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      class="btn btn-small btn-quiet"
                      disabled={index() === (rules.data()?.items.length ?? 0) - 1}
                      aria-label={t("inbox.routing.down", { name: rule.name })}
                      onClick={() => move(index(), 1)}
                    >
                      ↓
                    </button>
                    <label class="routing-toggle">
                      <input
                        type="checkbox"
                        checked={rule.enabled}
                        onChange={(e) => {
                          const enabled = e.currentTarget.checked;
                          void attempt(async () => {
                            await read(routing.rules[":id"].$patch({ param: { id: rule.id }, json: { enabled } }));
                            await rules.refresh();
                          });
                        }}
                      />
                      {t("inbox.routing.enabled")}
                      <span class="sr-only"> {rule.name}</span>
                    </label>
                    <ConfirmAction
                      label={t("inbox.remove")}
                      prompt={t("inbox.routing.removeConfirm", { name: rule.name })}
                      confirmLabel={t("inbox.remove")}
                      danger
                      quiet
                      small
                      run={async () => {
                        await send(routing.rules[":id"].$delete({ param: { id: rule.id } }));
                        await rules.refresh();
                      }}
                    />
                  </span>
                </li>
              )}
            </For>
          </ol>
        </Show>
        <form
          class="inbox-settings-form routing-rule-form"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const data = new FormData(form);
            const pick = <T extends string>(name: string) => (String(data.get(name) ?? "") || null) as T | null;
            void attempt(async () => {
              await read(
                routing.rules.$post({
                  json: {
                    name: String(data.get("name") ?? ""),
                    teamId: String(data.get("teamId") ?? ""),
                    channelKind: pick<(typeof kinds)[number]>("channelKind"),
                    priority: pick<(typeof priorities)[number]>("priority"),
                    label: pick<string>("label"),
                    enabled: true,
                  },
                }),
              );
              form.reset();
              await rules.refresh();
            }, t("inbox.routing.ruleAdded"));
          }}
        >
          <label for="rule-name">{t("inbox.name")}</label>
          <input id="rule-name" name="name" required maxLength={100} />
          <label for="rule-channel">{t("inbox.channel")}</label>
          <select id="rule-channel" name="channelKind">
            <option value="">{t("inbox.anyChannel")}</option>
            <For each={kinds}>{(k) => <option value={k}>{t(`inbox.kind.${k}`)}</option>}</For>
          </select>
          <label for="rule-priority">{t("inbox.priority")}</label>
          <select id="rule-priority" name="priority">
            <option value="">{t("inbox.routing.anyPriority")}</option>
            <For each={priorities}>{(p) => <option value={p}>{t(`inbox.priorityName.${p}`)}</option>}</For>
          </select>
          <label for="rule-label">{t("inbox.label")}</label>
          <input id="rule-label" name="label" maxLength={50} />
          <label for="rule-team">{t("inbox.routing.team")}</label>
          <select id="rule-team" name="teamId" required>
            <For each={teams.data()?.items ?? []}>{(team) => <option value={team.teamId}>{team.name}</option>}</For>
          </select>
          <button type="submit" class="btn btn-primary">
            {t("inbox.routing.addRule")}
          </button>
        </form>
      </Panel>
      <Panel
        id="routing-queue-title"
        title={t("inbox.routing.queueTitle", { n: formatNumber(queue.data()?.total ?? 0) })}
        sub={t("inbox.routing.queueSub")}
        actions={
          <button
            type="button"
            class="btn btn-small"
            onClick={() => void Promise.all([queue.refresh(), recent.refresh(), agents.refresh(), teams.refresh()])}
          >
            {t("inbox.routing.refresh")}
          </button>
        }
      >
        <DataTable
          class="routing-queue"
          labelledBy="routing-queue-title"
          columns={waitingColumns}
          rows={queue.data()?.items}
          rowKey={(w) => w.conversationId}
          loading={queue.loading()}
          empty={{ icon: <InboxIcon />, title: t("inbox.routing.queueEmpty") }}
        />
        <h3 id="routing-recent-title" class="routing-subhead">
          {t("inbox.routing.recentTitle")}
        </h3>
        <DataTable
          class="routing-recent"
          labelledBy="routing-recent-title"
          columns={recentColumns}
          rows={recent.data()?.items}
          rowKey={(r) => `${r.conversationId}-${r.at}`}
          loading={recent.loading()}
          empty={{ icon: <InboxIcon />, title: t("inbox.routing.recentEmpty") }}
        />
      </Panel>
    </>
  );
}
