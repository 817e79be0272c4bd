import type { InferResponseType } from "hono/client";
import { createEffect, createMemo, createSignal, For, Show } from "solid-js";
import { client, errorMessage, read } from "../../api";
import { RefreshIcon, SendIcon } from "../../components/icons";
import { ErrorAlert } from "../../components/kit/Alert";
import { type Column, DataTable, loadedTable } from "../../components/kit/DataTable";
import { Badge, Panel, type Tone } from "../../components/ui";
import { relativeTime, useNow } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";

const channelsEndpoint = client.api.v1.inbox.settings.channels;
const templatesOf = client.api.v1.inbox.channels[":id"].templates;
type Template = InferResponseType<typeof templatesOf.$get, 200>["items"][number];
type Synced = InferResponseType<(typeof templatesOf)["sync"]["$post"], 200>;

/** Bumped when the Channels section's list changes, so a number connected above shows up here. */
const [channelsVersion, setChannelsVersion] = createSignal(0);
export const channelsChanged = () => setChannelsVersion((n) => n + 1);

const statusTone: Record<string, Tone> = {
  APPROVED: "success",
  PENDING: "warning",
  IN_APPEAL: "warning",
  REJECTED: "danger",
  PAUSED: "warning",
  DISABLED: "neutral",
  DELETED: "neutral",
};
const knownStatuses = ["APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED", "DELETED", "IN_APPEAL"] as const;
type KnownStatus = (typeof knownStatuses)[number];
const isKnown = (s: string): s is KnownStatus => (knownStatuses as readonly string[]).includes(s);
const statusName = (s: string) => (isKnown(s) ? t(`inboxChannels.templates.status.${s}`) : s);

const bodyText = (tpl: Template) => {
  const body = tpl.components.find((c) => String(c.type).toUpperCase() === "BODY");
  return typeof body?.text === "string" ? body.text : "";
};

/** The body with each `{{n}}` set apart, so the variables the composer asks for are visible. */
function BodyPreview(props: { text: string }) {
  const parts = () => props.text.split(/(\{\{\s*\d+\s*\}\})/g).filter((p) => p !== "");
  return (
    <span class="template-body">
      <For each={parts()}>
        {(part) => (/^\{\{\s*\d+\s*\}\}$/.test(part) ? <code class="template-var">{part}</code> : part)}
      </For>
    </span>
  );
}

/**
 * Settings › Inbox › Templates: a WhatsApp number's message templates as Meta last listed them, and
 * "Sync from Meta" for those who may change the inbox settings.
 */
export function TemplatesSection() {
  const channels = createLoad(
    async () => (await read(channelsEndpoint.$get())).items.filter((c) => c.kind === "whatsapp"),
    { key: channelsVersion, keepOnError: true },
  );
  const [chosen, setChosen] = createSignal<string>();
  const channelId = createMemo(() => {
    const list = channels.data() ?? [];
    return list.find((c) => c.id === chosen())?.id ?? list[0]?.id;
  });
  const templates = createLoad(
    async () => {
      const id = channelId();
      return id ? (await read(templatesOf.$get({ param: { id } }))).items : [];
    },
    { key: () => channelId() ?? "" },
  );
  const [busy, setBusy] = createSignal(false);
  const [result, setResult] = createSignal<Synced>();
  const [failure, setFailure] = createSignal<string>();
  const maySync = () => can("crm:inbox:settings:write");
  const now = useNow();

  createEffect(() => {
    channelId();
    setResult(undefined);
    setFailure(undefined);
  });

  const sync = async () => {
    const id = channelId();
    if (!id || busy()) return;
    setBusy(true);
    setFailure(undefined);
    setResult(undefined);
    try {
      setResult(await read(templatesOf.sync.$post({ param: { id } })));
      await templates.refresh();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const columns = (): Column<Template>[] => [
    { id: "name", header: t("inboxChannels.templates.col.name"), rowHeader: true, cell: (x) => <code>{x.name}</code> },
    { id: "language", header: t("inboxChannels.templates.col.language"), cell: (x) => x.language },
    {
      id: "category",
      header: t("inboxChannels.templates.col.category"),
      cell: (x) => x.category.charAt(0) + x.category.slice(1).toLowerCase(),
    },
    {
      id: "status",
      header: t("inboxChannels.templates.col.status"),
      cell: (x) => <Badge tone={statusTone[x.status] ?? "neutral"}>{statusName(x.status)}</Badge>,
    },
    {
      id: "body",
      header: t("inboxChannels.templates.col.body"),
      cell: (x) => (
        <Show when={bodyText(x)} fallback={<span class="muted">{t("inboxChannels.templates.noBody")}</span>}>
          {(text) => <BodyPreview text={text()} />}
        </Show>
      ),
    },
    {
      id: "header",
      header: t("inboxChannels.templates.col.header"),
      cell: (x) => x.headerFormat ?? <span class="muted">{t("inboxChannels.templates.noHeader")}</span>,
    },
    {
      id: "synced",
      header: t("inboxChannels.templates.col.synced"),
      class: "nowrap",
      cell: (x) => <time datetime={x.syncedAt}>{relativeTime(x.syncedAt, now())}</time>,
    },
  ];

  const summary = () => {
    const r = result();
    if (!r) return "";
    return t("inboxChannels.templates.synced", {
      n: String(r.synced),
      created: String(r.created),
      changed: String(r.changed),
      removed: String(r.removed),
    });
  };

  return (
    <Panel
      id="inbox-templates-title"
      title={t("inboxChannels.templates.title")}
      sub={t("inboxChannels.templates.sub")}
      actions={
        <Show when={channelId()}>
          <Show
            when={maySync()}
            fallback={<p class="muted template-sync-note">{t("inboxChannels.templates.syncNotAllowed")}</p>}
          >
            <button type="button" class="btn btn-primary" aria-busy={busy()} disabled={busy()} onClick={sync}>
              <RefreshIcon />
              {busy() ? t("inboxChannels.templates.syncing") : t("inboxChannels.templates.sync")}
            </button>
          </Show>
        </Show>
      }
    >
      <ErrorAlert message={channels.error()} />
      <Show
        when={channels.data() === undefined || (channels.data()?.length ?? 0) > 0}
        fallback={
          <div class="empty">
            <div class="empty-icon">
              <SendIcon />
            </div>
            <p class="empty-title">{t("inboxChannels.templates.noChannelTitle")}</p>
            <p class="muted">{t("inboxChannels.templates.noChannelBody")}</p>
          </div>
        }
      >
        <Show when={(channels.data()?.length ?? 0) > 1}>
          <div class="field template-channel">
            <label for="template-channel">{t("inboxChannels.templates.channel")}</label>
            <select id="template-channel" value={channelId() ?? ""} onChange={(e) => setChosen(e.currentTarget.value)}>
              <For each={channels.data() ?? []}>{(c) => <option value={c.id}>{c.name}</option>}</For>
            </select>
          </div>
        </Show>
        <div role="status" class="template-sync-status">
          <Show when={busy()}>{t("inboxChannels.templates.syncingLong")}</Show>
          <Show when={result()}>
            <span class="alert alert-success">{summary()}</span>
          </Show>
        </div>
        <ErrorAlert message={failure()} />
        <DataTable
          class="templates-table"
          labelledBy="inbox-templates-title"
          columns={columns()}
          {...loadedTable(templates)}
          rowKey={(x) => x.id}
          errorTitle={t("inboxChannels.templates.loadFailed")}
          skeletonRows={3}
          empty={{
            icon: <SendIcon />,
            title: t("inboxChannels.templates.emptyTitle"),
            body: maySync() ? t("inboxChannels.templates.emptyBody") : t("inboxChannels.templates.emptyBodyReadOnly"),
          }}
        />
      </Show>
    </Panel>
  );
}
