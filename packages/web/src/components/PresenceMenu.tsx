import type { InferResponseType } from "hono/client";
import { createSignal, For, onCleanup, onMount } from "solid-js";
import { client, errorMessage, read } from "../api";
import { t } from "../i18n";

const endpoint = client.api.v1.inbox.presence;
type Presence = InferResponseType<typeof endpoint.$get, 200>;
type Choice = "online" | "away" | "offline" | "auto";
const choices: Choice[] = ["online", "away", "offline", "auto"];

/** While "online" is the agent's own choice, the open app keeps it fresh (the server counts 5 minutes). */
const BEAT_MS = 60_000;

/**
 * The agent's status in the top bar: a button showing it (online / away / offline) that opens a
 * labelled radio group. The choice is kept on the server and routing follows it: away and offline get
 * no new conversations; "automatic" follows the live connection.
 */
export function PresenceMenu() {
  const [presence, setPresence] = createSignal<Presence>();
  const [open, setOpen] = createSignal(false);
  const [failure, setFailure] = createSignal<string>();
  let root: HTMLDivElement | undefined;
  let button: HTMLButtonElement | undefined;

  const refresh = async () => {
    try {
      setPresence(await read(endpoint.$get()));
    } catch {
      // The button keeps the last known state; the next refresh tries again.
    }
  };
  const choose = async (choice: Choice) => {
    setFailure(undefined);
    try {
      setPresence(await read(endpoint.$put({ json: { status: choice === "auto" ? null : choice } })));
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !open()) return;
    setOpen(false);
    button?.focus();
  };
  const onClick = (event: MouseEvent) => root && !root.contains(event.target as Node) && setOpen(false);
  onMount(() => {
    void refresh();
    const timer = setInterval(() => {
      if (presence()?.manualStatus === "online") void read(endpoint.heartbeat.$post()).then(setPresence, () => {});
      else void refresh();
    }, BEAT_MS);
    document.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    onCleanup(() => {
      clearInterval(timer);
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    });
  });
  const state = () => presence()?.presence ?? "offline";
  const current = (): Choice => presence()?.manualStatus ?? "auto";
  return (
    <div class="prefs presence" ref={root}>
      <button
        ref={button}
        type="button"
        class="btn btn-topbar presence-button"
        aria-label={t("widgets.presence.button", { state: t(`widgets.presence.${state()}`) })}
        aria-expanded={open()}
        aria-controls="presence-panel"
        onClick={() => setOpen((v) => !v)}
      >
        <span class="presence-dot" data-state={state()} aria-hidden="true" />
        <span class="hide-narrow" aria-hidden="true">
          {t(`widgets.presence.${state()}`)}
        </span>
      </button>
      <div id="presence-panel" class="prefs-panel presence-panel" hidden={!open()}>
        <fieldset class="presence-choices">
          <legend>{t("widgets.presence.legend")}</legend>
          <For each={choices}>
            {(choice) => (
              <label class="presence-choice">
                <input
                  type="radio"
                  name="presence"
                  value={choice}
                  checked={current() === choice}
                  onChange={() => void choose(choice)}
                />
                <span>
                  <span class="presence-choice-name">{t(`widgets.presence.choice.${choice}`)}</span>
                  <span class="presence-choice-hint">{t(`widgets.presence.hint.${choice}`)}</span>
                </span>
              </label>
            )}
          </For>
        </fieldset>
        <p class="presence-error" role="alert" hidden={!failure()}>
          {failure()}
        </p>
      </div>
    </div>
  );
}
