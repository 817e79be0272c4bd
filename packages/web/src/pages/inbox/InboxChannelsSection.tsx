import { createEffect, createSignal, type JSX, on, Show } from "solid-js";
import { client, errorMessage, JSON_HEADERS, read, send } from "../../api";
import { InboxIcon, PlugIcon, PlusIcon, SendIcon } from "../../components/icons";
import { ErrorAlert } from "../../components/kit/Alert";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { type Column, DataTable, loadedTable } from "../../components/kit/DataTable";
import { MailIcon } from "../../components/NotificationBell";
import { Badge, Panel } from "../../components/ui";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type Channel, ConnectDialog, type Created, endpoint, type Kind, RenameDialog } from "./ChannelDialogs";
import { channelsChanged } from "./TemplatesSection";

const kindIcon: Record<Kind, () => JSX.Element> = {
  whatsapp: SendIcon,
  messenger: SendIcon,
  instagram: SendIcon,
  email: MailIcon,
  widget: InboxIcon,
};

export function InboxChannelsSection() {
  const channels = createLoad(async () => (await read(endpoint.$get())).items);
  // Teams are optional context: an inbox admin without team access still connects channels.
  const teams = createLoad(async () => (await read(client.api.v1.teams.$get())).items.map((x) => x), {
    keepOnError: true,
  });
  createEffect(on(channels.data, channelsChanged, { defer: true }));
  const [failure, setFailure] = createSignal<string>();
  const [shown, setShown] = createSignal<Created>();
  const [renaming, setRenaming] = createSignal<Channel>();
  let connect: HTMLDialogElement | undefined;
  let rename: HTMLDialogElement | undefined;

  const act = async (run: () => Promise<unknown>) => {
    setFailure(undefined);
    try {
      await run();
      await channels.refresh();
    } catch (error) {
      setFailure(errorMessage(error));
      throw error;
    }
  };
  const setStatus = (c: Channel, status: Channel["status"]) =>
    act(() => read(endpoint[":id"].$patch({ param: { id: c.id }, json: { status } })));
  const setCsat = (c: Channel, csat: boolean) =>
    act(() => read(endpoint[":id"].$patch({ param: { id: c.id }, json: { csat } })));

  const columns = (): Column<Channel>[] => [
    {
      id: "name",
      header: t("inboxChannels.col.name"),
      rowHeader: true,
      cell: (c) => (
        <span class="channel-name">
          <span class={`channel-kind-icon channel-kind-${c.kind}`} aria-hidden="true">
            {kindIcon[c.kind]()}
          </span>
          {c.name}
        </span>
      ),
    },
    { id: "kind", header: t("inboxChannels.col.kind"), cell: (c) => t(`inboxChannels.kind.${c.kind}`) },
    {
      id: "account",
      header: t("inboxChannels.col.account"),
      cell: (c) => (
        <>
          <code>{c.externalAccountId}</code>
          <Show when={!c.hasAccessToken && (c.kind === "whatsapp" || c.kind === "messenger" || c.kind === "instagram")}>
            {" "}
            <Badge tone="warning">{t("inboxChannels.tokenMissing")}</Badge>
          </Show>
        </>
      ),
    },
    {
      id: "team",
      header: t("inboxChannels.col.team"),
      class: "nowrap",
      cell: (c) => c.teamName ?? <span class="muted">{t("inboxChannels.noTeam")}</span>,
    },
    {
      id: "status",
      header: t("inboxChannels.col.status"),
      cell: (c) => (
        <Badge tone={c.status === "active" ? "success" : "neutral"}>{t(`inboxChannels.status.${c.status}`)}</Badge>
      ),
    },
    {
      id: "csat",
      header: t("inboxChannels.col.csat"),
      cell: (c) => (
        <label class="check">
          <input
            class="check-box"
            type="checkbox"
            checked={c.csat}
            onChange={(e) => void setCsat(c, e.currentTarget.checked).catch(() => undefined)}
          />
          <span class="sr-only">{t("inboxChannels.csatToggle", { name: c.name })}</span>
          <span aria-hidden="true">{c.csat ? t("inboxChannels.csatOn") : t("inboxChannels.csatOff")}</span>
        </label>
      ),
    },
    {
      id: "actions",
      header: <span class="sr-only">{t("inboxChannels.col.actions")}</span>,
      label: t("inboxChannels.col.actions"),
      class: "nowrap",
      cell: (c) => (
        <div class="row-actions">
          <button
            type="button"
            class="btn btn-secondary btn-small"
            aria-label={`${t("inboxChannels.rename")}: ${c.name}`}
            onClick={() => {
              setRenaming(c);
              rename?.showModal();
            }}
          >
            {t("inboxChannels.rename")}
          </button>
          <Show
            when={c.status === "active"}
            fallback={
              <button
                type="button"
                class="btn btn-secondary btn-small"
                aria-label={`${t("inboxChannels.enable")}: ${c.name}`}
                onClick={() => void setStatus(c, "active").catch(() => undefined)}
              >
                {t("inboxChannels.enable")}
              </button>
            }
          >
            <ConfirmAction
              label={t("inboxChannels.disable")}
              prompt={t("inboxChannels.disablePrompt", { name: c.name })}
              confirmLabel={t("inboxChannels.disable")}
              quiet
              small
              run={async () => {
                await setStatus(c, "disabled");
              }}
            />
          </Show>
          <Show when={c.webhookUrl}>
            <ConfirmAction
              label={t("inboxChannels.rotate")}
              prompt={t("inboxChannels.rotatePrompt", { name: c.name })}
              confirmLabel={t("inboxChannels.rotate")}
              quiet
              small
              run={async () => {
                await act(async () => {
                  setShown(await read(endpoint[":id"]["verify-token"].$post({ param: { id: c.id }, json: {} })));
                  connect?.showModal();
                });
              }}
            />
          </Show>
          <ConfirmAction
            label={t("inboxChannels.remove")}
            prompt={t("inboxChannels.removePrompt", { name: c.name })}
            confirmLabel={t("inboxChannels.remove")}
            danger
            quiet
            small
            run={async () => {
              await act(() => send(endpoint[":id"].$delete({ param: { id: c.id } }, JSON_HEADERS)));
            }}
          />
        </div>
      ),
    },
  ];

  return (
    <Panel
      id="inbox-channels-title"
      title={t("inboxChannels.title")}
      sub={t("inboxChannels.sub")}
      actions={
        <button type="button" class="btn btn-primary" onClick={() => connect?.showModal()}>
          <PlusIcon />
          {t("inboxChannels.connect")}
        </button>
      }
    >
      <ErrorAlert message={failure()} />
      <DataTable
        class="channels-table"
        labelledBy="inbox-channels-title"
        columns={columns()}
        {...loadedTable(channels)}
        rowKey={(c) => c.id}
        errorTitle={t("inboxChannels.loadFailed")}
        skeletonRows={3}
        empty={{ icon: <PlugIcon />, title: t("inboxChannels.emptyTitle"), body: t("inboxChannels.emptyBody") }}
      />
      <ConnectDialog
        ref={(el) => {
          connect = el;
        }}
        teams={teams.data() ?? []}
        shown={shown()}
        onShown={setShown}
        onCreated={() => void channels.refresh()}
      />
      <RenameDialog
        ref={(el) => {
          rename = el;
        }}
        channel={renaming()}
        onSaved={() => void channels.refresh()}
      />
    </Panel>
  );
}
