import type { InferResponseType } from "hono/client";
import { createMemo, createSignal, For, Match, Show, Switch } from "solid-js";
import { client, read } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { t } from "../../i18n";
import { copyText } from "../../lib/copy";

/** Settings › Inbox › Channels: the connect, connected and rename dialogs, and what they share with the list. */
export const endpoint = client.api.v1.inbox.settings.channels;
export type Channel = InferResponseType<typeof endpoint.$get, 200>["items"][number];
export type Created = InferResponseType<typeof endpoint.$post, 201>;
export type Kind = Channel["kind"];
export const kinds = ["whatsapp", "messenger", "instagram", "email", "widget"] as const satisfies readonly Kind[];

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
export function ConnectedNotice(props: { channel: Created; onDone: () => void }) {
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
export function ConnectDialog(props: {
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

export function RenameDialog(props: {
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
