import { createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { authApi, errorMessage, type PortalName, portalBase } from "../../api";
import { t } from "../../i18n";
import { me, setMe } from "../../session";
import { Badge, ErrorState, Panel, Spinner } from "../ui";

export const homeOf = (portal: PortalName) => (portal === "staff" ? "/" : portalBase(portal));

/** A six-digit code field with the right keyboard and autofill hints. */
export function CodeField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  error?: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        class="code-input"
        inputmode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      />
    </div>
  );
}

/** The recovery codes, shown once, with copy and download. */
export function RecoveryCodes(props: { codes: string[] }) {
  const [copied, setCopied] = createSignal(false);
  const text = () => `${t("account.mfa.codesFile")}\n\n${props.codes.join("\n")}\n`;
  const copy = async () => {
    await navigator.clipboard?.writeText(text()).catch(() => undefined);
    setCopied(true);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text()], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "dotmac-recovery-codes.txt";
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div class="recovery">
      <p class="alert alert-warning" role="status">
        {t("account.mfa.saveCodes")}
      </p>
      <ol class="recovery-codes" aria-label={t("account.mfa.codesLabel")}>
        <For each={props.codes}>{(code) => <li>{code}</li>}</For>
      </ol>
      <div class="button-row">
        <button type="button" class="btn" onClick={copy}>
          {copied() ? t("account.mfa.copied") : t("account.mfa.copy")}
        </button>
        <button type="button" class="btn" onClick={download}>
          {t("account.mfa.download")}
        </button>
      </div>
    </div>
  );
}

/**
 * Enrolment: a new secret as a QR code (and typed form), confirmed with a code from the app, then the
 * recovery codes once. `onDone` runs after the user has seen the codes.
 */
export function MfaEnrol(props: { portal: PortalName; onDone: () => void }) {
  const auth = authApi(props.portal);
  const [enrolment, setEnrolment] = createSignal<{ secret: string; qrSvg: string }>();
  const [codes, setCodes] = createSignal<string[]>();
  const [code, setCode] = createSignal("");
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setEnrolment(await auth.mfaSetup());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  onMount(start);

  const confirm = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      setCodes((await auth.mfaConfirm(code().trim())).recoveryCodes);
    } catch (failure) {
      setError(errorMessage(failure));
      setCode("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Switch>
      <Match when={codes()}>
        {(list) => (
          <>
            <p class="alert alert-success" role="status">
              {t("account.mfa.isOn")}
            </p>
            <RecoveryCodes codes={list()} />
            <button type="button" class="btn btn-primary" onClick={() => props.onDone()}>
              {t("account.mfa.saved")}
            </button>
          </>
        )}
      </Match>
      <Match when={enrolment()}>
        {(e) => (
          <form class="form mfa-enrol" onSubmit={confirm}>
            <ol class="steps">
              <li>{t("account.mfa.stepApp")}</li>
              <li>{t("account.mfa.stepScan")}</li>
            </ol>
            <img
              class="qr"
              width="200"
              height="200"
              src={`data:image/svg+xml;base64,${btoa(e().qrSvg)}`}
              alt={t("account.mfa.qr")}
            />
            <p class="secret">
              <span class="muted">{t("account.mfa.key")}</span>
              <code data-testid="totp-secret">
                {e()
                  .secret.replace(/(.{4})/g, "$1 ")
                  .trim()}
              </code>
            </p>
            <Show when={error()}>
              <div class="alert alert-error" role="alert" id="mfa-code-error">
                {error()}
              </div>
            </Show>
            <CodeField
              id="mfa-code"
              label={t("account.mfa.enterCode")}
              value={code()}
              onInput={setCode}
              error={error()}
            />
            <button type="submit" class="btn btn-primary" disabled={busy()} aria-busy={busy()}>
              <Show when={busy()} fallback={t("account.mfa.turnOn")}>
                <Spinner />
                {t("account.mfa.checking")}
              </Show>
            </button>
          </form>
        )}
      </Match>
      <Match when={error()}>
        <ErrorState title={t("account.mfa.startFailed")} detail={error() ?? ""} onRetry={start} />
      </Match>
      <Match when={true}>
        <Spinner label={t("account.mfa.preparing")} />
      </Match>
    </Switch>
  );
}

/** The Profile section: status, and turning MFA on, off, or replacing the recovery codes. */
export function MfaSection(props: { portal: PortalName }) {
  const auth = authApi(props.portal);
  const [mode, setMode] = createSignal<"idle" | "enrol" | "disable" | "regenerate">("idle");
  const [code, setCode] = createSignal("");
  const [codes, setCodes] = createSignal<string[]>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const enabled = () => me()?.user.mfaEnabled ?? false;

  const refresh = async () => setMe((await auth.me()) ?? null);

  const act = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      if (mode() === "disable") {
        await auth.mfaDisable(code().trim());
        setMode("idle");
      } else {
        setCodes((await auth.mfaRecoveryCodes(code().trim())).recoveryCodes);
        setMode("idle");
      }
      setCode("");
      await refresh();
    } catch (failure) {
      setError(errorMessage(failure));
      setCode("");
    } finally {
      setBusy(false);
    }
  };

  const open = (next: "enrol" | "disable" | "regenerate") => {
    setCodes(undefined);
    setError(undefined);
    setCode("");
    setMode(next);
  };

  return (
    <Panel id="mfa" title={t("account.mfa.title")} sub={t("account.mfa.sub")}>
      <div class="panel-body">
        <Show when={mode() !== "enrol"}>
          <div class="mfa-status">
            <Show when={enabled()} fallback={<Badge tone="neutral">{t("account.mfa.off")}</Badge>}>
              <Badge tone="success">{t("account.mfa.on")}</Badge>
              <span class="muted">{t("account.mfa.codesLeft", me()?.recoveryCodesLeft ?? 0)}</span>
            </Show>
          </div>
        </Show>
        <Show when={codes()}>{(list) => <RecoveryCodes codes={list()} />}</Show>
        <Switch>
          <Match when={mode() === "enrol"}>
            <MfaEnrol
              portal={props.portal}
              onDone={async () => {
                setMode("idle");
                await refresh();
              }}
            />
          </Match>
          <Match when={mode() === "disable" || mode() === "regenerate"}>
            <form class="form" onSubmit={act}>
              <Show when={error()}>
                <div class="alert alert-error" role="alert" id="mfa-action-error">
                  {error()}
                </div>
              </Show>
              <CodeField
                id="mfa-action-code"
                label={t("account.mfa.codeLabel")}
                value={code()}
                onInput={setCode}
                error={error()}
              />
              <div class="button-row">
                <button
                  type="submit"
                  class={mode() === "disable" ? "btn btn-danger" : "btn btn-primary"}
                  disabled={busy()}
                  aria-busy={busy()}
                >
                  {mode() === "disable" ? t("account.mfa.turnOff") : t("account.mfa.replaceCodes")}
                </button>
                <button type="button" class="btn" onClick={() => setMode("idle")}>
                  {t("account.mfa.cancel")}
                </button>
              </div>
            </form>
          </Match>
          <Match when={mode() === "idle"}>
            <Show
              when={enabled()}
              fallback={
                <>
                  <p class="muted">{t("account.mfa.pitch")}</p>
                  <button type="button" class="btn btn-primary" onClick={() => open("enrol")}>
                    {t("account.mfa.setUp")}
                  </button>
                </>
              }
            >
              <div class="button-row">
                <button type="button" class="btn" onClick={() => open("regenerate")}>
                  {t("account.mfa.newCodes")}
                </button>
                <Show when={!me()?.mfaRequired} fallback={<span class="muted">{t("account.mfa.required")}</span>}>
                  <button type="button" class="btn btn-danger-outline" onClick={() => open("disable")}>
                    {t("account.mfa.turnOff")}
                  </button>
                </Show>
              </div>
            </Show>
          </Match>
        </Switch>
      </div>
    </Panel>
  );
}
