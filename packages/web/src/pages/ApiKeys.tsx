import type { InferRequestType, InferResponseType } from "hono/client";
import { createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { client, errorMessage, JSON_HEADERS, send } from "../api";
import { AlertIcon, KeyIcon, PlusIcon } from "../components/icons";
import { ErrorAlert } from "../components/kit/Alert";
import { ConfirmAction } from "../components/kit/ConfirmAction";
import { type Column, DataTable } from "../components/kit/DataTable";
import { PageHeader } from "../components/kit/PageHeader";
import { Badge, EmptyState, ErrorState, Panel, RelativeTime, Skeleton, type Tone } from "../components/ui";
import { absoluteTime, useNow, useTitle } from "../format";

const endpoint = client.api.v1["api-keys"];
type ApiKey = InferResponseType<typeof endpoint.$get, 200>["items"][number];
type ScopeName = InferRequestType<typeof endpoint.$post>["json"]["scopes"][number];

/** The scopes the server knows, with what each allows; the compiler checks the list against the API's. */
const scopes = [
  ["system:monitoring:read", "Read system status"],
  ["audit:read", "Read and export the audit log"],
  ["crm:contact:read", "Read people"],
  ["crm:contact:write", "Create and change people"],
  ["customer:read", "Read organisations"],
  ["customer:write", "Create and change organisations"],
  ["subscribers:subscriber:read", "Read subscribers"],
] as const satisfies readonly (readonly [ScopeName, string])[];
const everyScope: Exclude<ScopeName, (typeof scopes)[number][0]> extends never ? true : never = true;
void everyScope;

const statusTone: Record<ApiKey["status"], Tone> = { active: "success", expired: "warning", revoked: "danger" };
const statusLabel: Record<ApiKey["status"], string> = { active: "Active", expired: "Expired", revoked: "Revoked" };

/** Expiry dates are the viewer's local days: the key works until the end of that day. */
function endOfDay(date: string): string | undefined {
  const at = new Date(`${date}T23:59:59`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/**
 * The form, then the new key once: it lives only in this component's memory and is dropped when
 * the dialog closes (never in the address, never in storage).
 */
function CreateDialog(props: { ref: (el: HTMLDialogElement) => void; onCreated: () => void; onClose: () => void }) {
  const [key, setKey] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [copied, setCopied] = createSignal(false);
  let keyField: HTMLInputElement | undefined;
  let form: HTMLFormElement | undefined;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const chosen = data.getAll("scopes").map(String) as ScopeName[];
    const expires = String(data.get("expiresAt") ?? "");
    if (chosen.length === 0) {
      setError("Choose at least one scope.");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const json = { name: String(data.get("name") ?? ""), scopes: chosen, expiresAt: endOfDay(expires) };
      const res = await send(endpoint.$post({ json }));
      setKey((await res.json()).key);
      props.onCreated();
      queueMicrotask(() => keyField?.select());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    keyField?.select();
    try {
      await navigator.clipboard.writeText(key() ?? "");
      setCopied(true);
    } catch {
      setError("Copying was blocked by the browser: the key is selected, press Ctrl+C (⌘C).");
    }
  };

  const close = () => {
    setKey(undefined);
    setError(undefined);
    setCopied(false);
    form?.reset();
    props.onClose();
  };

  return (
    <dialog class="dialog" ref={props.ref} aria-labelledby="create-key-title" onClose={close}>
      <div class="dialog-head">
        <h2 id="create-key-title" class="panel-title">
          {key() ? "Copy your new API key" : "Create an API key"}
        </h2>
      </div>
      <Show
        when={key()}
        fallback={
          <form class="form dialog-body" ref={form} onSubmit={submit}>
            <div class="field">
              <label for="key-name">Name</label>
              <input id="key-name" name="name" required maxLength={100} placeholder="Billing sync, SIEM export…" />
            </div>
            <fieldset class="field scope-list">
              <legend>Scopes</legend>
              <For each={scopes}>
                {([scope, what]) => (
                  <label class="check">
                    <input class="check-box" type="checkbox" name="scopes" value={scope} />
                    <span>
                      <code>{scope}</code>
                      <span class="sub">{what}</span>
                    </span>
                  </label>
                )}
              </For>
            </fieldset>
            <div class="field">
              <label for="key-expires">Expires (optional)</label>
              <input id="key-expires" name="expiresAt" type="date" />
            </div>
            <Show when={error()}>
              <div class="alert alert-error alert-row" role="alert">
                <AlertIcon />
                <span>{error()}</span>
              </div>
            </Show>
            <div class="dialog-actions">
              <button type="button" class="btn btn-secondary" onClick={() => close()}>
                Cancel
              </button>
              <button type="submit" class="btn btn-primary" disabled={busy()}>
                {busy() ? "Creating…" : "Create key"}
              </button>
            </div>
          </form>
        }
      >
        <div class="form dialog-body">
          <div class="alert alert-warning" role="status">
            This is the only time the key is shown. Copy it now and store it in your integration's secret store; if it
            is lost, revoke it and create another.
          </div>
          <div class="field">
            <label for="new-key">API key</label>
            <div class="copy-row">
              <input id="new-key" class="key-field" readOnly value={key()} ref={keyField} spellcheck={false} />
              <button type="button" class="btn btn-secondary" onClick={copy}>
                {copied() ? "Copied" : "Copy"}
              </button>
            </div>
          </div>
          <Show when={error()}>
            <div class="alert alert-error" role="alert">
              {error()}
            </div>
          </Show>
          <div class="dialog-actions">
            <button type="button" class="btn btn-primary" onClick={() => close()}>
              Done
            </button>
          </div>
        </div>
      </Show>
    </dialog>
  );
}

function KeysTable(props: { items: ApiKey[]; now: number; onRevoked: () => void }) {
  const [error, setError] = createSignal<string>();

  const revoke = async (id: string) => {
    setError(undefined);
    try {
      await send(endpoint[":id"].$delete({ param: { id } }, JSON_HEADERS));
      props.onRevoked();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  const columns: Column<ApiKey>[] = [
    { id: "name", header: "Name", rowHeader: true, cell: (k) => k.name },
    { id: "key", header: "Key", class: "nowrap", cell: (k) => <code>dmk_{k.prefix}_…</code> },
    {
      id: "scopes",
      header: "Scopes",
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
      header: "Created",
      class: "nowrap",
      cell: (k) => <RelativeTime at={k.createdAt} now={props.now} fallback="—" />,
    },
    {
      id: "expires",
      header: "Expires",
      class: "nowrap",
      cell: (k) => (
        <Show when={k.expiresAt} fallback={<span class="muted">Never</span>}>
          {(at) => <time datetime={at()}>{absoluteTime(at())}</time>}
        </Show>
      ),
    },
    {
      id: "used",
      header: "Last used",
      class: "nowrap",
      cell: (k) => <RelativeTime at={k.lastUsedAt} now={props.now} fallback="Never" />,
    },
    {
      id: "status",
      header: "Status",
      cell: (k) => <Badge tone={statusTone[k.status]}>{statusLabel[k.status]}</Badge>,
    },
    {
      id: "actions",
      header: <span class="sr-only">Actions</span>,
      label: "Actions",
      class: "nowrap",
      cell: (k) => (
        <Show when={k.status !== "revoked"}>
          <ConfirmAction
            label="Revoke"
            prompt={<>Revoke “{k.name}”? Calls with it stop at once.</>}
            confirmLabel="Confirm revoke"
            danger
            quiet
            busyLabel="Revoking…"
            run={() => revoke(k.id)}
          />
        </Show>
      ),
    },
  ];

  return (
    <>
      <ErrorAlert message={error() && `Could not revoke the key: ${error()}`} />
      <DataTable
        class="keys-table"
        labelledBy="api-keys-title"
        columns={columns}
        rows={props.items}
        rowKey={(k) => k.id}
      />
    </>
  );
}

/** API keys for integrations: who has one, what it may do, when it was last used; create and revoke. */
export function ApiKeysPage() {
  useTitle("API keys");
  const now = useNow();
  const [items, setItems] = createSignal<ApiKey[]>();
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);
  let dialog: HTMLDialogElement | undefined;

  const load = async () => {
    setLoading(true);
    try {
      const res = await send(endpoint.$get());
      setItems((await res.json()).items);
      setError(undefined);
    } catch (failure) {
      setItems(undefined);
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setLoading(false);
    }
  };
  onMount(load);

  return (
    <div class="page">
      <PageHeader
        title={<>API keys</>}
        sub={
          <>
            Keys let integrations call the API with the scopes you choose. Send one as{" "}
            <code>Authorization: Bearer dmk_…</code> or <code>X-API-Key</code>.
          </>
        }
        actions={
          <button type="button" class="btn btn-primary" onClick={() => dialog?.showModal()}>
            <PlusIcon />
            Create API key
          </button>
        }
      />

      <CreateDialog
        ref={(el) => {
          dialog = el;
        }}
        onCreated={load}
        onClose={() => dialog?.close()}
      />

      <Switch>
        <Match when={error()}>
          <ErrorState title="Could not load the API keys" detail={error() ?? ""} onRetry={load} busy={loading()} />
        </Match>
        <Match when={items()}>
          {(list) => (
            <Panel
              id="api-keys-title"
              title={<>Keys</>}
              sub="Newest first. The secret part of a key is never shown again."
            >
              <Show
                when={list().length > 0}
                fallback={
                  <EmptyState icon={<KeyIcon />} title="No API keys yet">
                    Create one for each integration, with only the scopes it needs.
                  </EmptyState>
                }
              >
                <KeysTable items={list()} now={now()} onRevoked={load} />
              </Show>
            </Panel>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <For each={[1, 2, 3]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
