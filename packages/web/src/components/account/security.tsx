import { useNavigate } from "@solidjs/router";
import { createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { ApiError, authApi, type PortalName, portalBase, type Session } from "../../api";
import { useNow } from "../../format";
import { setUser } from "../../session";
import { AlertIcon, UserIcon } from "../icons";
import { ConfirmAction } from "../kit/ConfirmAction";
import { Badge, EmptyState, ErrorState, Panel, RelativeTime, Skeleton } from "../ui";
import { MfaSection } from "./mfa";

/** "Mozilla/5.0 (X11; Linux x86_64) … Chrome/140…" → "Chrome on Linux": enough to recognise a device. */
export function describeAgent(agent: string | null): string {
  if (!agent) return "Unknown device";
  const browser = /Edg\//.test(agent)
    ? "Edge"
    : /Firefox\//.test(agent)
      ? "Firefox"
      : /Chrome\//.test(agent)
        ? "Chrome"
        : /Safari\//.test(agent)
          ? "Safari"
          : undefined;
  const os = /Android/.test(agent)
    ? "Android"
    : /iPhone|iPad/.test(agent)
      ? "iOS"
      : /Windows/.test(agent)
        ? "Windows"
        : /Mac OS X/.test(agent)
          ? "macOS"
          : /Linux/.test(agent)
            ? "Linux"
            : undefined;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? agent.slice(0, 60);
}

/** Current, new and confirmation; field errors come from the server's problem+json. */
export function PasswordForm(props: { portal: PortalName; onChanged: () => void }) {
  const [current, setCurrent] = createSignal("");
  const [next, setNext] = createSignal("");
  const [confirm, setConfirm] = createSignal("");
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    if (next() !== confirm()) {
      setError("The new password and its confirmation do not match.");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await authApi(props.portal).changePassword(current(), next());
      props.onChanged();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form profile-form" onSubmit={submit}>
      <div class="field">
        <label for="current-password">Current password</label>
        <input
          id="current-password"
          type="password"
          autocomplete="current-password"
          required
          value={current()}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="new-password">New password</label>
        <input
          id="new-password"
          type="password"
          autocomplete="new-password"
          required
          minLength={12}
          aria-describedby="new-password-hint"
          value={next()}
          onInput={(e) => setNext(e.currentTarget.value)}
        />
        <span class="field-hint" id="new-password-hint">
          At least 12 characters. Every device signed in as you will be signed out.
        </span>
      </div>
      <div class="field">
        <label for="confirm-password">Confirm new password</label>
        <input
          id="confirm-password"
          type="password"
          autocomplete="new-password"
          required
          value={confirm()}
          onInput={(e) => setConfirm(e.currentTarget.value)}
        />
      </div>
      <Show when={error()}>
        <div class="alert alert-error alert-row" role="alert">
          <AlertIcon />
          <span>{error()}</span>
        </div>
      </Show>
      <div>
        <button type="submit" class="btn btn-primary" disabled={busy()}>
          {busy() ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}

export function SessionsTable(props: {
  portal: PortalName;
  items: Session[];
  now: number;
  onRevoked: (current: boolean) => void;
}) {
  const [error, setError] = createSignal<string>();

  const revoke = async (s: Session) => {
    setError(undefined);
    try {
      await authApi(props.portal).revokeSession(s.id);
      props.onRevoked(s.current);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <>
      <Show when={error()}>
        <div class="alert alert-error alert-row" role="alert">
          <AlertIcon />
          <span>Could not sign out that session: {error()}</span>
        </div>
      </Show>
      <div class="table-wrap">
        <table class="table table-stack sessions-table">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">IP address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.items}>
              {(s) => (
                <tr>
                  <th scope="row" class="row-title">
                    <div>
                      {describeAgent(s.userAgent)}{" "}
                      <Show when={s.current}>
                        <Badge tone="success">This device</Badge>
                      </Show>
                      <span class="sub" title={s.userAgent ?? undefined}>
                        {s.userAgent ? s.userAgent.slice(0, 80) : "No user agent sent"}
                      </span>
                    </div>
                  </th>
                  <td data-label="IP address" class="nowrap">
                    {s.ip ?? <span class="muted">Unknown</span>}
                  </td>
                  <td data-label="Signed in" class="nowrap">
                    <RelativeTime at={s.createdAt} now={props.now} />
                  </td>
                  <td data-label="Last used" class="nowrap">
                    <RelativeTime at={s.lastUsedAt} now={props.now} />
                  </td>
                  <td data-label="Actions" class="nowrap">
                    <ConfirmAction
                      label={s.current ? "Sign out" : "Revoke"}
                      prompt={s.current ? "Sign out this device?" : "Sign out that device now?"}
                      confirmLabel="Confirm"
                      danger
                      quiet
                      busyLabel="Revoking…"
                      run={() => revoke(s)}
                    />
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * A signed-in account's security, in any portal: change the password, two-factor authentication,
 * and the sessions where it is signed in (ending any of them).
 */
export function AccountSecurity(props: { portal: PortalName }) {
  const navigate = useNavigate();
  const now = useNow();
  const auth = authApi(props.portal);
  const [items, setItems] = createSignal<Session[]>();
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);

  const load = async () => {
    setLoading(true);
    try {
      setItems(await auth.sessions());
      setError(undefined);
    } catch (failure) {
      setItems(undefined);
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setLoading(false);
    }
  };
  onMount(load);

  /** Every session ended (password changed) or this one did: back to sign-in. */
  const signedOut = (reason: string) => {
    setUser(null);
    navigate(`${portalBase(props.portal)}/login?reason=${reason}`, { replace: true });
  };

  return (
    <>
      <Panel id="password-title" title={<>Change password</>} sub="You will be signed out everywhere, this device too.">
        <PasswordForm portal={props.portal} onChanged={() => signedOut("password-changed")} />
      </Panel>

      <MfaSection portal={props.portal} />

      <Switch>
        <Match when={error()}>
          <ErrorState title="Could not load your sessions" detail={error() ?? ""} onRetry={load} busy={loading()} />
        </Match>
        <Match when={items()}>
          {(list) => (
            <Panel id="sessions-title" title={<>Sessions</>} sub="Where you are signed in, newest first.">
              <Show when={list().length > 0} fallback={<EmptyState icon={<UserIcon />} title="No active sessions" />}>
                <SessionsTable
                  portal={props.portal}
                  items={list()}
                  now={now()}
                  onRevoked={(current) => (current ? signedOut("signed-out") : load())}
                />
              </Show>
            </Panel>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <For each={[1, 2]}>{() => <Skeleton class="sk-row" />}</For>
          </div>
        </Match>
      </Switch>
    </>
  );
}

/** The signed-in staff user's account. */
