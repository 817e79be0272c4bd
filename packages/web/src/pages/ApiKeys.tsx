import type { InferRequestType, InferResponseType } from "hono/client";
import { createMemo, createSignal, For, Show } from "solid-js";
import { client, errorMessage, JSON_HEADERS, read, send } from "../api";
import { KeyIcon, PlusIcon } from "../components/icons";
import { ErrorAlert } from "../components/kit/Alert";
import { ConfirmAction } from "../components/kit/ConfirmAction";
import { type Column, DataTable, loadedTable } from "../components/kit/DataTable";
import { DateInput } from "../components/kit/DateInput";
import { DialogForm, Field, invalid } from "../components/kit/DialogForm";
import { PageHeader } from "../components/kit/PageHeader";
import { Badge, Panel, RelativeTime, type Tone } from "../components/ui";
import { absoluteTime, useNow, useTitle } from "../format";
import { t } from "../i18n";
import { rich } from "../i18n/rich";
import { copyText } from "../lib/copy";
import { createLoad } from "../lib/load";

const endpoint = client.api.v1["api-keys"];
type ApiKey = InferResponseType<typeof endpoint.$get, 200>["items"][number];
type ScopeName = InferRequestType<typeof endpoint.$post>["json"]["scopes"][number];

/** The scopes the server knows (what each allows is in the dictionary); the compiler checks the list against the API's. */
const scopes = [
  "system:monitoring:read",
  "audit:read",
  "crm:contact:read",
  "crm:contact:write",
  "customer:read",
  "customer:write",
  "subscribers:subscriber:read",
] as const satisfies readonly ScopeName[];
const everyScope: Exclude<ScopeName, (typeof scopes)[number]> extends never ? true : never = true;
void everyScope;

const statusTone: Record<ApiKey["status"], Tone> = { active: "success", expired: "warning", revoked: "danger" };

/** Expiry dates are the viewer's local days: the key works until the end of that day. */
function endOfDay(date: string): string | undefined {
  const at = new Date(`${date}T23:59:59`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** The new key, shown once with a Copy button; it lives only in the dialog's memory. */
function NewKey(props: { value: string; onDone: () => void }) {
  const [copied, setCopied] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let keyField: HTMLInputElement | undefined;
  queueMicrotask(() => keyField?.select());
  const copy = async () => {
    if (await copyText(props.value, keyField)) setCopied(true);
    else setError(t("admin.keys.dialog.copyBlocked"));
  };
  return (
    <div class="form">
      <div class="alert alert-warning" role="status">
        {t("admin.keys.dialog.once")}
      </div>
      <div class="field">
        <label for="new-key">{t("admin.keys.dialog.key")}</label>
        <div class="copy-row">
          <input id="new-key" class="key-field" readOnly value={props.value} ref={keyField} spellcheck={false} />
          <button type="button" class="btn btn-secondary" onClick={copy}>
            {copied() ? t("admin.keys.dialog.copied") : t("admin.keys.dialog.copy")}
          </button>
        </div>
      </div>
      <ErrorAlert message={error()} />
      <div class="dialog-actions">
        <button type="button" class="btn btn-primary" onClick={() => props.onDone()}>
          {t("admin.keys.dialog.done")}
        </button>
      </div>
    </div>
  );
}

/**
 * The form, then the new key once: it lives only in this component's memory and is dropped when
 * the dialog closes (never in the address, never in storage).
 */
function CreateDialog(props: { ref: (el: HTMLDialogElement) => void; onCreated: () => void }) {
  const [key, setKey] = createSignal<string>();
  let dialog: HTMLDialogElement | undefined;
  const done = createMemo(() => {
    const value = key();
    return value === undefined ? undefined : <NewKey value={value} onDone={() => dialog?.close()} />;
  });
  return (
    <DialogForm
      id="create-key"
      ref={(el) => {
        dialog = el;
        props.ref(el);
      }}
      title={key() ? t("admin.keys.dialog.copyTitle") : t("admin.keys.dialog.title")}
      submitLabel={t("admin.keys.dialog.submit")}
      busyLabel={t("admin.keys.dialog.busy")}
      done={done()}
      onClose={() => setKey(undefined)}
      submit={async (form) => {
        const data = new FormData(form);
        const chosen = data.getAll("scopes").map(String) as ScopeName[];
        if (chosen.length === 0) throw invalid("scopes", t("admin.keys.dialog.chooseScope"));
        const expiresAt = endOfDay(String(data.get("expiresAt") ?? ""));
        setKey(
          (await read(endpoint.$post({ json: { name: String(data.get("name") ?? ""), scopes: chosen, expiresAt } })))
            .key,
        );
        props.onCreated();
      }}
    >
      {(errors) => (
        <>
          <Field id="key-name" label={t("admin.keys.dialog.name")} error={errors.field("name")}>
            {(aria) => (
              <input
                {...aria}
                name="name"
                required
                maxLength={100}
                placeholder={t("admin.keys.dialog.namePlaceholder")}
              />
            )}
          </Field>
          <fieldset class="field scope-list">
            <legend>{t("admin.keys.dialog.scopes")}</legend>
            <For each={scopes}>
              {(scope) => (
                <label class="check">
                  <input class="check-box" type="checkbox" name="scopes" value={scope} />
                  <span>
                    <code>{scope}</code>
                    <span class="sub">{t(`admin.keys.scopes.${scope}`)}</span>
                  </span>
                </label>
              )}
            </For>
            <Show when={errors.field("scopes")}>
              <span class="field-error">{errors.field("scopes")}</span>
            </Show>
          </fieldset>
          <Field id="key-expires" label={t("admin.keys.dialog.expires")} error={errors.field("expiresAt")}>
            {(aria) => (
              <DateInput id={aria.id} name="expiresAt" kind="date" value="" describedBy={aria["aria-describedby"]} />
            )}
          </Field>
        </>
      )}
    </DialogForm>
  );
}

function keyColumns(now: () => number, revoke: (id: string) => Promise<void>): Column<ApiKey>[] {
  return [
    { id: "name", header: t("admin.keys.col.name"), rowHeader: true, cell: (k) => k.name },
    { id: "key", header: t("admin.keys.col.key"), class: "nowrap", cell: (k) => <code>dmk_{k.prefix}_…</code> },
    {
      id: "scopes",
      header: t("admin.keys.col.scopes"),
      cell: (k) => (
        <div class="scope-badges">
          <For each={k.scopes}>
            {(s) => (
              <Badge tone="neutral">
                <code class="action-code">{s}</code>
              </Badge>
            )}
          </For>
        </div>
      ),
    },
    {
      id: "created",
      header: t("admin.keys.col.created"),
      class: "nowrap",
      cell: (k) => <RelativeTime at={k.createdAt} now={now()} />,
    },
    {
      id: "expires",
      header: t("admin.keys.col.expires"),
      class: "nowrap",
      cell: (k) => (
        <Show when={k.expiresAt} fallback={<span class="muted">{t("admin.keys.never")}</span>}>
          {(at) => <time datetime={at()}>{absoluteTime(at())}</time>}
        </Show>
      ),
    },
    {
      id: "used",
      header: t("admin.keys.col.used"),
      class: "nowrap",
      cell: (k) => <RelativeTime at={k.lastUsedAt} now={now()} fallback={t("admin.keys.never")} />,
    },
    {
      id: "status",
      header: t("admin.keys.col.status"),
      cell: (k) => <Badge tone={statusTone[k.status]}>{t(`admin.keys.status.${k.status}`)}</Badge>,
    },
    {
      id: "actions",
      header: <span class="sr-only">{t("admin.keys.col.actions")}</span>,
      label: t("admin.keys.col.actions"),
      class: "nowrap",
      cell: (k) => (
        <Show when={k.status !== "revoked"}>
          <ConfirmAction
            label={t("admin.keys.revoke")}
            prompt={t("admin.keys.revokePrompt", { name: k.name })}
            confirmLabel={t("admin.keys.confirmRevoke")}
            danger
            quiet
            busyLabel={t("admin.keys.revoking")}
            run={() => revoke(k.id)}
          />
        </Show>
      ),
    },
  ];
}

/** API keys for integrations: who has one, what it may do, when it was last used; create and revoke. */
export function ApiKeysPage() {
  useTitle(t("admin.keys.title"));
  const now = useNow();
  const [revokeError, setRevokeError] = createSignal<string>();
  let dialog: HTMLDialogElement | undefined;
  const keys = createLoad(async () => (await read(endpoint.$get())).items);

  const revoke = async (id: string) => {
    setRevokeError(undefined);
    try {
      await send(endpoint[":id"].$delete({ param: { id } }, JSON_HEADERS));
      await keys.refresh();
    } catch (failure) {
      setRevokeError(errorMessage(failure));
    }
  };
  const columns = createMemo(() => keyColumns(now, revoke));

  return (
    <div class="page">
      <PageHeader
        title={t("admin.keys.title")}
        sub={rich(t("admin.keys.sub"), {
          bearer: <code>Authorization: Bearer dmk_…</code>,
          header: <code>X-API-Key</code>,
        })}
        refreshedAt={keys.refreshedAt()}
        onRefresh={keys.refresh}
        refreshing={keys.loading()}
        actions={
          <button type="button" class="btn btn-primary" onClick={() => dialog?.showModal()}>
            <PlusIcon />
            {t("admin.keys.create")}
          </button>
        }
      />

      <CreateDialog
        ref={(el) => {
          dialog = el;
        }}
        onCreated={keys.refresh}
      />

      <Panel id="api-keys-title" title={t("admin.keys.list")} sub={t("admin.keys.listSub")}>
        <ErrorAlert message={revokeError() && t("admin.keys.revokeFailed", { error: revokeError() ?? "" })} />
        <DataTable
          class="keys-table"
          labelledBy="api-keys-title"
          columns={columns()}
          {...loadedTable(keys)}
          rowKey={(k) => k.id}
          errorTitle={t("admin.keys.loadFailed")}
          skeletonRows={3}
          empty={{ icon: <KeyIcon />, title: t("admin.keys.emptyTitle"), body: t("admin.keys.emptyBody") }}
        />
      </Panel>
    </div>
  );
}
