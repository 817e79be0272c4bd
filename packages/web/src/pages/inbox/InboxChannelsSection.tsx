import type { InferResponseType } from "hono/client";
import { createEffect, createMemo, createSignal, For, type JSX, Match, on, Show, Switch } from "solid-js";
import { client, errorMessage, JSON_HEADERS, read, send } from "../../api";
import { InboxIcon, PlugIcon, PlusIcon, SendIcon } from "../../components/icons";
import { ErrorAlert } from "../../components/kit/Alert";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { type Column, DataTable, loadedTable } from "../../components/kit/DataTable";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { MailIcon } from "../../components/NotificationBell";
import { Badge, Panel } from "../../components/ui";
import { t } from "../../i18n";
import { copyText } from "../../lib/copy";
import { createLoad } from "../../lib/load";
import { channelsChanged } from "./TemplatesSection";

const endpoint = client.api.v1.inbox.settings.channels;
type Channel = InferResponseType<typeof endpoint.$get, 200>["items"][number];
type Created = InferResponseType<typeof endpoint.$post, 201>;
type Kind = Channel["kind"];
const kinds = ["whatsapp", "messenger", "instagram", "email", "widget"] as const satisfies readonly Kind[];

const kindIcon: Record<Kind, () => JSX.Element> = {
  whatsapp: SendIcon,
  messenger: SendIcon,
  instagram: SendIcon,
  email: MailIcon,
  widget: InboxIcon,
};

/** One value with its Copy button: the text stays selectable when the browser refuses the clipboard. */
function CopyField(props: { id: string; label: string; value: string }) {
  const [copied, setCopied] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let input: HTMLInputElement | undefined;
  const copy = async () => {
    if (await copyText(props.value, input)) setCopied(true);
    else setError(t("inboxChannels.created.copyBlocked"));
  };
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <div class="copy-row">
        <input id={props.id} class="key-field" readOnly value={props.value} ref={input} spellcheck={false} />
        <button type="button" class="btn btn-secondary" onClick={copy}>
          {copied() ? t("inboxChannels.created.copied") : t("inboxChannels.created.copy")}
        </button>
      </div>
      <ErrorAlert message={error()} />
    </div>
  );
}

/** What the Meta app needs, shown once after connecting (or a new verify token). */
function ConnectedNotice(props: { channel: Created; onDone: () => void }) {
  return (
    <div class="form">
      <Show when={props.channel.verifyToken} fallback={<p>{t("inboxChannels.created.ready")}</p>}>
        {(token) => (
          <>
            <div class="alert alert-warning" role="status">
              {t("inboxChannels.created.once")}
            </div>
            <p class="muted">{t("inboxChannels.created.metaSteps")}</p>
            <CopyField
              id="channel-webhook-url"
              label={t("inboxChannels.created.webhookUrl")}
              value={props.channel.webhookUrl ?? ""}
            />
            <CopyField id="channel-verify-token" label={t("inboxChannels.created.verifyToken")} value={token()} />
          </>
        )}
      </Show>
      <div class="dialog-actions">
        <button type="button" class="btn btn-primary" onClick={() => props.onDone()}>
          {t("inboxChannels.created.done")}
        </button>
      </div>
    </div>
  );
}

const field = (data: FormData, name: string) => {
  const value = String(data.get(name) ?? "").trim();
  return value === "" ? undefined : value;
};

/** Connect: the kind first, then only the fields that kind needs; the webhook URL and verify token after. */
function ConnectDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  teams: { id: string; name: string }[];
  shown: Created | undefined;
  onShown: (c: Created | undefined) => void;
  onCreated: () => void;
}) {
  const [kind, setKind] = createSignal<Kind>("whatsapp");
  let dialog: HTMLDialogElement | undefined;
  const done = createMemo(() => {
    const c = props.shown;
    return c ? <ConnectedNotice channel={c} onDone={() => dialog?.close()} /> : undefined;
  });
  return (
    <DialogForm
      id="connect-channel"
      ref={(el) => {
        dialog = el;
        props.ref(el);
      }}
      title={
        props.shown ? t("inboxChannels.created.title", { name: props.shown.name }) : t("inboxChannels.dialog.title")
      }
      submitLabel={t("inboxChannels.dialog.submit")}
      busyLabel={t("inboxChannels.dialog.connecting")}
      done={done()}
      onClose={() => {
        props.onShown(undefined);
        setKind("whatsapp");
      }}
      submit={async (form) => {
        const data = new FormData(form);
        const created = await read(
          endpoint.$post({
            json: {
              kind: kind(),
              name: String(data.get("name") ?? ""),
              externalAccountId: field(data, "externalAccountId"),
              businessAccountId: field(data, "businessAccountId"),
              accessToken: field(data, "accessToken"),
              teamId: field(data, "teamId") ?? null,
            },
          }),
        );
        props.onShown(created);
        props.onCreated();
      }}
    >
      {(errors) => (
        <>
          <Field id="channel-kind" label={t("inboxChannels.dialog.kind")} error={errors.field("kind")}>
            {(aria) => (
              <select {...aria} name="kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
                <For each={kinds}>{(k) => <option value={k}>{t(`inboxChannels.kind.${k}`)}</option>}</For>
              </select>
            )}
          </Field>
          <Field id="channel-name" label={t("inboxChannels.dialog.name")} error={errors.field("name")}>
            {(aria) => (
              <input
                {...aria}
                name="name"
                required
                maxLength={100}
                placeholder={t("inboxChannels.dialog.namePlaceholder")}
              />
            )}
          </Field>
          <Switch>
            <Match when={kind() === "whatsapp"}>
              <Field
                id="channel-account"
                label={t("inboxChannels.dialog.phoneNumberId")}
                hint={t("inboxChannels.dialog.phoneNumberIdHint")}
                error={errors.field("externalAccountId")}
              >
                {(aria) => <input {...aria} name="externalAccountId" required inputMode="numeric" autocomplete="off" />}
              </Field>
              <Field
                id="channel-waba"
                label={t("inboxChannels.dialog.wabaId")}
                error={errors.field("businessAccountId")}
              >
                {(aria) => <input {...aria} name="businessAccountId" required inputMode="numeric" autocomplete="off" />}
              </Field>
            </Match>
            <Match when={kind() === "messenger"}>
              <Field
                id="channel-account"
                label={t("inboxChannels.dialog.pageId")}
                error={errors.field("externalAccountId")}
              >
                {(aria) => <input {...aria} name="externalAccountId" required inputMode="numeric" autocomplete="off" />}
              </Field>
            </Match>
            <Match when={kind() === "instagram"}>
              <Field
                id="channel-account"
                label={t("inboxChannels.dialog.instagramId")}
                error={errors.field("externalAccountId")}
              >
                {(aria) => <input {...aria} name="externalAccountId" required inputMode="numeric" autocomplete="off" />}
              </Field>
            </Match>
            <Match when={kind() === "email"}>
              <Field
                id="channel-account"
                label={t("inboxChannels.dialog.address")}
                hint={t("inboxChannels.dialog.addressHint")}
                error={errors.field("externalAccountId")}
              >
                {(aria) => <input {...aria} name="externalAccountId" type="email" required autocomplete="off" />}
              </Field>
            </Match>
            <Match when={kind() === "widget"}>
              <p class="muted">{t("inboxChannels.dialog.widgetHint")}</p>
            </Match>
          </Switch>
          <Show when={kind() === "whatsapp" || kind() === "messenger" || kind() === "instagram"}>
            <Field
              id="channel-token"
              label={
                kind() === "messenger" ? t("inboxChannels.dialog.pageToken") : t("inboxChannels.dialog.accessToken")
              }
              hint={t("inboxChannels.dialog.accessTokenHint")}
              error={errors.field("accessToken")}
            >
              {(aria) => (
                <input {...aria} name="accessToken" type="password" required autocomplete="off" spellcheck={false} />
              )}
            </Field>
          </Show>
          <Field id="channel-team" label={t("inboxChannels.dialog.team")} error={errors.field("teamId")}>
            {(aria) => (
              <select {...aria} name="teamId">
                <option value="">{t("inboxChannels.dialog.anyTeam")}</option>
                <For each={props.teams}>{(team) => <option value={team.id}>{team.name}</option>}</For>
              </select>
            )}
          </Field>
        </>
      )}
    </DialogForm>
  );
}

function RenameDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  channel: Channel | undefined;
  onSaved: () => void;
}) {
  return (
    <DialogForm
      id="rename-channel"
      ref={props.ref}
      title={t("inboxChannels.renameTitle", { name: props.channel?.name ?? "" })}
      submitLabel={t("inboxChannels.save")}
      submit={async (form) => {
        const id = props.channel?.id;
        if (!id) return;
        const name = String(new FormData(form).get("name") ?? "");
        await read(endpoint[":id"].$patch({ param: { id }, json: { name } }));
        props.onSaved();
      }}
    >
      {(errors) => (
        <Field id="rename-channel-name" label={t("inboxChannels.dialog.name")} error={errors.field("name")}>
          {(aria) => <input {...aria} name="name" required maxLength={100} value={props.channel?.name ?? ""} />}
        </Field>
      )}
    </DialogForm>
  );
}

/** Settings › Inbox › Channels: what is connected, and connecting, renaming, disabling or removing it. */
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
